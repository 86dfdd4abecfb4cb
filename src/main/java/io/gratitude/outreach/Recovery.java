package io.gratitude.outreach;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Returns outreach stuck in SENDING past its lease (its node died or hung) to the queue.
 */
@Component
public class Recovery {

	private static final Logger log = LoggerFactory.getLogger(Recovery.class);

	private final OutreachQueue queue;

	private final Clock clock;

	Recovery(OutreachQueue queue, Clock clock) {
		this.queue = queue;
		this.clock = clock;
	}

	/**
	 * Moves every expired SENDING row to RETRY; idempotent. Returns how many were
	 * recovered.
	 */
	public int recoverExpiredLeases() {
		int recovered = this.queue.recoverExpiredLeases(this.clock.instant());
		if (recovered > 0) {
			log.warn(
					"recovered {} outreach rows whose lease expired in SENDING; they will be sent again with the same Message-ID",
					recovered);
		}
		return recovered;
	}

}
