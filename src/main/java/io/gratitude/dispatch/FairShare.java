package io.gratitude.dispatch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one claim shares its batch between the partners with due messages, so that a
 * partner with thousands due cannot starve one with ten. Each partner, in turn, is
 * offered an equal share of what is left of the batch (rounded up), within its allowance
 * (what its rate limit leaves it); what a partner could not use — it had fewer due, or
 * another node held them — is offered again, in further passes, to the partners that used
 * their whole share. Pure arithmetic: {@link Take} claims the rows.
 */
final class FairShare {

	private FairShare() {
	}

	/** Claims a partner's due rows. */
	@FunctionalInterface
	interface Take {

		/** Claims up to {@code rows} of the partner's due rows; returns how many. */
		int take(long partnerId, int rows);

	}

	/**
	 * Shares up to {@code capacity} rows between the partners of {@code allowances}.
	 * @param allowances the most each partner may get, by partner id, in the order the
	 * partners are offered their shares
	 * @return how many rows each partner got, for the partners that got any, in offer
	 * order
	 */
	static Map<Long, Integer> share(int capacity, Map<Long, Integer> allowances, Take take) {
		Map<Long, Integer> taken = new LinkedHashMap<>();
		List<Long> open = new ArrayList<>();
		for (Map.Entry<Long, Integer> allowance : allowances.entrySet()) {
			if (allowance.getValue() > 0) {
				open.add(allowance.getKey());
			}
		}
		int left = capacity;
		// Each pass either fills the batch further or closes a partner: it ends.
		while (left > 0 && !open.isEmpty()) {
			int share = (left + open.size() - 1) / open.size();
			List<Long> stillOpen = new ArrayList<>();
			for (long partner : open) {
				int had = taken.getOrDefault(partner, 0);
				int ask = Math.min(Math.min(share, allowances.get(partner) - had), left);
				if (ask == 0) {
					break;
				}
				int got = take.take(partner, ask);
				if (got < 0 || got > ask) {
					throw new IllegalStateException(
							"asked for " + ask + " rows of partner " + partner + ", got " + got);
				}
				if (got > 0) {
					taken.put(partner, had + got);
				}
				left -= got;
				if (got == ask && had + got < allowances.get(partner)) {
					// It may have more due: offered again if rows are left over.
					stillOpen.add(partner);
				}
			}
			open = stillOpen;
		}
		return taken;
	}

}
