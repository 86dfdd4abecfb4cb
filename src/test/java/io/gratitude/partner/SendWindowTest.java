package io.gratitude.partner;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

class SendWindowTest {

	private static final SendWindow OFFICE_HOURS = window("09:00", "18:00");

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private static final ZoneId HAVANA = ZoneId.of("America/Havana");

	@ParameterizedTest(name = "{0}–{1} contains {2}: {3}")
	@CsvSource({ "09:00, 18:00, 08:59:59.999999999, false", "09:00, 18:00, 09:00, true", "09:00, 18:00, 12:00, true",
			"09:00, 18:00, 17:59:59.999999999, true", "09:00, 18:00, 18:00, false", "09:00, 18:00, 00:00, false",
			"18:00, 00:00, 17:59, false", "18:00, 00:00, 18:00, true", "18:00, 00:00, 23:59:59.999999999, true",
			"18:00, 00:00, 00:00, false", "00:00, 06:00, 00:00, true", "00:00, 06:00, 06:00, false",
			"00:00, 00:00, 00:00, true", "00:00, 00:00, 12:00, true", "00:00, 00:00, 23:59:59.999999999, true" })
	void containsIsStartInclusiveEndExclusive(LocalTime start, LocalTime end, LocalTime t, boolean expected) {
		assertThat(new SendWindow(start, end).contains(t)).isEqualTo(expected);
	}

	@Test
	void allDayIsMidnightToMidnight() {
		assertThat(SendWindow.ALL_DAY).isEqualTo(window("00:00", "00:00"));
		assertThat(SendWindow.ALL_DAY.start()).isEqualTo(LocalTime.MIDNIGHT);
		assertThat(SendWindow.ALL_DAY.end()).isEqualTo(LocalTime.MIDNIGHT);
	}

	@ParameterizedTest
	@CsvSource({ "09:00, 09:00", "18:00, 18:00", "00:00:01, 00:00:01" })
	void emptyWindowIsRejected(LocalTime start, LocalTime end) {
		assertThatIllegalArgumentException().isThrownBy(() -> new SendWindow(start, end))
			.withMessageContaining("is empty")
			.withMessageContaining("00:00–00:00 for all day");
	}

	@ParameterizedTest
	@CsvSource({ "18:00, 09:00", "22:00, 06:00", "09:00:01, 09:00" })
	void windowEndingBeforeItStartsIsRejected(LocalTime start, LocalTime end) {
		assertThatIllegalArgumentException().isThrownBy(() -> new SendWindow(start, end))
			.withMessageContaining("start must be before end")
			.withMessageContaining(start + "–" + end);
	}

	@Test
	void windowEndingAtMidnightRunsUntilMidnight() {
		SendWindow evening = window("18:00", "00:00");

		assertThat(evening.contains(LocalTime.of(23, 30))).isTrue();
		assertThat(evening.contains(LocalTime.of(0, 30))).isFalse();
	}

	@Test
	void nullBoundsAreRejected() {
		assertThatNullPointerException().isThrownBy(() -> new SendWindow(null, LocalTime.NOON))
			.withMessage("start must not be null");
		assertThatNullPointerException().isThrownBy(() -> new SendWindow(LocalTime.NOON, null))
			.withMessage("end must not be null");
	}

	@Test
	void timeInsideWindowIsUnchanged() {
		ZonedDateTime t = at("2027-03-10T12:34:56.789", LONDON);

		assertThat(OFFICE_HOURS.nextOpening(t)).isSameAs(t);
	}

	@Test
	void timeAtOpeningIsUnchanged() {
		ZonedDateTime t = at("2027-03-10T09:00", LONDON);

		assertThat(OFFICE_HOURS.nextOpening(t)).isEqualTo(t);
	}

	@Test
	void timeBeforeOpeningMovesToSameDayOpening() {
		assertThat(OFFICE_HOURS.nextOpening(at("2027-03-10T06:15", LONDON))).isEqualTo(at("2027-03-10T09:00", LONDON));
	}

	@Test
	void timeAtCloseMovesToNextDayOpening() {
		assertThat(OFFICE_HOURS.nextOpening(at("2027-03-10T18:00", LONDON))).isEqualTo(at("2027-03-11T09:00", LONDON));
	}

	@Test
	void timeAfterCloseMovesToNextDayOpening() {
		assertThat(OFFICE_HOURS.nextOpening(at("2027-12-31T23:30", LONDON))).isEqualTo(at("2028-01-01T09:00", LONDON));
	}

	@Test
	void windowIsReadInTheZoneOfTheTime() {
		ZoneId tokyo = ZoneId.of("Asia/Tokyo");
		// 08:00 UTC is 17:00 in Tokyo (inside), 08:00 in London (before opening).
		ZonedDateTime utc = ZonedDateTime.parse("2027-01-15T08:00:00Z");

		assertThat(OFFICE_HOURS.nextOpening(utc.withZoneSameInstant(tokyo)).toInstant()).isEqualTo(utc.toInstant());
		assertThat(OFFICE_HOURS.nextOpening(utc.withZoneSameInstant(LONDON))).isEqualTo(at("2027-01-15T09:00", LONDON));
	}

