package io.gratitude.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.gratitude.mail.DeliverySettings;
import io.gratitude.outreach.OutreachQueue.DuePartner;
import io.gratitude.outreach.OutreachQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims the due outreach of one dispatch batch, shared fairly between partners and
 * within each partner's messages per minute.
 * <p>
 * A claim looks at up to one batch's worth of partners with due rows, starting after
 * where the previous claim's window ended (so that with more partners due than a batch
 * has rows, each partner gets its turn). It gives each partner its allowance: its limit
 * (its own {@code maxPerMinute}, else {@code gratitude.delivery.max-per-minute}; 0 there
 * for none) minus its messages sent in the last minute by the clock, minus its rows in
 * flight (SENDING). Then it shares the batch between them ({@link FairShare}), each
 * partner's oldest due rows first. A partner with no allowance left is not claimed at
 * all: its rows stay as they are, with no attempt, until the minute has room again.
 * <p>
 * Claims take turns across the cluster ({@link OutreachQueue#awaitClaimTurn()}: a one-row
 * lock held for the few milliseconds of a claim, as Quartz does with its
 * {@code QRTZ_LOCKS}), so that what other workers and nodes have just claimed is counted
 * before an allowance is computed: a partner's limit holds for the cluster, not per
 * worker. In READ COMMITTED, so that each count sees what the claims before it committed.
 */
@Component
class FairClaims {

	private static final Logger log = LoggerFactory.getLogger(FairClaims.class);

	/** The window a partner's messages per minute are counted in. */
	static final Duration RATE_WINDOW = Duration.ofMinutes(1);

	private final OutreachQueue queue;

	private final DeliverySettings delivery;

	private final TransactionTemplate transactions;

	FairClaims(OutreachQueue queue, DeliverySettings delivery, PlatformTransactionManager transactionManager) {
		this.queue = queue;
		this.delivery = delivery;
		this.transactions = new TransactionTemplate(transactionManager);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
	}

	/**
	 * Claims up to {@code batchSize} due rows for {@code node} (SENDING with a lease), in
	 * a transaction of its own; none when nothing is due, without waiting for a turn.
	 * @return the ids claimed
	 */
	List<Long> claim(Instant now, int batchSize, String node, Duration lease) {
		if (!this.queue.anyDue(now)) {
			return List.of();
		}
		List<Long> claimed = this.transactions.execute(status -> claimInTurn(now, batchSize, node, lease));
		return (claimed != null) ? claimed : List.of();
	}

	private List<Long> claimInTurn(Instant now, int batchSize, String node, Duration lease) {
		long after = this.queue.awaitClaimTurn();
		List<DuePartner> window = this.queue.duePartners(now, after, batchSize);
		if (window.isEmpty()) {
			return List.of();
		}
		List<Long> claimed = new ArrayList<>();
		FairShare.share(batchSize, allowances(window, now, batchSize), (partner, rows) -> {
			List<Long> ids = this.queue.claimDue(partner, now, rows, node, lease);
			claimed.addAll(ids);
			return ids.size();
		});
		// A full window: more partners may be due, the next claim starts after this
		// window. Otherwise after its first partner, so that the order in which partners
		// are offered their shares (and the rounding up) goes round too.
		DuePartner next = (window.size() == batchSize) ? window.get(window.size() - 1) : window.get(0);
		this.queue.passClaimTurn(next.partnerId());
		return claimed;
	}

	/** What each partner of the window may be given now, in window order. */
	private Map<Long, Integer> allowances(List<DuePartner> window, Instant now, int batchSize) {
		List<Long> limited = window.stream().filter(p -> limitOf(p) > 0).map(DuePartner::partnerId).toList();
		Map<Long, Integer> used = limited.isEmpty() ? Map.of() : this.queue.rateUsed(limited, now.minus(RATE_WINDOW));
		Map<Long, Integer> allowances = new LinkedHashMap<>();
		for (DuePartner partner : window) {
			int limit = limitOf(partner);
			int allowance = (limit == 0) ? batchSize
					: Math.max(0, Math.min(batchSize, limit - used.getOrDefault(partner.partnerId(), 0)));
			if (allowance == 0) {
				log.debug("partner={} is at its limit of {} messages per minute; its due messages wait",
						partner.partnerId(), limit);
			}
			allowances.put(partner.partnerId(), allowance);
		}
		return allowances;
	}

	/** The partner's messages per minute; 0 for no limit. */
	private int limitOf(DuePartner partner) {
		return (partner.maxPerMinute() != null) ? partner.maxPerMinute() : this.delivery.maxPerMinute();
	}

}
