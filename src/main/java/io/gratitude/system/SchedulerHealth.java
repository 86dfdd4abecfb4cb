package io.gratitude.system;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.Trigger.TriggerState;
import org.quartz.TriggerKey;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code scheduler} health check: UP while this node's Quartz scheduler is started
 * and not in standby, checks in with the cluster (its row in {@code QRTZ_SCHEDULER_STATE}
 * is younger than the check-in interval plus Quartz's 7.5 s grace, the point where the
 * other nodes would take it for dead and recover its jobs), and every trigger this
 * application defines (plan, dispatch, recover) is in the job store and neither paused
 * nor in error. Otherwise DOWN, with the reasons. Costs a few primary-key reads; fit for
 * every probe.
 * <p>
 * Part of the readiness group: a node whose scheduler does not run sends nothing.
 */
@Component("schedulerHealthIndicator")
class SchedulerHealth extends AbstractHealthIndicator {

	/** What Quartz stamps its check-ins with: the system clock, not Gratitude's. */
	private static final Clock QUARTZ_TIME = Clock.systemUTC();

	/**
	 * Quartz's own grace on top of the check-in interval before a node counts as dead.
	 */
	private static final long CHECKIN_GRACE_MS = 7_500;

	private static final Set<TriggerState> WORKING = EnumSet.of(TriggerState.NORMAL, TriggerState.BLOCKED);

	private final Scheduler scheduler;

	private final List<TriggerKey> triggers;

	private final JdbcClient jdbc;

	SchedulerHealth(Scheduler scheduler, List<Trigger> triggers, JdbcClient jdbc) {
		super("Scheduler health check failed");
		this.scheduler = scheduler;
		this.triggers = triggers.stream().map(Trigger::getKey).toList();
		this.jdbc = jdbc;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) throws SchedulerException {
		List<String> problems = new ArrayList<>();
		builder.withDetail("instanceId", this.scheduler.getSchedulerInstanceId());
		if (this.scheduler.isShutdown()) {
			problems.add("shut down");
		}
		else if (!this.scheduler.isStarted()) {
			problems.add("not started");
		}
		else if (this.scheduler.isInStandbyMode()) {
			problems.add("in standby: no trigger fires on this node");
		}
		if (this.scheduler.getMetaData().isJobStoreClustered()) {
			checkIn(builder, problems);
		}
		Map<String, String> states = new LinkedHashMap<>();
		for (TriggerKey key : this.triggers) {
			TriggerState state = this.scheduler.getTriggerState(key);
			states.put(key.getName(), state.name());
			if (!WORKING.contains(state)) {
				problems.add("trigger " + key + " is " + ((state == TriggerState.NONE) ? "missing" : state));
			}
		}
		builder.withDetail("triggers", states);
		if (problems.isEmpty()) {
			builder.up();
		}
		else {
			builder.down().withDetail("problems", problems);
		}
	}

	private void checkIn(Health.Builder builder, List<String> problems) throws SchedulerException {
		Optional<CheckIn> last = this.jdbc
			.sql("SELECT LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE"
					+ " WHERE SCHED_NAME = ? AND INSTANCE_NAME = ?")
			.params(this.scheduler.getSchedulerName(), this.scheduler.getSchedulerInstanceId())
			.query((rs, row) -> new CheckIn(rs.getLong(1), rs.getLong(2)))
			.optional();
		if (last.isEmpty()) {
			problems.add("no cluster check-in");
			return;
		}
		long now = QUARTZ_TIME.millis();
		builder.withDetail("lastCheckIn", Instant.ofEpochMilli(last.get().at()).toString());
		if (now - last.get().at() > last.get().interval() + CHECKIN_GRACE_MS) {
			problems.add("last cluster check-in " + (now - last.get().at()) / 1000
					+ " s ago: the other nodes take this one for dead");
		}
	}

	private record CheckIn(long at, long interval) {
	}

}
