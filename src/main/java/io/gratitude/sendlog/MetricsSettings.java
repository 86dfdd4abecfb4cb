package io.gratitude.sendlog;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Metrics settings ({@code gratitude.metrics.*}).
 *
 * @param queueRefresh how long the queue gauges ({@link QueueMetrics}) reuse one reading
 * of the database, so that scrapes from every node never add more than two small queries
 * per node per period
 */
@ConfigurationProperties("gratitude.metrics")
record MetricsSettings(@DefaultValue("5s") Duration queueRefresh) {

	MetricsSettings {
		if (queueRefresh.isNegative()) {
			throw new IllegalArgumentException("gratitude.metrics.queue-refresh must not be negative");
		}
	}

}
