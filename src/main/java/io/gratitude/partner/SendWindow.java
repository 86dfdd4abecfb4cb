package io.gratitude.partner;

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
 *
 * @param start the first local time at which a message may go out
 * @param end the local time from which no message may go out; 00:00 means "until
 * midnight"
 */
public record SendWindow(LocalTime start, LocalTime end) {

	/** Every local time of the day: 00:00–00:00. */
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
	 * Whether a local time is inside the window: {@code start <= t < end}, where an end
	 * of 00:00 means the end of the day.
	 * @param t a local time in the recipient's zone
	 * @return true if a message may go out at that local time
	 */
	public boolean contains(LocalTime t) {
		Objects.requireNonNull(t, "t must not be null");
		return !t.isBefore(this.start) && (untilMidnight() || t.isBefore(this.end));
	}

	/**
	 * The earliest moment at or after {@code t} at which a message may go out.
	 * <p>
	 * Returns {@code t} itself when its local time is inside the window; otherwise the
	 * window's next opening in {@code t}'s zone: today's {@code start} when {@code t} is
	 * before it, else tomorrow's. When the opening falls in a DST gap it is moved forward
	 * by the length of the gap, as {@link ZonedDateTime#of} does (Havana's 00:00 on its
	 * spring-forward day opens at 01:00). When it falls in a DST overlap the earlier
	 * instant is taken, unless that instant is before {@code t} (t is in the repeated
	 * hour, before the opening), in which case the later one is. Pure: no clock, no side
	 * effects.
	 * @param t the earliest moment wanted, in the recipient's zone
	 * @return {@code t} or the next opening, in {@code t}'s zone; never before {@code t}
	 */
	public ZonedDateTime nextOpening(ZonedDateTime t) {
		Objects.requireNonNull(t, "t must not be null");
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
		return ZonedDateTime.of(t.toLocalDate().plusDays(1), this.start, t.getZone());
	}

	private boolean untilMidnight() {
		return this.end.equals(LocalTime.MIDNIGHT);
	}

}
