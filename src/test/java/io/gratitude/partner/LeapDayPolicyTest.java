package io.gratitude.partner;

import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LeapDayPolicyTest {

	@ParameterizedTest(name = "Feb 29 in {0} falls on {1}")
	@CsvSource({ "2025, 2025-02-28", "2026, 2026-02-28", "2027, 2027-02-28", "2100, 2100-02-28", "1900, 1900-02-28" })
	void birthdayOnFeb29FallsOnFeb28InNonLeapYears(int year, LocalDate expected) {
		assertThat(LeapDayPolicy.FEB_28.occurrence(2, 29, year)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "Feb 29 in {0} falls on {1}")
	@CsvSource({ "2025, 2025-03-01", "2026, 2026-03-01", "2027, 2027-03-01", "2100, 2100-03-01", "1900, 1900-03-01" })
	void birthdayOnFeb29FallsOnMar1InNonLeapYearsUnderMar1Policy(int year, LocalDate expected) {
		assertThat(LeapDayPolicy.MAR_1.occurrence(2, 29, year)).isEqualTo(expected);
	}

	@ParameterizedTest(name = "{0} in {1}")
	@CsvSource({ "FEB_28, 2024", "FEB_28, 2028", "FEB_28, 2000", "MAR_1, 2024", "MAR_1, 2028", "MAR_1, 2000" })
	void birthdayOnFeb29FallsOnFeb29InLeapYearsUnderEitherPolicy(LeapDayPolicy policy, int year) {
		assertThat(policy.occurrence(2, 29, year)).isEqualTo(LocalDate.of(year, 2, 29));
	}

	@ParameterizedTest
	@EnumSource(LeapDayPolicy.class)
	void feb28AndMar1AreThemselvesInEveryYear(LeapDayPolicy policy) {
		for (int year = 2020; year <= 2030; year++) {
			assertThat(policy.occurrence(2, 28, year)).isEqualTo(LocalDate.of(year, 2, 28));
			assertThat(policy.occurrence(3, 1, year)).isEqualTo(LocalDate.of(year, 3, 1));
		}
	}

	@ParameterizedTest
	@EnumSource(LeapDayPolicy.class)
	void everyOtherDateFallsOnItselfInEveryYear(LeapDayPolicy policy) {
		for (int year = 2027; year <= 2028; year++) {
			for (LocalDate date = LocalDate.of(2028, 1, 1); date.getYear() == 2028; date = date.plusDays(1)) {
				if (date.getMonthValue() == 2 && date.getDayOfMonth() == 29) {
					continue;
				}
				assertThat(policy.occurrence(date.getMonthValue(), date.getDayOfMonth(), year))
					.isEqualTo(date.withYear(year));
			}
		}
	}

	@ParameterizedTest(name = "month {0}, day {1}")
	@CsvSource({ "4, 31", "2, 30", "2, 31", "6, 31", "9, 31", "11, 31", "1, 32", "1, 0", "0, 1", "13, 1", "-1, 10" })
	void impossibleDatesAreRejected(int month, int day) {
		for (LeapDayPolicy policy : LeapDayPolicy.values()) {
			assertThatIllegalArgumentException().isThrownBy(() -> policy.occurrence(month, day, 2028))
				.withMessageStartingWith("No such date: month " + month + ", day " + day);
		}
	}

	@Test
	void yearOutOfRangeIsRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> LeapDayPolicy.FEB_28.occurrence(3, 14, 1_000_000_000))
			.withMessage("Year 1000000000 is out of range");
	}

}
