package io.gratitude.partner;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How fast each API key may call: a token bucket per key, on each node, refilled at
 * {@code gratitude.api.rate-limit.per-second} with room for a burst of
 * {@code gratitude.api.rate-limit.burst}. A request over the limit is answered 429 with
 * {@code Retry-After}, before any work. One partner's runaway script then slows that key
 * down, not the service, nor the partner's other keys. {@code per-second=0} turns the
 * limit off (the benchmarks measure capacity that way).
 */
@Component
class ApiRateLimits {

	private final double perSecond;

	private final double burst;

	private final Clock clock;

	private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();

	ApiRateLimits(@Value("${gratitude.api.rate-limit.per-second:100}") double perSecond,
			@Value("${gratitude.api.rate-limit.burst:200}") double burst, Clock clock) {
		if (perSecond < 0 || burst < 1) {
			throw new IllegalArgumentException(
					"gratitude.api.rate-limit.per-second must be 0 (off) or more, and burst 1 or more");
		}
		this.perSecond = perSecond;
		this.burst = burst;
		this.clock = clock;
	}

	/**
	 * Takes one request from the key's bucket.
	 * @param key the key's public prefix (only keys that authenticated get a bucket)
	 * @return 0 when the request may go on; otherwise the whole seconds to wait before
	 * the key has a request again
	 */
	long acquire(String key) {
		if (this.perSecond == 0) {
			return 0;
		}
		return this.buckets.computeIfAbsent(key, (k) -> new Bucket(this.burst, this.clock.millis()))
			.take(this.clock.millis());
	}

	private final class Bucket {

		private double tokens;

		private long refilledAt;

		Bucket(double tokens, long now) {
			this.tokens = tokens;
			this.refilledAt = now;
		}

		synchronized long take(long now) {
			if (now > this.refilledAt) {
				this.tokens = Math.min(ApiRateLimits.this.burst,
						this.tokens + (now - this.refilledAt) / 1000.0 * ApiRateLimits.this.perSecond);
				this.refilledAt = now;
			}
			if (this.tokens >= 1) {
				this.tokens -= 1;
				return 0;
			}
			return Math.max(1, (long) Math.ceil((1 - this.tokens) / ApiRateLimits.this.perSecond));
		}

	}

}
