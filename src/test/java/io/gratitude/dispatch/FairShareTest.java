package io.gratitude.dispatch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The arithmetic of a fair claim: equal shares, rounded up, within each partner's
 * allowance; what one partner cannot use goes to those that can.
 */
class FairShareTest {

	/** Partners' due rows, as a claim would find them. */
	private final Map<Long, Integer> due = new HashMap<>();

	/** Every call to take, in order: "partner:asked→got". */
	private final List<String> calls = new ArrayList<>();

	private int take(long partner, int rows) {
		int got = Math.min(rows, this.due.getOrDefault(partner, 0));
		this.due.merge(partner, -got, Integer::sum);
		this.calls.add(partner + ":" + rows + "→" + got);
		return got;
	}

	private static Map<Long, Integer> allowances(long... partnerAndAllowance) {
		Map<Long, Integer> allowances = new LinkedHashMap<>();
		for (int i = 0; i < partnerAndAllowance.length; i += 2) {
			allowances.put(partnerAndAllowance[i], (int) partnerAndAllowance[i + 1]);
		}
		return allowances;
	}

	@Test
	void aPartnerWithTenDueGetsAllTenBesideOneWithTenThousandWhichGetsTheRest() {
		this.due.put(1L, 10_000);
		this.due.put(2L, 10);

		Map<Long, Integer> taken = FairShare.share(100, allowances(1, 100, 2, 100), this::take);

		assertThat(taken).containsExactly(entry(1L, 90), entry(2L, 10));
		// Half each first; the small partner's unused 40 go to the big one.
		assertThat(this.calls).containsExactly("1:50→50", "2:50→10", "1:40→40");
	}

	@Test
	void theBatchIsSharedEquallyRoundedUpInOfferOrder() {
		this.due.put(1L, 1_000);
		this.due.put(2L, 1_000);
		this.due.put(3L, 1_000);

		assertThat(FairShare.share(100, allowances(1, 100, 2, 100, 3, 100), this::take)).containsExactly(entry(1L, 34),
				entry(2L, 34), entry(3L, 32));
	}

	@Test
	void aPartnerGetsNoMoreThanItsAllowanceAndNoneAtZero() {
		this.due.put(1L, 1_000);
		this.due.put(2L, 1_000);
		this.due.put(3L, 1_000);

		Map<Long, Integer> taken = FairShare.share(100, allowances(1, 5, 2, 0, 3, 100), this::take);

		assertThat(taken).containsExactly(entry(1L, 5), entry(3L, 95));
		assertThat(this.calls).noneMatch(call -> call.startsWith("2:"));
	}

	@Test
	void morePartnersThanRowsGetOneEachInOfferOrderUntilTheBatchIsFull() {
		Map<Long, Integer> allowances = new LinkedHashMap<>();
		for (long partner = 1; partner <= 5; partner++) {
			this.due.put(partner, 10);
			allowances.put(partner, 10);
		}

		assertThat(FairShare.share(3, allowances, this::take)).containsExactly(entry(1L, 1), entry(2L, 1),
				entry(3L, 1));
	}

	@Test
	void itEndsWhenNothingMoreIsDueEvenWithRoomLeft() {
		this.due.put(1L, 3);
		this.due.put(2L, 4);

		assertThat(FairShare.share(100, allowances(1, 100, 2, 100), this::take)).containsExactly(entry(1L, 3),
				entry(2L, 4));
		assertThat(FairShare.share(100, allowances(), this::take)).isEmpty();
	}

}
