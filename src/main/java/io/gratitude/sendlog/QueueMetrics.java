package io.gratitude.sendlog;

import io.gratitude.outreach.OutreachStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The queue's gauges, read from the outreach table (the same numbers on every node):
 * <ul>
 * <li>{@code gratitude.outreach.queue.depth{status}}: rows waiting (SCHEDULED, including
 * those planned days ahead, RETRY, and HELD by a paused campaign) or being sent
 * (SENDING). Final statuses are the send log and grow forever; the
 * {@code gratitude.outreach.sent|failed|skipped|cancelled} counters count them
 * instead.</li>
 * <li>{@code gratitude.outreach.oldest.due.age} (seconds): how long the oldest SCHEDULED
 * or RETRY row that is due has been waiting; 0 when nothing is due. Dispatch takes due
 * rows within seconds, so a growing age means no node is sending (the scheduler is down,
 * every node is paused by an SMTP outage) or sending does not keep up.</li>
 * </ul>
 * One reading (two index-only queries on {@code (status, due_at)}) serves every gauge and
 * scrape for {@code gratitude.metrics.queue-refresh}; when the database cannot be read,
 * the gauges report NaN until the next reading.
 */
@Component
class QueueMetrics implements MeterBinder {

	private static final Logger log = LoggerFactory.getLogger(QueueMetrics.class);

	static final Set<OutreachStatus> QUEUED = EnumSet.of(OutreachStatus.SCHEDULED, OutreachStatus.SENDING,
			OutreachStatus.RETRY, OutreachStatus.HELD);

	private final JdbcClient jdbc;

	private final Clock clock;

	private final Duration refresh;

	private @Nullable Reading last;

	QueueMetrics(JdbcClient jdbc, Clock clock, MetricsSettings settings) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.refresh = settings.queueRefresh();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (OutreachStatus status : QUEUED) {
			Gauge.builder("gratitude.outreach.queue.depth", this, metrics -> metrics.reading().depth(status))
				.description("outreach rows waiting or being sent, by status")
				.tag("status", status.name())
				.strongReference(true)
				.register(registry);
		}
		Gauge.builder("gratitude.outreach.oldest.due.age", this, metrics -> metrics.reading().oldestDueAgeSeconds())
			.description("how long the oldest due SCHEDULED or RETRY outreach has been waiting; 0 when none is due")
			.baseUnit("seconds")
			.strongReference(true)
			.register(registry);
	}

	/** The current reading, from the database at most once per refresh period. */
	synchronized Reading reading() {
		Instant now = this.clock.instant();
		Reading current = this.last;
		if (current == null || now.isBefore(current.at()) || !now.isBefore(current.at().plus(this.refresh))) {
			current = read(now);
			this.last = current;
		}
		return current;
	}

	private Reading read(Instant now) {
		try {
			Map<OutreachStatus, Long> depth = new EnumMap<>(OutreachStatus.class);
			this.jdbc
				.sql("SELECT status, COUNT(*) FROM outreach WHERE status IN ('SCHEDULED', 'SENDING', 'RETRY', 'HELD')"
						+ " GROUP BY status")
				.query(rs -> {
					depth.put(OutreachStatus.valueOf(rs.getString(1)), rs.getLong(2));
				});
			// MIN per status is one lookup each in the (status, due_at) index.
			Long oldestDue = this.jdbc
				.sql("SELECT MIN(due_at) FROM outreach WHERE status = 'SCHEDULED'"
						+ " UNION ALL SELECT MIN(due_at) FROM outreach WHERE status = 'RETRY'")
				.query((rs, row) -> rs.getObject(1, Long.class))
				.list()
				.stream()
				.filter(Objects::nonNull)
				.min(Long::compare)
				.orElse(null);
			long waitedMs = (oldestDue != null) ? Math.max(0, now.toEpochMilli() - oldestDue) : 0;
			return new Reading(now, depth, waitedMs / 1000.0);
		}
		catch (DataAccessException ex) {
			log.warn("queue metrics could not be read ({}); reporting NaN until the next reading", ex.getMessage());
			return new Reading(now, null, Double.NaN);
		}
	}

	/**
	 * One reading of the queue.
	 *
	 * @param at when it was taken (Gratitude's clock)
	 * @param counts rows per queued status; null when the database could not be read
	 * @param oldestDueAgeSeconds see the class comment; NaN when unknown
	 */
	record Reading(Instant at, @Nullable Map<OutreachStatus, Long> counts, double oldestDueAgeSeconds) {

		double depth(OutreachStatus status) {
			return (this.counts != null) ? this.counts.getOrDefault(status, 0L) : Double.NaN;
		}

	}

}
