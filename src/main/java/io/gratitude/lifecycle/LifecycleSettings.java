package io.gratitude.lifecycle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The relationship lifecycle review's settings ({@code gratitude.lifecycle.*}).
 *
 * @param reviewInterval how often the review (tenure promotions, at-risk episodes) runs;
 * each run is idempotent, so hourly finds each partner's day turning over in its own zone
 * within the hour
 */
@ConfigurationProperties("gratitude.lifecycle")
public record LifecycleSettings(@DefaultValue("1h") Duration reviewInterval) {

	public LifecycleSettings {
		if (reviewInterval.compareTo(Duration.ofMinutes(1)) < 0) {
			throw new IllegalArgumentException("gratitude.lifecycle.review-interval must be at least 1m");
		}
	}

}
