package io.gratitude.planning;

import io.gratitude.outreach.OutreachSettings;
import io.gratitude.system.RepeatingTrigger;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The plan job: every {@code gratitude.outreach.plan-interval}, turns dated occasions up
 * to the horizon into outreach rows. Thin: {@link Planner#planOccasions()} is idempotent
 * on the (program, contact, occasion) key.
 */
@Configuration(proxyBeanMethods = false)
class PlanningJobs {

	@Bean
	JobDetail planJob() {
		return JobBuilder.newJob(PlanJob.class).withIdentity("plan", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger planTrigger(JobDetail planJob, OutreachSettings settings) {
		return RepeatingTrigger.every(planJob, settings.planInterval());
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

}
