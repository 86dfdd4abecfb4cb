package io.gratitude.lifecycle;

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
 * The relationship lifecycle review as a Quartz job: one node at a time in the cluster
 * (JDBC job store, no concurrent execution), every review interval. Thin: it calls
 * {@link RelationshipLifecycle#reviewAll()}, which is idempotent.
 */
@Configuration(proxyBeanMethods = false)
class LifecycleJobs {

	@Bean
	JobDetail lifecycleReviewJob() {
		return JobBuilder.newJob(ReviewJob.class).withIdentity("lifecycle-review", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger lifecycleReviewTrigger(JobDetail lifecycleReviewJob, LifecycleSettings settings) {
		// The first run one interval after start: a rolling restart does not review
		// every partner once per node; missed firings are dropped, the next run sees all.
		return RepeatingTrigger.everyFromOneIntervalOn(lifecycleReviewJob, settings.reviewInterval());
	}

	/** Promotes by tenure and starts the at-risk episodes due, for every partner. */
	@DisallowConcurrentExecution
	static class ReviewJob extends QuartzJobBean {

		private final RelationshipLifecycle lifecycle;

		ReviewJob(RelationshipLifecycle lifecycle) {
			this.lifecycle = lifecycle;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			this.lifecycle.reviewAll();
		}

	}

}
