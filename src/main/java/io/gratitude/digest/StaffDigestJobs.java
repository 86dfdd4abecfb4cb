package io.gratitude.digest;

import io.gratitude.system.RepeatingTrigger;

import java.time.Duration;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/**
 * The staff digest's Quartz job: every {@code gratitude.digest.interval} (default 5
 * minutes) it sends the digests that are due. Thin, like the dispatch jobs: the
 * once-per-partner-per-day guarantee is the database's (see {@link StaffDigestSender}),
 * not the scheduler's.
 */
@Configuration(proxyBeanMethods = false)
class StaffDigestJobs {

	@Bean
	JobDetail staffDigestJob() {
		return JobBuilder.newJob(DigestJob.class).withIdentity("staff-digest", "gratitude").storeDurably().build();
	}

	@Bean
	Trigger staffDigestTrigger(JobDetail staffDigestJob, @Value("${gratitude.digest.interval:5m}") Duration interval) {
		return RepeatingTrigger.every(staffDigestJob, interval);
	}

	/** Sends the due digests; one run at a time in the cluster. */
	@DisallowConcurrentExecution
	static class DigestJob extends QuartzJobBean {

		private final StaffDigestSender sender;

		DigestJob(StaffDigestSender sender) {
			this.sender = sender;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			this.sender.sendDue();
		}

	}

}
