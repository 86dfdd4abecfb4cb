package io.gratitude.outreach;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.gratitude.contact.DateKind;
import io.gratitude.contact.SignificantDate;
import io.gratitude.partner.LeapDayPolicy;
import io.gratitude.partner.SendWindow;

/**
 * The pure time rules of DESIGN.md: where a yearly date falls, when its message is due in
 * the contact's zone, how the partner's send window moves it, and which dates a planning
 * horizon can touch. No clock and no state: every method is a function of its arguments.
 */
public final class OccasionCalendar {

	/**
	 * How far a due instant can be from its local date's midnight in UTC, in whole days,
	 * on either side: zones span UTC-12 to UTC+14 and a window move adds up to a day.
	 */
	private static final long MARGIN_DAYS = 2;

	private static final int DAYS_IN_LEAP_YEAR = 366;

	private OccasionCalendar() {
	}

	/**
	 * The zone calendar logic uses for a contact: the contact's zone, else the partner's,
	 * else UTC. A null, blank or unknown zone id falls through to the next; surrounding
	 * whitespace is ignored. Never throws.
	 * @param contactZone the contact's IANA zone id, if any
	 * @param partnerZone the partner's default IANA zone id, if any
	 * @return the first usable zone, {@link ZoneOffset#UTC} when neither is
	 */
	public static ZoneId zoneFor(@Nullable String contactZone, @Nullable String partnerZone) {
		ZoneId contact = parseZone(contactZone);
		if (contact != null) {
			return contact;
		}
		ZoneId partner = parseZone(partnerZone);
		return (partner != null) ? partner : ZoneOffset.UTC;
	}

	private static @Nullable ZoneId parseZone(@Nullable String id) {
		if (id == null || id.isBlank()) {
			return null;
		}
		try {
			return ZoneId.of(id.strip());
		}
		catch (DateTimeException ex) {
			// A stale or mistyped id must not stop a greeting: the next zone in
			// the chain is a better guess. Ids are validated where entered.
			return null;
		}
	}

	/**
	 * When the message for a dated occasion is due: the local date {@code occasionDate +
	 * offsetDays} at {@code sendAt} in {@code zone}, then moved to
	 * {@link SendWindow#nextOpening}. A send time in a DST gap is moved forward by the
	 * length of the gap; a send time in an overlap takes the earlier instant (both as
	 * {@link ZonedDateTime#of} does).
	 * @param occasionDate the occasion itself (the birthday this year), not the send date
	 * @param offsetDays days from the occasion to the send date; negative for "3 days
	 * before"
	 * @param sendAt the program's local send time
	 * @param zone the contact's zone (see {@link #zoneFor})
	 * @param window the partner's send window, in the contact's local time
	 * @return the due instant
	 */
	public static Instant dueAt(LocalDate occasionDate, int offsetDays, LocalTime sendAt, ZoneId zone,
			SendWindow window) {
		Objects.requireNonNull(occasionDate, "occasionDate must not be null");
		Objects.requireNonNull(sendAt, "sendAt must not be null");
		Objects.requireNonNull(zone, "zone must not be null");
		Objects.requireNonNull(window, "window must not be null");
		ZonedDateTime send = ZonedDateTime.of(occasionDate.plusDays(offsetDays), sendAt, zone);
		return window.nextOpening(send).toInstant();
	}

