package io.gratitude.dispatch;

import io.gratitude.outreach.OutreachSettings;
import io.gratitude.system.RepeatingTrigger;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The dispatch and recovery Quartz jobs, whatever the number of contacts or messages
 * (planning has its own, {@code PlanningJobs}). Quartz is the clock and the cluster
 * coordinator (JDBC job store); the outreach table is the queue. Jobs are thin: each
 * calls one feature method.
 */
@Configuration(proxyBeanMethods = false)
public class DispatchJobs {

	@Bean
	JobDetail dispatchJob() {
		return JobBuilder.newJob(DispatchJob.class).withIdentity("dispatch", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger dispatchTrigger(JobDetail dispatchJob, OutreachSettings settings) {
		return RepeatingTrigger.every(dispatchJob, settings.dispatchInterval());
	}

	@Bean
	JobDetail recoveryJob() {
		return JobBuilder.newJob(RecoveryJob.class).withIdentity("recover", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger recoveryTrigger(JobDetail recoveryJob, OutreachSettings settings) {
		return RepeatingTrigger.every(recoveryJob, settings.recoveryInterval());
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
	 * Returns rows whose lease expired to the queue; the campaigns then hold the waiting
	 * rows of paused campaigns (among them any it just returned) on the event recovery
	 * publishes.
	 */
	@DisallowConcurrentExecution
	static class RecoveryJob extends QuartzJobBean {

		private final Recovery recovery;

		RecoveryJob(Recovery recovery) {
			this.recovery = recovery;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			this.recovery.recoverExpiredLeases();
		}

	}

}
