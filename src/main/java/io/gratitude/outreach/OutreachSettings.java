package io.gratitude.outreach;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Planning and dispatch settings ({@code gratitude.outreach.*}).
 *
 * @param planInterval how often the plan job runs
 * @param horizon how far ahead dated occasions are planned; at least 26 h so that every
 * zone's morning is planned in time (UTC+14 to UTC-12)
 * @param maxLookback after downtime, how far back missed occasions are still planned (as
 * SKIPPED too late, or sent when still within their lateness)
 * @param dispatchInterval how often the dispatch job looks for due rows
 * @param batchSize rows claimed at once by one worker
 * @param lease how long a claimed row may stay SENDING before recovery returns it to the
 * queue
 * @param maxRunTime how long one dispatch run may keep claiming batches
 * @param recoveryInterval how often expired leases are looked for
 * @param retryBase first retry delay after a transient failure; doubles each attempt
 * @param retryMax cap of the retry delay
 */
@ConfigurationProperties("gratitude.outreach")
public record OutreachSettings(@DefaultValue("5m") Duration planInterval, @DefaultValue("48h") Duration horizon,
		@DefaultValue("7d") Duration maxLookback, @DefaultValue("2s") Duration dispatchInterval,
		@DefaultValue("200") int batchSize, @DefaultValue("5m") Duration lease,
		@DefaultValue("20s") Duration maxRunTime, @DefaultValue("30s") Duration recoveryInterval,
		@DefaultValue("5m") Duration retryBase, @DefaultValue("1h") Duration retryMax) {

	public OutreachSettings {
		if (horizon.compareTo(Duration.ofHours(26)) < 0) {
			throw new IllegalArgumentException("gratitude.outreach.horizon must be at least 26h (UTC+14 to UTC-12)");
		}
		if (batchSize < 1 || batchSize > 10_000) {
			throw new IllegalArgumentException("gratitude.outreach.batch-size must be between 1 and 10000");
		}
	}

}