	/**
	 * When a post-sale thank-you is due: {@code occurredAt + delay}, moved to the next
	 * window opening in {@code zone} if it falls outside the window.
	 * @param occurredAt when the sale happened
	 * @param delay how long after the sale to send; zero or positive
	 * @param zone the contact's zone (see {@link #zoneFor})
	 * @param window the partner's send window, in the contact's local time
	 * @return the due instant
	 * @throws IllegalArgumentException if delay is negative
	 */
	public static Instant afterSaleDue(Instant occurredAt, Duration delay, ZoneId zone, SendWindow window) {
		Objects.requireNonNull(occurredAt, "occurredAt must not be null");
		Objects.requireNonNull(delay, "delay must not be null");
		Objects.requireNonNull(zone, "zone must not be null");
		Objects.requireNonNull(window, "window must not be null");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay must not be negative, got " + delay);
		}
		return window.nextOpening(occurredAt.plus(delay).atZone(zone)).toInstant();
	}

	/**
	 * The occasion dates of a yearly (month, day) whose {@link #dueAt due instant} falls
	 * in {@code [from, to)}. Each date is the occasion itself as {@code policy} places it
	 * (Feb 29 gives Feb 28 or Mar 1 in non-leap years), not the send date: a Jan 2
	 * birthday greeted 3 days before and due on Dec 30 is reported as Jan 2 of the next
	 * year. Every year that could qualify is considered, {@code from}'s year - 1 to
	 * {@code to}'s year + 1 in UTC, widened by the offset. Pure.
	 * @param month 1–12 of the yearly date
	 * @param day 1–31 of the yearly date
	 * @param policy where Feb 29 falls in non-leap years
	 * @param offsetDays days from the occasion to the send date; negative for "before"
	 * @param sendAt the program's local send time
	 * @param zone the contact's zone
	 * @param window the partner's send window
	 * @param from start of the horizon, inclusive
	 * @param to end of the horizon, exclusive
	 * @return the occasion dates, ascending; empty when {@code from} equals {@code to}
	 * @throws IllegalArgumentException for an impossible (month, day) or {@code to}
	 * before {@code from}
	 */
	public static List<LocalDate> occasionsDueBetween(int month, int day, LeapDayPolicy policy, int offsetDays,
			LocalTime sendAt, ZoneId zone, SendWindow window, Instant from, Instant to) {
		Objects.requireNonNull(policy, "policy must not be null");
		checkRange(from, to);
		// Rejects Apr 31 even for an empty horizon (2000 is a leap year: Feb 29 passes).
		policy.occurrence(month, day, 2000);
		// An occasion due in [from, to) lies in [from - 2 days, to + 2 days] shifted back
		// by the offset (see candidateMonthDays); one more year either side is cheap.
		LocalDate earliest = utcDate(from).minusDays(MARGIN_DAYS).minusDays(offsetDays);
		LocalDate latest = utcDate(to).plusDays(MARGIN_DAYS).minusDays(offsetDays);
		int firstYear = Math.min(utcDate(from).getYear(), earliest.getYear()) - 1;
		int lastYear = Math.max(utcDate(to).getYear(), latest.getYear()) + 1;
		List<LocalDate> due = new ArrayList<>();
		for (int year = firstYear; year <= lastYear; year++) {
			LocalDate occasion = policy.occurrence(month, day, year);
			Instant dueAt = dueAt(occasion, offsetDays, sendAt, zone, window);
			if (!dueAt.isBefore(from) && dueAt.isBefore(to)) {
				due.add(occasion);
			}
		}
		Collections.sort(due);
		return due;
	}

	/**
	 * Every yearly (month, day) whose occasion could be due in {@code [from, to)} in any
	 * zone (UTC-12 to UTC+14), with any send time and window: the UTC dates from
	 * {@code from - 2 days - offsetDays} to {@code to + 2 days - offsetDays}, both
	 * inclusive, as {@link MonthDay}s. The two days cover the zone spread (26 h) plus a
	 * window move (under a day). 02-29 is included whenever {@code policy} places a Feb
	 * 29 occasion on a date in that range: Feb 29 itself in leap years, Feb 28
	 * ({@link LeapDayPolicy#FEB_28}) or Mar 1 ({@link LeapDayPolicy#MAR_1}) in other
	 * years. A superset: the planner queries an index on (month, day) with it, then
	 * checks each candidate with {@link #occasionsDueBetween}. Pure.
	 * @param from start of the horizon, inclusive
	 * @param to end of the horizon, exclusive
	 * @param offsetDays days from the occasion to the send date; negative for "before"
	 * @param policy where Feb 29 falls in non-leap years
	 * @return the candidate (month, day) pairs, unmodifiable; empty when {@code from}
	 * equals {@code to}; all 366 when the horizon spans a year or more
	 * @throws IllegalArgumentException if {@code to} is before {@code from}
	 */
	public static Set<MonthDay> candidateMonthDays(Instant from, Instant to, int offsetDays, LeapDayPolicy policy) {
		Objects.requireNonNull(policy, "policy must not be null");
		checkRange(from, to);
		if (from.equals(to)) {
			return Set.of();
		}
		LocalDate first = utcDate(from).minusDays(MARGIN_DAYS).minusDays(offsetDays);
		LocalDate last = utcDate(to.plus(MARGIN_DAYS, ChronoUnit.DAYS)).minusDays(offsetDays);
		Set<MonthDay> candidates = new HashSet<>();
		// Stops at 366: a long horizon (a backfill) would otherwise walk every day of it.
		for (LocalDate date = first; !date.isAfter(last)
				&& candidates.size() < DAYS_IN_LEAP_YEAR; date = date.plusDays(1)) {
			candidates.add(MonthDay.from(date));
			if (policy.occurrence(2, 29, date.getYear()).equals(date)) {
				candidates.add(MonthDay.of(2, 29));
			}
		}
		return Collections.unmodifiableSet(candidates);
	}

	/**
	 * Whole years from the year of the first occurrence to the occasion's year: client
	 * since 2019-03-14, occasion 2027-03-14 gives 8. Counted by calendar year because the
	 * occasion date is an occurrence of the same (month, day); zero or negative when the
	 * occasion is in or before the first year (the caller decides whether that is worth a
	 * message).
	 * @param year the year of the first occurrence (birth year, client-since year), if
	 * known
	 * @param occasionDate the occurrence being greeted
	 * @return the number of years, or null when {@code year} is null
	 */
	public static @Nullable Integer yearsOn(@Nullable Integer year, LocalDate occasionDate) {
		Objects.requireNonNull(occasionDate, "occasionDate must not be null");
		return (year != null) ? occasionDate.getYear() - year : null;
	}

	private static void checkRange(Instant from, Instant to) {
		Objects.requireNonNull(from, "from must not be null");
		Objects.requireNonNull(to, "to must not be null");
		if (to.isBefore(from)) {
			throw new IllegalArgumentException("to (" + to + ") must not be before from (" + from + ")");
		}
	}

	private static LocalDate utcDate(Instant instant) {
		return LocalDate.ofInstant(instant, ZoneOffset.UTC);
	}

	/**
	 * The occasion key of one occurrence of a significant date:
	 * {@code birthday@2027-03-14}, {@code custom:<label>@<date>}. Part of the outreach
	 * row's unique key, so a date is planned, previewed and rendered under the same key.
	 */
	public static String occasionKey(SignificantDate date, LocalDate occasionDate) {
		String kind = date.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
		return (date.kind() == DateKind.CUSTOM) ? "custom:" + date.label() + "@" + occasionDate
				: kind + "@" + occasionDate;
	}

}
