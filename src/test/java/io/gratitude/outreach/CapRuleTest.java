package io.gratitude.outreach;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The frequency cap's arithmetic ({@link SendRules#capOpening}), case by case. */
class CapRuleTest {

	private static final Duration CAP = Duration.ofHours(72);

	private static final Instant NOW = Instant.parse("2027-05-10T08:00:00Z");

	@Test
	void noCapNoWait() {
		assertThat(
				SendRules.capOpening(Duration.ZERO, birthday(NOW), NOW, NOW.minusSeconds(60), List.of(thankYou(NOW))))
			.isEqualTo(NOW);
	}

	@Test
	void aMessageWaitsForThePeriodAfterTheLastOne() {
		Instant last = NOW.minus(Duration.ofHours(10));
		assertThat(SendRules.capOpening(CAP, birthday(NOW), NOW, last, List.of())).isEqualTo(last.plus(CAP));
		// Exactly a period later it may go.
		assertThat(SendRules.capOpening(CAP, birthday(NOW), NOW, NOW.minus(CAP), List.of())).isEqualTo(NOW);
	}

	@Test
	void aLessImportantMessageYieldsToOneDueWithinThePeriod() {
		Instant later = NOW.plus(Duration.ofHours(71));
		assertThat(SendRules.capOpening(CAP, birthday(NOW), NOW, null, List.of(thankYou(later))))
			.isEqualTo(later.plus(CAP));
		// Due a period or more from now: it cannot be capped by this one.
		assertThat(SendRules.capOpening(CAP, birthday(NOW), NOW, null, List.of(thankYou(NOW.plus(CAP)))))
			.isEqualTo(NOW);
		// The more important one does not yield to a less important one.
		assertThat(SendRules.capOpening(CAP, thankYou(later), later, null, List.of(birthday(NOW)))).isEqualTo(later);
	}

	@Test
	void ofTwoEquallyImportantTheEarlierWinsAndOfTwoAtOnceExactlyOneYields() {
		SendRules.Ranked first = thankYou(NOW);
		SendRules.Ranked second = new SendRules.Ranked(10, NOW.plusSeconds(3600), "after-sale-thanks", "sale:B");
		assertThat(SendRules.capOpening(CAP, first, NOW, null, List.of(second))).isEqualTo(NOW);
		assertThat(SendRules.capOpening(CAP, second, NOW.plusSeconds(3600), null, List.of(first)))
			.isEqualTo(NOW.plus(CAP));
		SendRules.Ranked a = new SendRules.Ranked(10, NOW, "after-sale-thanks", "sale:A");
		SendRules.Ranked b = new SendRules.Ranked(10, NOW, "after-sale-thanks", "sale:B");
		boolean aGoes = SendRules.capOpening(CAP, a, NOW, null, List.of(b)).equals(NOW);
		boolean bGoes = SendRules.capOpening(CAP, b, NOW, null, List.of(a)).equals(NOW);
		assertThat(aGoes ^ bGoes).isTrue();
	}

	@Test
	void theLaterOfLastSentAndTheYieldWins() {
		Instant last = NOW.minus(Duration.ofHours(1));
		Instant rival = NOW.minus(Duration.ofHours(5));
		assertThat(SendRules.capOpening(CAP, birthday(NOW), NOW, last, List.of(thankYou(rival))))
			.isEqualTo(last.plus(CAP));
	}

	private static SendRules.Ranked birthday(Instant due) {
		return new SendRules.Ranked(30, due, "birthday", "birthday@2027-05-10");
	}

	private static SendRules.Ranked thankYou(Instant due) {
		return new SendRules.Ranked(10, due, "after-sale-thanks", "sale:A");
	}

}
