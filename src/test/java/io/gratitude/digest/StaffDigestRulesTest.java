package io.gratitude.digest;

import java.time.LocalDate;
import java.time.MonthDay;

import io.gratitude.contact.DateKind;
import io.gratitude.partner.LeapDayPolicy;
import io.gratitude.system.InvalidField;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The digest's pure rules: suggested gestures, candidate days, settings bounds. */
class StaffDigestRulesTest {

	@Test
	void longTenureOrManyPurchasesSuggestAGift() {
		assertThat(StaffDigestGestures.suggest(DateKind.BIRTHDAY, true, 5, 0)).isEqualTo("a small gift");
		assertThat(StaffDigestGestures.suggest(DateKind.CUSTOM, false, 0, 10)).isEqualTo("a small gift");
		assertThat(StaffDigestGestures.suggest(DateKind.CLIENT_ANNIVERSARY, true, 4, 9))
			.isEqualTo("a handwritten card");
		assertThat(StaffDigestGestures.suggest(DateKind.BIRTHDAY, true, 1, 2)).isEqualTo("a call");
		assertThat(StaffDigestGestures.suggest(DateKind.BIRTHDAY, false, 0, 2)).isEqualTo("a handwritten card");
		// Years as a client mean nothing for a customer.
		assertThat(StaffDigestGestures.suggest(DateKind.BIRTHDAY, false, 8, 0)).isEqualTo("a handwritten card");
	}

	@Test
	void february29IsACandidateWhereThePolicyPlacesIt() {
		assertThat(StaffDigestContents.candidateMonthDays(LocalDate.of(2027, 2, 28), LocalDate.of(2027, 2, 28),
				LeapDayPolicy.FEB_28))
			.containsExactlyInAnyOrder(MonthDay.of(2, 28), MonthDay.of(2, 29));
		assertThat(StaffDigestContents.candidateMonthDays(LocalDate.of(2027, 2, 28), LocalDate.of(2027, 2, 28),
				LeapDayPolicy.MAR_1))
			.containsExactly(MonthDay.of(2, 28));
		assertThat(StaffDigestContents.candidateMonthDays(LocalDate.of(2028, 2, 28), LocalDate.of(2028, 3, 1),
				LeapDayPolicy.FEB_28))
			.containsExactlyInAnyOrder(MonthDay.of(2, 28), MonthDay.of(2, 29), MonthDay.of(3, 1));
	}

	@Test
	void settingsAreBounded() {
		assertThatThrownBy(() -> new StaffDigestSettings(true, 24, 7)).isInstanceOf(InvalidField.class);
		assertThatThrownBy(() -> new StaffDigestSettings(true, 8, 0)).isInstanceOf(InvalidField.class);
		assertThatThrownBy(() -> new StaffDigestSettings(true, 8, 61)).isInstanceOf(InvalidField.class);
		assertThat(StaffDigestSettings.DEFAULTS).isEqualTo(new StaffDigestSettings(true, 8, 7));
	}

}
