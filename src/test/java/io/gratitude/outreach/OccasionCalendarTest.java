package io.gratitude.outreach;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.Year;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import io.gratitude.partner.LeapDayPolicy;
import io.gratitude.partner.SendWindow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.fail;

class OccasionCalendarTest {

	private static final SendWindow OFFICE_HOURS = new SendWindow(LocalTime.of(9, 0), LocalTime.of(18, 0));

	private static final LocalTime NINE = LocalTime.of(9, 0);

	private static final ZoneId UTC = ZoneOffset.UTC;

	private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

	private static final ZoneId LONDON = ZoneId.of("Europe/London");

	private static final ZoneId HAVANA = ZoneId.of("America/Havana");

	private static final ZoneId CAIRO = ZoneId.of("Africa/Cairo");

	private static final ZoneId KIRITIMATI = ZoneId.of("Pacific/Kiritimati");

	private static final ZoneId PAGO_PAGO = ZoneId.of("Pacific/Pago_Pago");

	@Nested
	class ZoneFor {

		@ParameterizedTest(name = "contact [{0}], partner [{1}] -> {2}")
		@CsvSource(nullValues = "null",
				value = { "Asia/Tokyo, Europe/Paris, Asia/Tokyo", "null, Europe/Paris, Europe/Paris",
						"'', Europe/Paris, Europe/Paris", "'   ', Europe/Paris, Europe/Paris",
						"Mars/Olympus_Mons, Europe/Paris, Europe/Paris", "'Asia/Tokyo ', Europe/Paris, Asia/Tokyo",
						"not a zone!, Europe/Paris, Europe/Paris", "EST, Europe/Paris, Europe/Paris",
						"Asia/Tokyo, null, Asia/Tokyo", "Asia/Tokyo, Nowhere/Special, Asia/Tokyo" })
		void contactZoneWinsThenPartnerZone(String contactZone, String partnerZone, String expected) {
			assertThat(OccasionCalendar.zoneFor(contactZone, partnerZone)).isEqualTo(ZoneId.of(expected));
		}

		@ParameterizedTest(name = "contact [{0}], partner [{1}] -> UTC")
		@CsvSource(nullValues = "null", value = { "null, null", "'', ''", "' ', null", "Nowhere/Special, null",
				"null, Nowhere/Special", "Nowhere/Special, ''" })
		void fallsBackToUtcWhenNeitherZoneIsUsable(String contactZone, String partnerZone) {
			assertThat(OccasionCalendar.zoneFor(contactZone, partnerZone)).isEqualTo(ZoneOffset.UTC);
		}

	}

	@Nested
	class DueAt {

