package io.gratitude.partner;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * A partner's daily send window in the recipient's local time: messages may go out from
 * {@code start} (inclusive) to {@code end} (exclusive).
 * <p>
 * {@code start} must be before {@code end}, except that an {@code end} of 00:00 means
 * "until midnight" (so 18:00–00:00 is the evening). {@code start == end} is invalid,
 * except for 00:00–00:00, which is the only representation of "all day"
 * ({@link #ALL_DAY}). Windows that wrap past midnight (22:00–06:00) are not supported: a
 * partner sends by day.
 * <p>
 * With {@code skipWeekends}, Saturdays and Sundays in the recipient's local zone are
 * closed all day: a message due on a weekend waits for Monday's opening. Every user of
 * the window (the planner's due times, the dispatcher's deferral, the forecast) goes
 * through {@link #nextOpening}, so they all apply the same rule.
 *
 * @param start the first local time at which a message may go out
 * @param end the local time from which no message may go out; 00:00 means "until
 * midnight"
 * @param skipWeekends whether Saturday and Sunday (local to the recipient) are closed
 */
public record SendWindow(LocalTime start, LocalTime end, boolean skipWeekends) {

	/** Every local time of every day: 00:00–00:00, weekends included. */
	public static final SendWindow ALL_DAY = new SendWindow(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);

	/**
	 * @throws NullPointerException if start or end is null
	 * @throws IllegalArgumentException if start is not before end (and end is not
	 * midnight), or if start equals end other than 00:00–00:00
	 */
	public SendWindow {
		Objects.requireNonNull(start, "start must not be null");
		Objects.requireNonNull(end, "end must not be null");
		if (start.equals(end) && !start.equals(LocalTime.MIDNIGHT)) {
			throw new IllegalArgumentException("Send window " + start + "–" + end
					+ " is empty: start must be before end (use 00:00–00:00 for all day)");
		}
		if (start.isAfter(end) && !end.equals(LocalTime.MIDNIGHT)) {
			throw new IllegalArgumentException("Send window " + start + "–" + end
					+ " is invalid: start must be before end (windows past midnight are not supported; end 00:00 means until midnight)");
		}
	}

	/**
	 * A window open every day of the week.
	 * @param start the first local time at which a message may go out
	 * @param end the local time from which no message may go out; 00:00 means "until
	 * midnight"
	 */
	public SendWindow(LocalTime start, LocalTime end) {
		this(start, end, false);
	}

	/** This window, with or without weekends. */
	public SendWindow withSkipWeekends(boolean skip) {
		return new SendWindow(this.start, this.end, skip);
	}

	/**
	 * Whether a local time of day is inside the daily window: {@code start <= t < end},
	 * where an end of 00:00 means the end of the day. The day of the week is not looked
	 * at: see {@link #contains(ZonedDateTime)}.
	 * @param t a local time in the recipient's zone
	 * @return true if the local time is inside the daily window
	 */
	public boolean contains(LocalTime t) {
		Objects.requireNonNull(t, "t must not be null");
		return !t.isBefore(this.start) && (untilMidnight() || t.isBefore(this.end));
	}

	/**
	 * Whether a message may go out at this moment: its local time is inside the daily
	 * window and, with {@code skipWeekends}, its local day is not a Saturday or Sunday.
	 * @param t a moment in the recipient's zone
	 * @return true if a message may go out at that moment
	 */
	public boolean contains(ZonedDateTime t) {
		Objects.requireNonNull(t, "t must not be null");
		return openOn(t.toLocalDate()) && contains(t.toLocalTime());
	}

	/**
	 * The earliest moment at or after {@code t} at which a message may go out.
	 * <p>
	 * Returns {@code t} itself when it is inside the window
	 * ({@link #contains(ZonedDateTime)}); otherwise the window's next opening in
	 * {@code t}'s zone: today's {@code start} when {@code t} is before it, else
	 * tomorrow's. With {@code skipWeekends}, an opening on a local Saturday or Sunday
	 * moves to Monday's {@code start} (Friday 19:00 and Saturday 10:00 open on Monday at
	 * 09:00 for a 09:00–18:00 window). When the opening falls in a DST gap it is moved
	 * forward by the length of the gap, as {@link ZonedDateTime#of} does (Havana's 00:00
	 * on its spring-forward day opens at 01:00). When it falls in a DST overlap the
	 * earlier instant is taken, unless that instant is before {@code t} (t is in the
	 * repeated hour, before the opening), in which case the later one is. Pure: no clock,
	 * no side effects.
	 * @param t the earliest moment wanted, in the recipient's zone
	 * @return {@code t} or the next opening, in {@code t}'s zone; never before {@code t}
	 */
	public ZonedDateTime nextOpening(ZonedDateTime t) {
		Objects.requireNonNull(t, "t must not be null");
		if (!openOn(t.toLocalDate())) {
			return ZonedDateTime.of(nextOpenDay(t.toLocalDate()), this.start, t.getZone());
		}
		LocalTime local = t.toLocalTime();
		if (contains(local)) {
			return t;
		}
		if (local.isBefore(this.start)) {
			ZonedDateTime opening = ZonedDateTime.of(t.toLocalDate(), this.start, t.getZone());
			// Only in an overlap: t is in the repeated hour (later offset), and the
			// opening at the earlier offset passed as an instant, not on the clock.
			return opening.isBefore(t) ? opening.withLaterOffsetAtOverlap() : opening;
		}
		return ZonedDateTime.of(nextOpenDay(t.toLocalDate()), this.start, t.getZone());
	}

	private boolean openOn(LocalDate day) {
		return !this.skipWeekends || !isWeekend(day);
	}

	/** The first day after {@code day} on which the window opens. */
	private LocalDate nextOpenDay(LocalDate day) {
		LocalDate next = day.plusDays(1);
		while (!openOn(next)) {
			next = next.plusDays(1);
		}
		return next;
	}

	private static boolean isWeekend(LocalDate day) {
		DayOfWeek dow = day.getDayOfWeek();
		return dow == DayOfWeek.SATURDAY || dow == DayOfWeek.SUNDAY;
	}

	private boolean untilMidnight() {
		return this.end.equals(LocalTime.MIDNIGHT);
	}

}
