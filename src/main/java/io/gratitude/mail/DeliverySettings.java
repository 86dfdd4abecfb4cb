package io.gratitude.mail;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Delivery settings ({@code gratitude.delivery.*}). The SMTP timeouts themselves are the
 * standard {@code spring.mail.properties.mail.smtp.connectiontimeout}, {@code timeout}
 * and {@code writetimeout}.
 *
 * @param outagePause how long this node stops claiming after the mail server could not be
 * reached (refused, connect timeout, 421 greeting); doubles with each further failure
 * @param outagePauseMax the cap of that pause
 * @param maxPerMinute the messages a partner may send per minute, counted across the
 * cluster, unless the partner has a limit of its own; 0 for no limit
 * @param maxConnections the SMTP connections this node may have open at once (each
 * dispatch batch holds one, and so does a template test send), 1 to
 * {@value #MAX_CONNECTIONS}; a dispatch run with a backlog sends over that many at once,
 * so it also bounds the node's dispatch workers
 * @param healthCheckInterval how long the {@code mail} health check's answer is reused
 * before the server is asked again (one connect and QUIT), so that probes and scrapes
 * never hammer it
 * @param healthCheckTimeout the connect and read timeout of that check: shorter than the
 * sending timeouts, so a health request never hangs on a stalled server
 */
@ConfigurationProperties("gratitude.delivery")
public record DeliverySettings(@DefaultValue("5s") Duration outagePause, @DefaultValue("5m") Duration outagePauseMax,
		@DefaultValue("600") int maxPerMinute, @DefaultValue("8") int maxConnections,
		@DefaultValue("1m") Duration healthCheckInterval, @DefaultValue("3s") Duration healthCheckTimeout) {

	/**
	 * The largest messages-per-minute limit, the configured default or a partner's own.
	 */
	public static final int MAX_PER_MINUTE = 100_000;

	/** The largest number of SMTP connections one node may open at once. */
	public static final int MAX_CONNECTIONS = 1_000;

	public DeliverySettings {
		if (outagePause.isNegative() || outagePause.isZero()) {
			throw new IllegalArgumentException("gratitude.delivery.outage-pause must be positive");
		}
		if (outagePauseMax.compareTo(outagePause) < 0) {
			throw new IllegalArgumentException(
					"gratitude.delivery.outage-pause-max must be at least gratitude.delivery.outage-pause");
		}
		if (maxPerMinute < 0 || maxPerMinute > MAX_PER_MINUTE) {
			throw new IllegalArgumentException(
					"gratitude.delivery.max-per-minute must be between 0 (no limit) and " + MAX_PER_MINUTE);
		}
		if (maxConnections < 1 || maxConnections > MAX_CONNECTIONS) {
			throw new IllegalArgumentException(
					"gratitude.delivery.max-connections must be between 1 and " + MAX_CONNECTIONS);
		}
		if (healthCheckInterval.isNegative()) {
			throw new IllegalArgumentException("gratitude.delivery.health-check-interval must not be negative");
		}
		if (healthCheckTimeout.isNegative() || healthCheckTimeout.isZero()
				|| healthCheckTimeout.compareTo(Duration.ofMinutes(1)) > 0) {
			throw new IllegalArgumentException(
					"gratitude.delivery.health-check-timeout must be positive and at most 1m");
		}
	}

}
