package io.gratitude.campaign;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import io.gratitude.partner.SendWindow;
import io.gratitude.system.InvalidField;
import org.jspecify.annotations.Nullable;

/**
 * When a campaign's messages are due: either one local date and time, in each contact's
 * own zone ({@code sendDate}, {@code sendTime}), or spread evenly over {@code spreadDays}
 * days from {@code spreadStart}, within the partner's send window in each contact's zone.
 */
public record CampaignSchedule(@Nullable LocalDate sendDate, @Nullable LocalTime sendTime,
		@Nullable LocalDate spreadStart, @Nullable Integer spreadDays) {

	public CampaignSchedule {
		boolean local = sendDate != null || sendTime != null;
		boolean spread = spreadStart != null || spreadDays != null;
		if (local == spread) {
			throw new InvalidField("schedule",
					"give either localDate and localTime, or start and spreadDays (not both)");
		}
		if (local && sendDate == null) {
			throw new InvalidField("schedule.localDate", "localDate is required with localTime");
		}
		if (local && sendTime == null) {
			throw new InvalidField("schedule.localTime", "localTime is required with localDate");
		}
		if (spread && spreadStart == null) {
			throw new InvalidField("schedule.start", "start is required with spreadDays");
		}
		if (spread && (spreadDays == null || spreadDays < 1 || spreadDays > 90)) {
			throw new InvalidField("schedule.spreadDays", "spreadDays must be between 1 and 90");
		}
	}

	/** At a local date and time in each contact's zone. */
	public static CampaignSchedule at(LocalDate date, LocalTime time) {
		return new CampaignSchedule(date, time, null, null);
	}

	/** Spread evenly over days from a start date. */
	public static CampaignSchedule spread(LocalDate start, int days) {
		return new CampaignSchedule(null, null, start, days);
	}

	/** Whether messages are spread over days. */
	public boolean spread() {
		return this.spreadStart != null;
	}

	/**
	 * The due time of the {@code index}-th of {@code total} messages for a contact in
	 * {@code zone}: never before {@code now}, always inside the send window (moved to its
	 * next opening when the local time, a DST gap or a weekend puts it outside). Spread
	 * messages share the days' open hours evenly, in order.
	 */
	Instant dueAt(int index, int total, ZoneId zone, SendWindow window, Instant now) {
		ZonedDateTime due;
		if (this.spreadStart != null && this.spreadDays != null) {
			long day = openMillis(window);
			long span = day * this.spreadDays;
			long offset = (total <= 0) ? 0 : Math.floorDiv(span * index, total);
			due = ZonedDateTime.of(this.spreadStart.plusDays(offset / day), window.start(), zone)
				.plus(Duration.ofMillis(offset % day));
		}
		else {
			due = ZonedDateTime.of(java.util.Objects.requireNonNull(this.sendDate),
					java.util.Objects.requireNonNull(this.sendTime), zone);
		}
		if (due.toInstant().isBefore(now)) {
			due = now.atZone(zone);
		}
		return window.nextOpening(due).toInstant();
	}

	/** How long the window is open on a day, in milliseconds. */
	private static long openMillis(SendWindow window) {
		LocalTime end = window.end();
		long start = window.start().toNanoOfDay() / 1_000_000;
		long stop = end.equals(LocalTime.MIDNIGHT) ? Duration.ofDays(1).toMillis() : end.toNanoOfDay() / 1_000_000;
		return Math.max(1, stop - start);
	}

}
