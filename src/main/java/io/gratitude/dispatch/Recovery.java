package io.gratitude.dispatch;

import io.gratitude.outreach.LeasesRecovered;
import io.gratitude.outreach.OutreachQueue;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/**
 * Returns outreach stuck in SENDING past its lease (its node died or hung) to the queue.
 */
@Component
public class Recovery {

	private static final Logger log = LoggerFactory.getLogger(Recovery.class);

	private final OutreachQueue queue;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	Recovery(OutreachQueue queue, Clock clock, ApplicationEventPublisher events) {
		this.queue = queue;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * Moves every expired SENDING row to RETRY; idempotent. Then publishes
	 * {@link LeasesRecovered}, whose listeners (campaigns holding their stragglers) run
	 * before this returns. Returns how many were recovered.
	 */
	public int recoverExpiredLeases() {
		int recovered = this.queue.recoverExpiredLeases(this.clock.instant());
		if (recovered > 0) {
			log.warn(
					"recovered {} outreach rows whose lease expired in SENDING; they will be sent again with the same Message-ID",
					recovered);
		}
		this.events.publishEvent(new LeasesRecovered(recovered, this.clock.instant()));
		return recovered;
	}

}