		@Test
		void isTheSendTimeOnTheOccasionInTheContactsZone() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 3, 14), 0, NINE, PARIS, OFFICE_HOURS))
				.isEqualTo("2027-03-14T08:00:00Z");
		}

		@Test
		void daysBeforeJan2CrossIntoThePreviousYear() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 1, 2), -3, NINE, UTC, OFFICE_HOURS))
				.isEqualTo("2026-12-30T09:00:00Z");
		}

		@Test
		void daysAfterDec30CrossIntoTheNextYear() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2026, 12, 30), 3, NINE, UTC, OFFICE_HOURS))
				.isEqualTo("2027-01-02T09:00:00Z");
		}

		@ParameterizedTest(name = "{0} {1} days -> {2}")
		@CsvSource({ "2027-03-01, -1, 2027-02-28", "2028-03-01, -1, 2028-02-29", "2027-02-28, 1, 2027-03-01",
				"2028-02-28, 1, 2028-02-29", "2027-05-01, -7, 2027-04-24", "2027-01-31, 1, 2027-02-01",
				"2027-03-14, 0, 2027-03-14" })
		void offsetDaysCrossMonthBoundaries(LocalDate occasion, int offsetDays, LocalDate sendDate) {
			assertThat(OccasionCalendar.dueAt(occasion, offsetDays, NINE, UTC, OFFICE_HOURS))
				.isEqualTo(sendDate.atTime(NINE).toInstant(ZoneOffset.UTC));
		}

		@ParameterizedTest(name = "{0} {1} at {2}: local {3}")
		@CsvSource({ "America/Havana, 2027-03-14, 00:00, 2027-03-14T01:00, 2027-03-14T05:00:00Z",
				"America/Havana, 2027-03-14, 00:30, 2027-03-14T01:30, 2027-03-14T05:30:00Z",
				"Africa/Cairo, 2027-04-30, 00:00, 2027-04-30T01:00, 2027-04-29T22:00:00Z",
				"Europe/London, 2027-03-28, 01:30, 2027-03-28T02:30, 2027-03-28T01:30:00Z",
				"Europe/London, 2027-03-28, 01:00, 2027-03-28T02:00, 2027-03-28T01:00:00Z" })
		void sendTimeInDstGapMovesForwardByTheGap(ZoneId zone, LocalDate date, LocalTime sendAt,
				LocalDateTime expectedLocal, Instant expected) {
			Instant due = OccasionCalendar.dueAt(date, 0, sendAt, zone, SendWindow.ALL_DAY);

			assertThat(due).isEqualTo(expected);
			assertThat(LocalDateTime.ofInstant(due, zone)).isEqualTo(expectedLocal);
		}

		@ParameterizedTest(name = "{0} {1} at {2}")
		@CsvSource({ "Europe/London, 2027-10-31, 01:30, 2027-10-31T00:30:00Z",
				"Europe/London, 2027-10-31, 01:00, 2027-10-31T00:00:00Z",
				"America/Havana, 2027-11-07, 00:30, 2027-11-07T04:30:00Z",
				"Africa/Cairo, 2027-10-28, 23:30, 2027-10-28T20:30:00Z" })
		void sendTimeInDstOverlapTakesTheEarlierInstant(ZoneId zone, LocalDate date, LocalTime sendAt,
				Instant expected) {
			Instant due = OccasionCalendar.dueAt(date, 0, sendAt, zone, SendWindow.ALL_DAY);

			assertThat(due).isEqualTo(expected);
			// The same local time recurs one hour later; the earlier one is chosen.
			assertThat(LocalDateTime.ofInstant(due.plusSeconds(3600), zone)).isEqualTo(date.atTime(sendAt));
		}

		@Test
		void kiritimatiAndPagoPagoBirthdaysOnTheSameDateAre25HoursApart() {
			LocalDate birthday = LocalDate.of(2027, 3, 14);

			Instant kiritimati = OccasionCalendar.dueAt(birthday, 0, NINE, KIRITIMATI, OFFICE_HOURS);
			Instant pagoPago = OccasionCalendar.dueAt(birthday, 0, NINE, PAGO_PAGO, OFFICE_HOURS);

			assertThat(kiritimati).isEqualTo("2027-03-13T19:00:00Z");
			assertThat(pagoPago).isEqualTo("2027-03-14T20:00:00Z");
			assertThat(Duration.between(kiritimati, pagoPago)).isEqualTo(Duration.ofHours(25));
		}

		@Test
		void sendTimeBeforeWindowMovesToThatDaysOpening() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 3, 14), 0, LocalTime.of(7, 0), PARIS, OFFICE_HOURS))
				.isEqualTo("2027-03-14T08:00:00Z");
		}

		@Test
		void sendTimeAfterWindowMovesToNextDaysOpening() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 3, 14), 0, LocalTime.of(20, 0), PARIS, OFFICE_HOURS))
				.isEqualTo("2027-03-15T08:00:00Z");
		}

		@Test
		void sendTimeInsideWindowIsKept() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 3, 14), 0, LocalTime.of(12, 15), PARIS, OFFICE_HOURS))
				.isEqualTo("2027-03-14T11:15:00Z");
		}

		@Test
		void windowIsAppliedInTheContactsZone() {
			// 20:00 in Tokyo is after the window: 09:00 next day Tokyo, 00:00 UTC.
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 3, 14), 0, LocalTime.of(20, 0),
					ZoneId.of("Asia/Tokyo"), OFFICE_HOURS))
				.isEqualTo("2027-03-15T00:00:00Z");
		}

		@Test
		void windowMoveCanCrossTheYearEnd() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 12, 31), 0, LocalTime.of(20, 0), UTC, OFFICE_HOURS))
				.isEqualTo("2028-01-01T09:00:00Z");
		}

		@Test
		void midnightSendTimeInHavanaGapStillWaitsForTheWindow() {
			assertThat(OccasionCalendar.dueAt(LocalDate.of(2027, 3, 14), 0, LocalTime.MIDNIGHT, HAVANA, OFFICE_HOURS))
				.isEqualTo("2027-03-14T13:00:00Z");
		}

		@Test
		void feb29InNonLeapYearIsAPlainFeb28UnderTheDefaultPolicy() {
			assertThat(Year.isLeap(2027)).isFalse();
			assertThat(OccasionCalendar.dueAt(LeapDayPolicy.FEB_28.occurrence(2, 29, 2027), 0, NINE, UTC, OFFICE_HOURS))
				.isEqualTo(OccasionCalendar.dueAt(LocalDate.of(2027, 2, 28), 0, NINE, UTC, OFFICE_HOURS));
		}

	}

	@Nested
	class AfterSaleDue {

		@Test
		void saleAt23LocalIsThankedNextMorningAtNine() {
			Instant sale = ZonedDateTime.of(2027, 3, 14, 23, 0, 0, 0, PARIS).toInstant();

			assertThat(OccasionCalendar.afterSaleDue(sale, Duration.ZERO, PARIS, OFFICE_HOURS))
				.isEqualTo(ZonedDateTime.of(2027, 3, 15, 9, 0, 0, 0, PARIS).toInstant());
		}

		@Test
		void delayEndingAfterCloseIsThankedNextMorning() {
			Instant sale = ZonedDateTime.of(2027, 3, 14, 17, 30, 0, 0, PARIS).toInstant();

			assertThat(OccasionCalendar.afterSaleDue(sale, Duration.ofHours(1), PARIS, OFFICE_HOURS))
				.isEqualTo("2027-03-15T08:00:00Z");
		}

		@Test
		void delayEndingInsideWindowIsKept() {
			Instant sale = Instant.parse("2027-03-14T09:12:34Z");

			assertThat(OccasionCalendar.afterSaleDue(sale, Duration.ofMinutes(30), PARIS, OFFICE_HOURS))
				.isEqualTo("2027-03-14T09:42:34Z");
		}

		@Test
		void delayEndingBeforeOpeningWaitsForTheOpening() {
			Instant sale = ZonedDateTime.of(2027, 3, 14, 5, 0, 0, 0, PARIS).toInstant();

			assertThat(OccasionCalendar.afterSaleDue(sale, Duration.ofHours(1), PARIS, OFFICE_HOURS))
				.isEqualTo("2027-03-14T08:00:00Z");
		}

		@Test
		void windowIsAppliedInTheContactsZoneNotUtc() {
			// 15:00 UTC is inside 09–18 in UTC, but 00:00 next day in Tokyo.
			Instant sale = Instant.parse("2027-03-14T15:00:00Z");

			assertThat(OccasionCalendar.afterSaleDue(sale, Duration.ZERO, ZoneId.of("Asia/Tokyo"), OFFICE_HOURS))
				.isEqualTo("2027-03-15T00:00:00Z");
		}

		@Test
		void allDayWindowSendsExactlyAfterTheDelay() {
			Instant sale = Instant.parse("2027-03-14T02:00:00Z");

			assertThat(OccasionCalendar.afterSaleDue(sale, Duration.ofMinutes(90), PARIS, SendWindow.ALL_DAY))
				.isEqualTo("2027-03-14T03:30:00Z");
		}

		@Test
		void negativeDelayIsRejected() {
			assertThatIllegalArgumentException()
				.isThrownBy(
						() -> OccasionCalendar.afterSaleDue(Instant.EPOCH, Duration.ofMinutes(-1), UTC, OFFICE_HOURS))
				.withMessage("delay must not be negative, got PT-1M");
		}

	}

	@Nested
	class OccasionsDueBetween {

		@Test
		void jan2GreetedThreeDaysBeforeIsReportedAsJan2OfTheNextYear() {
			assertThat(due(1, 2, LeapDayPolicy.FEB_28, -3, NINE, UTC, OFFICE_HOURS, "2026-12-29T00:00:00Z",
					"2027-01-01T00:00:00Z"))
				.containsExactly(LocalDate.of(2027, 1, 2));
		}

		@Test
		void jan2GreetedThreeDaysBeforeIsNotDueInTheFirstDaysOfJanuary() {
			assertThat(due(1, 2, LeapDayPolicy.FEB_28, -3, NINE, UTC, OFFICE_HOURS, "2027-01-01T00:00:00Z",
					"2027-01-05T00:00:00Z"))
				.isEmpty();
		}

		@Test
		void dec31SentAfterCloseIsDueOnJan1AndReportedAsDec31() {
			assertThat(due(12, 31, LeapDayPolicy.FEB_28, 0, LocalTime.of(20, 0), UTC, OFFICE_HOURS,
					"2027-01-01T00:00:00Z", "2027-01-02T00:00:00Z"))
				.containsExactly(LocalDate.of(2026, 12, 31));
		}

		@Test
		void jan1InKiritimatiIsDueOnDec31Utc() {
			assertThat(due(1, 1, LeapDayPolicy.FEB_28, 0, NINE, KIRITIMATI, OFFICE_HOURS, "2026-12-31T00:00:00Z",
					"2027-01-01T00:00:00Z"))
				.containsExactly(LocalDate.of(2027, 1, 1));
			assertThat(due(1, 1, LeapDayPolicy.FEB_28, 0, NINE, KIRITIMATI, OFFICE_HOURS, "2027-01-01T00:00:00Z",
					"2027-01-02T00:00:00Z"))
				.isEmpty();
		}

		@Test
		void dec31InPagoPagoIsDueOnDec31Utc() {
			assertThat(due(12, 31, LeapDayPolicy.FEB_28, 0, NINE, PAGO_PAGO, OFFICE_HOURS, "2027-12-31T00:00:00Z",
					"2028-01-01T00:00:00Z"))
				.containsExactly(LocalDate.of(2027, 12, 31));
		}

		@Test
		void horizonIsHalfOpen() {
			// Due 2027-03-14T08:00Z in Paris.
			assertThat(due(3, 14, LeapDayPolicy.FEB_28, 0, NINE, PARIS, OFFICE_HOURS, "2027-03-14T08:00:00Z",
					"2027-03-14T08:00:01Z"))
				.containsExactly(LocalDate.of(2027, 3, 14));
			assertThat(due(3, 14, LeapDayPolicy.FEB_28, 0, NINE, PARIS, OFFICE_HOURS, "2027-03-13T08:00:00Z",
					"2027-03-14T08:00:00Z"))
				.isEmpty();
		}

		@Test
		void windowMoveDecidesWhichHorizonAnOccasionFallsIn() {
			// 20:00 is after the window: the Mar 14 greeting goes out on Mar 15 at 09:00.
			assertThat(due(3, 14, LeapDayPolicy.FEB_28, 0, LocalTime.of(20, 0), UTC, OFFICE_HOURS,
					"2027-03-14T00:00:00Z", "2027-03-15T00:00:00Z"))
				.isEmpty();
			assertThat(due(3, 14, LeapDayPolicy.FEB_28, 0, LocalTime.of(20, 0), UTC, OFFICE_HOURS,
					"2027-03-15T00:00:00Z", "2027-03-16T00:00:00Z"))
				.containsExactly(LocalDate.of(2027, 3, 14));
		}

		@Test
		void birthdayOnFeb29FallsOnFeb28InNonLeapYears() {
			assertThat(due(2, 29, LeapDayPolicy.FEB_28, 0, NINE, UTC, OFFICE_HOURS, "2026-01-01T00:00:00Z",
					"2029-01-01T00:00:00Z"))
				.containsExactly(LocalDate.of(2026, 2, 28), LocalDate.of(2027, 2, 28), LocalDate.of(2028, 2, 29));
		}

		@Test
		void birthdayOnFeb29FallsOnMar1InNonLeapYearsUnderMar1Policy() {
			assertThat(due(2, 29, LeapDayPolicy.MAR_1, 0, NINE, UTC, OFFICE_HOURS, "2026-01-01T00:00:00Z",
					"2029-01-01T00:00:00Z"))
				.containsExactly(LocalDate.of(2026, 3, 1), LocalDate.of(2027, 3, 1), LocalDate.of(2028, 2, 29));
		}

		@Test
		void multiYearHorizonListsEachYearSorted() {
			assertThat(due(7, 4, LeapDayPolicy.FEB_28, 0, NINE, UTC, SendWindow.ALL_DAY, "2024-07-04T09:00:00Z",
					"2027-07-04T09:00:00Z"))
				.containsExactly(LocalDate.of(2024, 7, 4), LocalDate.of(2025, 7, 4), LocalDate.of(2026, 7, 4));
		}

		@Test
		void offsetOfAMonthBeforeReachesBackIntoThePreviousYear() {
			assertThat(due(1, 15, LeapDayPolicy.FEB_28, -30, NINE, UTC, OFFICE_HOURS, "2026-12-16T00:00:00Z",
					"2026-12-17T00:00:00Z"))
				.containsExactly(LocalDate.of(2027, 1, 15));
		}

		@Test
		void emptyHorizonHasNothingDue() {
			assertThat(due(3, 14, LeapDayPolicy.FEB_28, 0, NINE, PARIS, OFFICE_HOURS, "2027-03-14T08:00:00Z",
					"2027-03-14T08:00:00Z"))
				.isEmpty();
		}

		@Test
		void horizonEndingBeforeItStartsIsRejected() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> due(3, 14, LeapDayPolicy.FEB_28, 0, NINE, PARIS, OFFICE_HOURS, "2027-03-14T08:00:00Z",
						"2027-03-14T07:00:00Z"))
				.withMessage("to (2027-03-14T07:00:00Z) must not be before from (2027-03-14T08:00:00Z)");
		}

		@ParameterizedTest(name = "month {0}, day {1}")
		@CsvSource({ "4, 31", "2, 30", "13, 1", "0, 0" })
		void impossibleDateIsRejectedEvenForAnEmptyHorizon(int month, int day) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> due(month, day, LeapDayPolicy.FEB_28, 0, NINE, UTC, OFFICE_HOURS,
						"2027-03-14T00:00:00Z", "2027-03-14T00:00:00Z"))
				.withMessageStartingWith("No such date: month " + month + ", day " + day);
		}

		private static List<LocalDate> due(int month, int day, LeapDayPolicy policy, int offsetDays, LocalTime sendAt,
				ZoneId zone, SendWindow window, String from, String to) {
			return OccasionCalendar.occasionsDueBetween(month, day, policy, offsetDays, sendAt, zone, window,
					Instant.parse(from), Instant.parse(to));
		}

	}

	@Nested
	class CandidateMonthDays {

		@Test
		void areTheUtcDatesFromTwoDaysBeforeToTwoDaysAfter() {
			assertThat(candidates("2027-03-10T00:00:00Z", "2027-03-11T00:00:00Z", 0, LeapDayPolicy.FEB_28))
				.containsExactlyInAnyOrder(md(3, 8), md(3, 9), md(3, 10), md(3, 11), md(3, 12), md(3, 13));
		}

		@Test
		void areShiftedBackByTheOffset() {
			// Greeting 3 days before: a horizon on Dec 30 concerns Jan 2 occasions.
			assertThat(candidates("2026-12-30T00:00:00Z", "2026-12-31T00:00:00Z", -3, LeapDayPolicy.FEB_28))
				.containsExactlyInAnyOrder(md(12, 31), md(1, 1), md(1, 2), md(1, 3), md(1, 4), md(1, 5));
		}

		@Test
		void includeFeb29WhenFeb28IsInRangeOfANonLeapYearUnderFeb28Policy() {
			assertThat(candidates("2027-02-26T00:00:00Z", "2027-02-26T01:00:00Z", 0, LeapDayPolicy.FEB_28))
				.contains(md(2, 28), md(2, 29));
			assertThat(candidates("2027-02-26T00:00:00Z", "2027-02-26T01:00:00Z", 0, LeapDayPolicy.MAR_1))
				.contains(md(2, 28))
				.doesNotContain(md(2, 29));
		}

		@Test
		void includeFeb29WhenMar1IsInRangeOfANonLeapYearUnderMar1Policy() {
			assertThat(candidates("2027-03-03T00:00:00Z", "2027-03-03T01:00:00Z", 0, LeapDayPolicy.MAR_1))
				.contains(md(3, 1), md(2, 29))
				.doesNotContain(md(2, 28));
			assertThat(candidates("2027-03-03T00:00:00Z", "2027-03-03T01:00:00Z", 0, LeapDayPolicy.FEB_28))
				.doesNotContain(md(2, 29));
		}

		@ParameterizedTest
		@EnumSource(LeapDayPolicy.class)
		void includeFeb29InLeapYearsOnlyWhenFeb29ItselfIsInRange(LeapDayPolicy policy) {
			assertThat(candidates("2028-02-26T00:00:00Z", "2028-02-26T12:00:00Z", 0, policy)).contains(md(2, 28))
				.doesNotContain(md(2, 29));
			assertThat(candidates("2028-03-03T00:00:00Z", "2028-03-03T12:00:00Z", 0, policy)).contains(md(3, 1))
				.doesNotContain(md(2, 29));
			assertThat(candidates("2028-02-27T00:00:00Z", "2028-02-27T12:00:00Z", 0, policy)).contains(md(2, 29));
		}

		@Test
		void includeFeb29WhenAnOffsetMapsTheHorizonOntoIt() {
			// A week before: a horizon on Feb 21, 2027 concerns Feb 28 (and Feb 29).
			assertThat(candidates("2027-02-21T00:00:00Z", "2027-02-21T06:00:00Z", -7, LeapDayPolicy.FEB_28))
				.contains(md(2, 28), md(2, 29));
		}

		@Test
		void aPlanningHorizonOf26HoursGivesAHandfulOfDates() {
			for (Instant from = Instant.parse("2027-01-01T00:00:00Z"); from
				.isBefore(Instant.parse("2029-01-01T00:00:00Z")); from = from.plusSeconds(7 * 3600)) {
				assertThat(OccasionCalendar.candidateMonthDays(from, from.plus(Duration.ofHours(26)), 0,
						LeapDayPolicy.FEB_28))
					.hasSizeBetween(6, 8);
			}
		}

		@Test
		void aHorizonOfAYearOrMoreGivesEveryDate() {
			assertThat(candidates("2027-01-01T00:00:00Z", "2029-06-01T00:00:00Z", 0, LeapDayPolicy.FEB_28))
				.hasSize(366);
		}

		@Test
		void emptyHorizonGivesNoDates() {
			assertThat(candidates("2027-03-10T00:00:00Z", "2027-03-10T00:00:00Z", 0, LeapDayPolicy.FEB_28)).isEmpty();
		}

		@Test
		void horizonEndingBeforeItStartsIsRejected() {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> candidates("2027-03-10T00:00:00Z", "2027-03-09T00:00:00Z", 0, LeapDayPolicy.FEB_28))
				.withMessageContaining("must not be before from");
		}

		/**
		 * The planner's correctness rests on this: whatever the zone, send time, window,
		 * offset and policy, an occasion due in the horizon has its (month, day) among
		 * the candidates.
		 */
		@Test
		void coverEveryOccasionDueInAnyZone() {
			List<ZoneId> zones = List.of(KIRITIMATI, PAGO_PAGO, ZoneId.of("Etc/GMT+12"), ZoneId.of("Etc/GMT-14"),
					ZoneId.of("Pacific/Chatham"), ZoneId.of("Australia/Lord_Howe"), HAVANA, CAIRO, LONDON, UTC);
			List<LocalTime> sendTimes = List.of(LocalTime.MIDNIGHT, NINE, LocalTime.of(23, 59));
			List<SendWindow> windows = List.of(SendWindow.ALL_DAY, OFFICE_HOURS,
					new SendWindow(LocalTime.of(23, 0), LocalTime.MIDNIGHT),
					new SendWindow(LocalTime.MIDNIGHT, LocalTime.of(0, 30)),
					// Sent after an evening window: the latest a due time can be pushed.
					new SendWindow(LocalTime.of(20, 0), LocalTime.of(21, 0)));
			List<Integer> offsets = List.of(0, -3, 7);
			List<Instant> horizonStarts = List.of(Instant.parse("2026-12-30T12:00:00Z"),
					Instant.parse("2027-02-27T00:00:00Z"), Instant.parse("2027-03-01T06:00:00Z"),
					Instant.parse("2028-02-28T10:00:00Z"), Instant.parse("2027-03-13T00:00:00Z"),
					Instant.parse("2027-10-30T18:00:00Z"));
			Duration horizon = Duration.ofHours(26);
			int checked = 0;
			for (LeapDayPolicy policy : LeapDayPolicy.values()) {
				for (int offset : offsets) {
					Map<Instant, Set<MonthDay>> candidates = new HashMap<>();
					for (Instant from : horizonStarts) {
						candidates.put(from,
								OccasionCalendar.candidateMonthDays(from, from.plus(horizon), offset, policy));
					}
					for (ZoneId zone : zones) {
						for (LocalTime sendAt : sendTimes) {
							for (SendWindow window : windows) {
								for (MonthDay monthDay : everyMonthDay()) {
									for (int year = 2026; year <= 2029; year++) {
										LocalDate occasion = policy.occurrence(monthDay.getMonthValue(),
												monthDay.getDayOfMonth(), year);
										Instant due = OccasionCalendar.dueAt(occasion, offset, sendAt, zone, window);
										for (Instant from : horizonStarts) {
											if (!due.isBefore(from) && due.isBefore(from.plus(horizon))) {
												checked++;
												if (!candidates.get(from).contains(monthDay)) {
													fail("%s (%s) in %s at %s, %s, offset %d, %s is due %s, but %s is not among %s",
															monthDay, occasion, zone, sendAt, window, offset, policy,
															due, monthDay, candidates.get(from));
												}
											}
										}
									}
								}
							}
						}
					}
				}
			}
			assertThat(checked).as("occasions checked").isGreaterThan(4_000);
		}

		private static List<MonthDay> everyMonthDay() {
			List<MonthDay> all = new ArrayList<>();
			for (LocalDate date = LocalDate.of(2028, 1, 1); date.getYear() == 2028; date = date.plusDays(1)) {
				all.add(MonthDay.from(date));
			}
			return all;
		}

		private static Set<MonthDay> candidates(String from, String to, int offsetDays, LeapDayPolicy policy) {
			return OccasionCalendar.candidateMonthDays(Instant.parse(from), Instant.parse(to), offsetDays, policy);
		}

		private static MonthDay md(int month, int day) {
			return MonthDay.of(month, day);
		}

	}

	@Nested
	class YearsOn {

		@ParameterizedTest(name = "since {0}, on {1}: {2}")
		@CsvSource({ "2019, 2027-03-14, 8", "2026, 2027-01-02, 1", "2027, 2027-03-14, 0", "2000, 2027-02-28, 27",
				"1990, 2026-12-31, 36" })
		void countsWholeYearsSinceTheFirstOccurrence(int year, LocalDate occasion, int expected) {
			assertThat(OccasionCalendar.yearsOn(year, occasion)).isEqualTo(expected);
		}

		@Test
		void isNullWhenTheYearIsUnknown() {
			assertThat(OccasionCalendar.yearsOn(null, LocalDate.of(2027, 3, 14))).isNull();
		}

		@Test
		void isNegativeForAnOccasionBeforeTheFirstYear() {
			assertThat(OccasionCalendar.yearsOn(2030, LocalDate.of(2027, 3, 14))).isEqualTo(-3);
		}

	}

}
