package io.gratitude.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * Whether the mail server is worth talking to: after it could not be reached, this node
 * leaves it alone for a pause that doubles with each further failure (from
 * {@code gratitude.delivery.outage-pause} up to {@code outage-pause-max}), instead of
 * hammering it once per message or per dispatch run. The first session that opens again
 * closes the circuit. Kept per node, in memory: a restart simply tries at once.
 * Thread-safe.
 */
@Component
public class TransportHealth {

	private final DeliverySettings settings;

	private final Clock clock;

	private int failures;

	private Instant pausedUntil = Instant.EPOCH;

	TransportHealth(DeliverySettings settings, Clock clock) {
		this.settings = settings;
		this.clock = clock;
	}

	/** Whether messages may be sent now (no outage pause is running). */
	public synchronized boolean available() {
		return !this.clock.instant().isBefore(this.pausedUntil);
	}

	/** When the current outage pause ends; in the past when there is none. */
	public synchronized Instant pausedUntil() {
		return this.pausedUntil;
	}

	/**
	 * Records that no session could be opened and starts (or lengthens) the pause.
	 * @return when sending may be tried again
	 */
	public synchronized Instant unreachable() {
		this.failures++;
		Duration first = this.settings.outagePause();
		Duration max = this.settings.outagePauseMax();
		int doublings = Math.min(this.failures - 1, 30);
		Duration pause = first.multipliedBy(1L << doublings);
		if (pause.compareTo(max) > 0 || pause.isNegative()) {
			pause = max;
		}
		this.pausedUntil = this.clock.instant().plus(pause);
		return this.pausedUntil;
	}

	/** Records that the server answered a message: the outage, if any, is over. */
	public synchronized void reachable() {
		this.failures = 0;
		this.pausedUntil = Instant.EPOCH;
	}

}
