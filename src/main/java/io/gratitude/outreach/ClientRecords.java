package io.gratitude.outreach;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.gratitude.contact.Contact;
import io.gratitude.contact.RelationshipChange;
import io.gratitude.contact.RelationshipHistory;
import io.gratitude.sale.Sale;
import io.gratitude.sale.Sales;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * What the template model says of a contact's relationship with the partner: its history,
 * purchases, spend and whether it is at risk, read in a few queries.
 */
@Component
class ClientRecords {

	private final RelationshipHistory history;

	private final Sales sales;

	ClientRecords(RelationshipHistory history, Sales sales) {
		this.history = history;
		this.sales = sales;
	}

	/** A contact's relationship with the partner, as the template model shows it. */
	record ClientRecord(List<RelationshipChange> history, int purchaseCount, Map<String, BigDecimal> spend,
			@Nullable Sale lastPurchase, @Nullable Instant firstPurchaseAt, boolean atRisk) {
	}

	ClientRecord of(Contact contact) {
		long partnerId = contact.partnerId();
		List<Sale> latest = this.sales.findByContact(partnerId, contact.id(), 1);
		return new ClientRecord(this.history.findByContact(partnerId, contact.id()),
				this.sales.countByContact(partnerId, contact.id()), this.sales.spendByCurrency(partnerId, contact.id()),
				latest.isEmpty() ? null : latest.get(0), this.sales.firstSaleAt(partnerId, contact.id()).orElse(null),
				this.history.isAtRisk(partnerId, contact.id()));
	}

}
