package io.gratitude.outreach;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The three Quartz jobs, whatever the number of contacts or messages: plan, dispatch and
 * recover. Quartz is the clock and the cluster coordinator (JDBC job store); the outreach
 * table is the queue. Jobs are thin: each calls one feature method.
 */
@Configuration(proxyBeanMethods = false)
class OutreachJobs {

	@Bean
	JobDetail planJob() {
		return JobBuilder.newJob(PlanJob.class).withIdentity("plan", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger planTrigger(JobDetail planJob, OutreachSettings settings) {
		return every(planJob, "plan", settings.planInterval().toMillis());
	}

	@Bean
	JobDetail dispatchJob() {
		return JobBuilder.newJob(DispatchJob.class).withIdentity("dispatch", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger dispatchTrigger(JobDetail dispatchJob, OutreachSettings settings) {
		return every(dispatchJob, "dispatch", settings.dispatchInterval().toMillis());
	}

	@Bean
	JobDetail recoveryJob() {
		return JobBuilder.newJob(RecoveryJob.class).withIdentity("recover", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger recoveryTrigger(JobDetail recoveryJob, OutreachSettings settings) {
		return every(recoveryJob, "recover", settings.recoveryInterval().toMillis());
	}

	private static Trigger every(JobDetail job, String name, long millis) {
		// Missed firings (a busy pool, a pause) are dropped, not replayed in a burst:
		// every run
		// looks at the whole due table anyway.
		return TriggerBuilder.newTrigger()
			.forJob(job)
			.withIdentity(name, "gratitude")
			.startNow()
			.withSchedule(SimpleScheduleBuilder.simpleSchedule()
				.withIntervalInMilliseconds(millis)
				.repeatForever()
				.withMisfireHandlingInstructionNextWithRemainingCount())
			.build();
	}

	/** Plans dated occasions up to the horizon; one node at a time in the cluster. */
	@DisallowConcurrentExecution
	static class PlanJob extends QuartzJobBean {

		private final Planner planner;

		PlanJob(Planner planner) {
			this.planner = planner;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			this.planner.planOccasions();
		}

	}

	/**
	 * Sends due outreach. Concurrent runs (on this node or others) are safe and welcome:
	 * claims use SKIP LOCKED, so each run takes different rows. With a backlog, a run
	 * asks for another one at once (a one-off firing of this job, taken by whichever node
	 * has a free thread), up to the node's connection slots.
	 */
	static class DispatchJob extends QuartzJobBean {

		private static final Logger log = LoggerFactory.getLogger(DispatchJob.class);

		private final Dispatcher dispatcher;

		DispatchJob(Dispatcher dispatcher) {
			this.dispatcher = dispatcher;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			this.dispatcher.dispatchDue(() -> {
				try {
					context.getScheduler().triggerJob(context.getJobDetail().getKey());
				}
				catch (SchedulerException ex) {
					// The next regular firing starts it instead.
					log.warn("could not start another dispatch run: {}", ex.getMessage());
				}
			});
		}

	}

	/**
	 * Returns rows whose lease expired to the queue, then holds the waiting rows of
	 * paused campaigns (among them any it just returned).
	 */
	@DisallowConcurrentExecution
	static class RecoveryJob extends QuartzJobBean {

		private final Recovery recovery;

		private final CampaignControl campaigns;

		RecoveryJob(Recovery recovery, CampaignControl campaigns) {
			this.recovery = recovery;
			this.campaigns = campaigns;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			this.recovery.recoverExpiredLeases();
			this.campaigns.holdStragglers();
		}

	}

}
