package io.gratitude.lifecycle;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gratitude.contact.ChangeReason;
import io.gratitude.contact.Contact;
import io.gratitude.contact.ContactBook;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.RelationshipChange;
import io.gratitude.contact.RelationshipHistory;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.SkipReason;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.planning.Planner;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.program.Trigger;
import io.gratitude.sale.Buyer;
import io.gratitude.sale.Sale;
import io.gratitude.sale.Sales;
import io.gratitude.sale.SalesRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The relationship lifecycle: the partner's promotion rules, evaluated in the sale's own
 * transaction (purchase count, lifetime spend) and by the daily review (tenure); and the
 * at-risk episodes of clients without a sale for the partner's period, each of which gets
 * one personal check-in from the AT_RISK programs. A promotion goes through
 * {@link ContactBook#changeRelationship}, so it publishes the same event as the API's
 * relationship change and the client-welcome program sends one welcome, once.
 */
@Component
class RelationshipLifecycle {

	private static final Logger log = LoggerFactory.getLogger(RelationshipLifecycle.class);

	private final ContactBook book;

	private final Contacts contacts;

	private final LifecycleRules rules;

	private final RelationshipHistory history;

	private final Sales sales;

	private final Partners partners;

	private final Programs programs;

	private final OutreachQueue queue;

	private final Planner planner;

	private final TransactionTemplate transactions;

	private final Clock clock;

	RelationshipLifecycle(ContactBook book, Contacts contacts, LifecycleRules rules, RelationshipHistory history,
			Sales sales, Partners partners, Programs programs, OutreachQueue queue, Planner planner,
			TransactionTemplate transactions, Clock clock) {
		this.book = book;
		this.contacts = contacts;
		this.rules = rules;
		this.history = history;
		this.sales = sales;
		this.partners = partners;
		this.programs = programs;
		this.queue = queue;
		this.planner = planner;
		this.transactions = transactions;
		this.clock = clock;
	}

	/**
	 * In the sales' transaction, for each sale: a sale ends its client's at-risk episode
	 * and moves its next check-in (pending ones are cancelled, to be planned again from
	 * the sale), and may promote a customer by the purchase-count or lifetime-spend rule
	 * (counting this sale and the contact's earlier ones). Erased contacts are left
	 * alone. The sales being of distinct contacts, a few queries serve all of them.
	 */
	@EventListener
	@Order(100)
	void onSale(SalesRecorded recorded) {
		long partnerId = recorded.partnerId();
		Map<Long, RelationshipChange.Origin> activeAgain = new LinkedHashMap<>();
		List<Long> customers = new ArrayList<>();
		for (Sale sale : recorded.sales()) {
			Buyer buyer = recorded.buyerOf(sale);
			if (buyer.erased()) {
				continue;
			}
			if (buyer.relationship() == Relationship.CLIENT) {
				activeAgain.put(buyer.contactId(), new RelationshipChange.Origin(ChangeReason.ACTIVE_AGAIN,
						"Active again: a new purchase ended the at-risk period", "sale:" + sale.externalRef()));
			}
			else {
				customers.add(buyer.contactId());
			}
		}
		if (!activeAgain.isEmpty()) {
			this.book.endAtRisk(partnerId, activeAgain);
			List<Long> checkIns = this.programs.findEnabled(partnerId, Trigger.CHECK_IN)
				.stream()
				.map(Program::id)
				.toList();
			this.queue.cancelPending(checkIns, activeAgain.keySet(), SkipReason.DATE_CHANGED, this.clock.instant());
		}
		if (!customers.isEmpty()) {
			PromotionRules partnerRules = this.rules.find(partnerId);
			if (partnerRules.minPurchases() == null && partnerRules.minSpend() == null) {
				return;
			}
			Map<Long, Sales.Purchases> purchases = this.sales.purchasesByContact(partnerId, customers);
			for (long contactId : customers) {
				Sales.Purchases bought = purchases.getOrDefault(contactId, new Sales.Purchases(0, Map.of()));
				promotionBySales(partnerRules, bought).ifPresent(
						origin -> this.book.changeRelationship(partnerId, contactId, Relationship.CLIENT, origin));
			}
		}
	}

	/** The purchase-count or lifetime-spend rule that promotes the customer, if any. */
	private static Optional<RelationshipChange.Origin> promotionBySales(PromotionRules partnerRules,
			Sales.Purchases bought) {
		if (partnerRules.minPurchases() != null) {
			int count = bought.count();
			if (count >= partnerRules.minPurchases()) {
				return Optional.of(new RelationshipChange.Origin(ChangeReason.PROMOTION_RULE,
						PromotionRules.ordinal(count) + " purchase (rule: a client from the "
								+ PromotionRules.ordinal(partnerRules.minPurchases()) + " purchase)",
						"rule:purchase-count"));
			}
		}
		if (partnerRules.minSpend() != null) {
			BigDecimal spent = bought.spendByCurrency().getOrDefault(partnerRules.spendCurrency(), BigDecimal.ZERO);
			if (spent.compareTo(partnerRules.minSpend()) >= 0) {
				return Optional.of(new RelationshipChange.Origin(ChangeReason.PROMOTION_RULE,
						"Lifetime spend " + spent.stripTrailingZeros().toPlainString() + " "
								+ partnerRules.spendCurrency() + " (rule: a client from "
								+ partnerRules.minSpend().toPlainString() + " " + partnerRules.spendCurrency() + ")",
						"rule:lifetime-spend"));
			}
		}
		return Optional.empty();
	}

	/**
	 * The daily review of every partner: promotes customers by the tenure rule, and
	 * starts the at-risk episodes due (each with its check-in). Idempotent and safe to
	 * run at any time on any node: a promotion happens once (the customer is a client
	 * after it), an episode once (named by the client's last activity) and its check-in
	 * once (keyed by the episode).
	 * @return how many promotions and episodes it made
	 */
	int reviewAll() {
		int changes = 0;
		for (Partner partner : this.partners.findAll()) {
			changes += review(partner);
		}
		return changes;
	}

	/** The daily review of one partner; see {@link #reviewAll()}. */
	int review(Partner partner) {
		PromotionRules partnerRules = this.rules.find(partner.id());
		Instant now = this.clock.instant();
		ZoneId zone = partner.timeZone();
		int changes = 0;
		if (partnerRules.minTenureMonths() != null) {
			int months = partnerRules.minTenureMonths();
			Instant before = ZonedDateTime.ofInstant(now, zone).minusMonths(months).toInstant();
			RelationshipChange.Origin origin = new RelationshipChange.Origin(ChangeReason.PROMOTION_RULE,
					months + " months since the first purchase (rule: a client after " + months + " months)",
					"rule:tenure");
			for (long contactId : this.sales.customersFirstBuyingBefore(partner.id(), before)) {
				Boolean changed = this.transactions.execute(
						status -> this.book.changeRelationship(partner.id(), contactId, Relationship.CLIENT, origin));
				changes += Boolean.TRUE.equals(changed) ? 1 : 0;
			}
		}
		if (partnerRules.atRiskDays() > 0) {
			LocalDate today = LocalDate.ofInstant(now, zone);
			Set<Long> atRisk = this.history.atRiskContacts(partner.id());
			for (Sales.ClientActivity client : this.sales.clientActivity(partner.id(), atRisk)) {
				LocalDate last = (client.lastSaleAt() != null) ? LocalDate.ofInstant(client.lastSaleAt(), zone)
						: client.clientSince();
				if (last == null || last.plusDays(partnerRules.atRiskDays()).isAfter(today)) {
					continue;
				}
				Boolean started = this.transactions
					.execute(status -> startAtRisk(partner, client.contactId(), last, partnerRules.atRiskDays()));
				changes += Boolean.TRUE.equals(started) ? 1 : 0;
			}
		}
		if (changes > 0) {
			log.info("relationship review: partner={} changes={}", partner.id(), changes);
		}
		return changes;
	}

	private boolean startAtRisk(Partner partner, long contactId, LocalDate last, int days) {
		String episode = "at-risk@" + last;
		String text = "At risk: no purchase for " + days + " days (last activity " + last + ")";
		if (!this.book.startAtRisk(partner.id(), contactId, episode, text)) {
			return false;
		}
		Contact contact = this.contacts.findById(partner.id(), contactId).orElseThrow();
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		Instant now = this.clock.instant();
		for (Program program : this.programs.findEnabled(partner.id(), Trigger.AT_RISK)) {
			if (program.audience().includes(contact.relationship())) {
				Instant due = OccasionCalendar.afterSaleDue(now, program.delay(), zone, partner.sendWindow());
				this.planner.planOnce(partner, program, contactId, episode, LocalDate.ofInstant(now, zone), due);
			}
		}
		return true;
	}

}
