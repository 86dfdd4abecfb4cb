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
 */
@ConfigurationProperties("gratitude.delivery")
public record DeliverySettings(@DefaultValue("5s") Duration outagePause, @DefaultValue("5m") Duration outagePauseMax) {

	public DeliverySettings {
		if (outagePause.isNegative() || outagePause.isZero()) {
			throw new IllegalArgumentException("gratitude.delivery.outage-pause must be positive");
		}
		if (outagePauseMax.compareTo(outagePause) < 0) {
			throw new IllegalArgumentException(
					"gratitude.delivery.outage-pause-max must be at least gratitude.delivery.outage-pause");
		}
	}

}