	@Test
	void resultKeepsTheZoneOfTheInput() {
		ZoneId sydney = ZoneId.of("Australia/Sydney");

		assertThat(OFFICE_HOURS.nextOpening(at("2027-06-01T20:00", sydney)).getZone()).isEqualTo(sydney);
	}

	@ParameterizedTest
	@CsvSource({ "2027-03-14T00:00, 2027-03-14T00:00", "2027-03-13T23:59:59, 2027-03-13T23:59:59",
			"2027-11-07T01:30, 2027-11-07T01:30" })
	void allDayWindowNeverMoves(String local, String expected) {
		assertThat(SendWindow.ALL_DAY.nextOpening(at(local, HAVANA))).isEqualTo(at(expected, HAVANA));
	}

	@Test
	void openingInDstGapMovesForwardByTheGap() {
		// Havana springs forward at 00:00 on 2027-03-14: 00:00–00:59 do not exist.
		SendWindow fromMidnight = window("00:00", "12:00");

		ZonedDateTime opening = fromMidnight.nextOpening(at("2027-03-13T23:00", HAVANA));

		assertThat(opening.toLocalDateTime()).isEqualTo("2027-03-14T01:00");
		assertThat(opening.toInstant()).isEqualTo("2027-03-14T05:00:00Z");
	}

	@Test
	void openingInLondonSpringGapMovesForwardByTheGap() {
		// London skips 01:00–01:59 on the last Sunday of March.
		SendWindow window = window("01:30", "18:00");

		ZonedDateTime opening = window.nextOpening(at("2027-03-28T00:10", LONDON));

		assertThat(opening.toLocalDateTime()).isEqualTo("2027-03-28T02:30");
		assertThat(opening.toInstant()).isEqualTo("2027-03-28T01:30:00Z");
	}

	@Test
	void openingInDstOverlapTakesTheEarlierInstant() {
		// London repeats 01:00–01:59 on the last Sunday of October: BST first, then GMT.
		SendWindow window = window("01:30", "18:00");

		ZonedDateTime opening = window.nextOpening(at("2027-10-31T00:10", LONDON));

		assertThat(opening.toInstant()).isEqualTo("2027-10-31T00:30:00Z");
	}

	@Test
	void openingInDstOverlapAlreadyPassedAsAnInstantTakesTheLaterOne() {
		SendWindow window = window("01:45", "18:00");
		// 01:30 GMT, the second 01:30: the window opened at 01:45 BST (00:45Z)
		// and closed as the clock went back. It opens again at 01:45 GMT.
		ZonedDateTime secondPass = at("2027-10-31T01:30", LONDON).withLaterOffsetAtOverlap();

		ZonedDateTime opening = window.nextOpening(secondPass);

		assertThat(opening.toInstant()).isEqualTo("2027-10-31T01:45:00Z");
		assertThat(opening).isAfterOrEqualTo(secondPass);
	}

	@Test
	void nextOpeningIsNeverBeforeTheInput() {
		ZoneId[] zones = { LONDON, HAVANA, ZoneId.of("Africa/Cairo"), ZoneId.of("Pacific/Kiritimati"),
				ZoneId.of("Pacific/Pago_Pago"), ZoneId.of("Australia/Lord_Howe") };
		SendWindow[] windows = { OFFICE_HOURS, SendWindow.ALL_DAY, window("00:00", "01:00"), window("01:30", "02:30"),
				window("23:00", "00:00") };
		for (ZoneId zone : zones) {
			for (SendWindow window : windows) {
				ZonedDateTime t = ZonedDateTime.of(LocalDate.of(2027, 1, 1).atStartOfDay(), zone);
				ZonedDateTime end = t.plusYears(1);
				for (; t.isBefore(end); t = t.plusMinutes(10)) {
					ZonedDateTime opening = window.nextOpening(t);
					// A day and a DST shift at most: never a day skipped.
					if (opening.isBefore(t) || !opening.isBefore(t.plusHours(26))) {
						fail("%s moved %s to %s", window, t, opening);
					}
				}
			}
		}
	}

	@ParameterizedTest(name = "no weekends, 09:00–18:00 in London: {0} opens at {1}")
	@CsvSource({ "2027-03-13T10:00, 2027-03-15T09:00", // Saturday
			"2027-03-12T19:00, 2027-03-15T09:00", // Friday evening
			"2027-03-14T23:59, 2027-03-15T09:00", // Sunday night
			"2027-03-12T17:59, 2027-03-12T17:59", // Friday, still open
			"2027-03-15T08:00, 2027-03-15T09:00", // Monday morning
			"2027-03-11T19:00, 2027-03-12T09:00" }) // Thursday evening: Friday
	void withoutWeekendsSaturdayAndSundayWaitForMonday(String local, String expected) {
		SendWindow noWeekends = OFFICE_HOURS.withSkipWeekends(true);

		assertThat(noWeekends.nextOpening(at(local, LONDON))).isEqualTo(at(expected, LONDON));
	}

