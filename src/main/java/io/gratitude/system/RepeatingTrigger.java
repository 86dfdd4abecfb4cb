package io.gratitude.system;

import java.time.Duration;
import java.util.Date;

import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * The one kind of Quartz trigger every feature's job uses: fire every interval, forever,
 * under the job's own name in the {@code gratitude} group. Missed firings (a busy pool, a
 * pause, a node down) are dropped, not replayed in a burst: every job looks at the whole
 * table it works on, so the next run catches up.
 */
public final class RepeatingTrigger {

	private RepeatingTrigger() {
	}

	/** Fires now, then every {@code interval}. */
	public static Trigger every(JobDetail job, Duration interval) {
		return build(job, interval, new Date());
	}

	/**
	 * Fires one interval from now, then every {@code interval}: for jobs a rolling
	 * restart must not run once per node.
	 */
	public static Trigger everyFromOneIntervalOn(JobDetail job, Duration interval) {
		// Quartz's own clock, not the application's: this is when the scheduler fires.
		return build(job, interval, new Date(System.currentTimeMillis() + interval.toMillis()));
	}

	private static Trigger build(JobDetail job, Duration interval, Date first) {
		return TriggerBuilder.newTrigger()
			.forJob(job)
			.withIdentity(job.getKey().getName(), "gratitude")
			.startAt(first)
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(interval.toMillis())
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

}