	@Test
	void withoutWeekendsTheWindowIsClosedAllWeekendInTheRecipientsZone() {
		SendWindow noWeekends = OFFICE_HOURS.withSkipWeekends(true);

		assertThat(noWeekends.contains(at("2027-03-12T12:00", LONDON))).isTrue();
		assertThat(noWeekends.contains(at("2027-03-13T12:00", LONDON))).isFalse();
		assertThat(noWeekends.contains(at("2027-03-14T12:00", LONDON))).isFalse();
		assertThat(OFFICE_HOURS.contains(at("2027-03-13T12:00", LONDON))).isTrue();
		// Monday 10:00 in Auckland is Sunday 21:00 in London: the recipient's day counts.
		ZonedDateTime mondayInAuckland = at("2027-03-15T10:00", ZoneId.of("Pacific/Auckland"));
		assertThat(noWeekends.contains(mondayInAuckland)).isTrue();
		assertThat(noWeekends.contains(mondayInAuckland.withZoneSameInstant(LONDON))).isFalse();
		assertThat(noWeekends.nextOpening(mondayInAuckland.withZoneSameInstant(LONDON)))
			.isEqualTo(at("2027-03-15T09:00", LONDON));
	}

	@Test
	void withoutWeekendsTheTwoArgumentWindowAndAllDayKeepWeekends() {
		assertThat(OFFICE_HOURS.skipWeekends()).isFalse();
		assertThat(SendWindow.ALL_DAY.skipWeekends()).isFalse();
		assertThat(OFFICE_HOURS.nextOpening(at("2027-03-13T10:00", LONDON))).isEqualTo(at("2027-03-13T10:00", LONDON));
	}

	@Test
	void withoutWeekendsAllDayOpensAtMondayMidnight() {
		SendWindow weekdays = SendWindow.ALL_DAY.withSkipWeekends(true);

		assertThat(weekdays.nextOpening(at("2027-03-12T23:59", LONDON))).isEqualTo(at("2027-03-12T23:59", LONDON));
		assertThat(weekdays.nextOpening(at("2027-03-13T00:00", LONDON))).isEqualTo(at("2027-03-15T00:00", LONDON));
		assertThat(weekdays.nextOpening(at("2027-03-14T18:00", LONDON))).isEqualTo(at("2027-03-15T00:00", LONDON));
	}

	@Test
	void withoutWeekendsAWeekendWithADstChangeOpensOnMondayInTheNewOffset() {
		SendWindow noWeekends = OFFICE_HOURS.withSkipWeekends(true);
		// London springs forward on Sunday 2027-03-28 and falls back on Sunday
		// 2027-10-31.
		assertThat(noWeekends.nextOpening(at("2027-03-27T10:00", LONDON)).toInstant())
			.isEqualTo("2027-03-29T08:00:00Z");
		assertThat(noWeekends.nextOpening(at("2027-10-29T19:00", LONDON)).toInstant())
			.isEqualTo("2027-11-01T09:00:00Z");
		// Havana's 00:00 is in the gap on its spring-forward Sunday (2027-03-14): Monday
		// is unaffected.
		SendWindow midnight = window("00:00", "06:00").withSkipWeekends(true);
		assertThat(midnight.nextOpening(at("2027-03-13T07:00", HAVANA))).isEqualTo(at("2027-03-15T00:00", HAVANA));
	}

	@Test
	void withoutWeekendsNextOpeningIsNeverBeforeTheInputNorOnAWeekend() {
		ZoneId[] zones = { LONDON, HAVANA, ZoneId.of("Pacific/Kiritimati"), ZoneId.of("Australia/Lord_Howe") };
		SendWindow[] windows = { OFFICE_HOURS, SendWindow.ALL_DAY, window("00:00", "01:00"), window("23:00", "00:00") };
		for (ZoneId zone : zones) {
			for (SendWindow daily : windows) {
				SendWindow window = daily.withSkipWeekends(true);
				ZonedDateTime t = ZonedDateTime.of(LocalDate.of(2027, 1, 1).atStartOfDay(), zone);
				ZonedDateTime end = t.plusYears(1);
				for (; t.isBefore(end); t = t.plusMinutes(20)) {
					ZonedDateTime opening = window.nextOpening(t);
					// A weekend, a day and a DST shift at most.
					if (opening.isBefore(t) || !opening.isBefore(t.plusHours(74)) || !window.contains(opening)) {
						fail("%s moved %s to %s", window, t, opening);
					}
				}
			}
		}
	}

	private static SendWindow window(String start, String end) {
		return new SendWindow(LocalTime.parse(start), LocalTime.parse(end));
	}

	private static ZonedDateTime at(String localDateTime, ZoneId zone) {
		return ZonedDateTime.of(LocalDateTime.parse(localDateTime), zone);
	}

}
