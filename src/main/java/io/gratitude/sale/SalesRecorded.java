package io.gratitude.sale;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Published inside the transaction that recorded these sales: one or more sales of one
 * partner, in the order they were recorded, each of a different contact. A listener that
 * plans the post-sale thank-yous or applies the lifecycle rules commits or rolls back
 * together with the sales, and may handle them as a set: no two of them touch the same
 * contact, so handling them one after the other or all at once comes to the same. Each
 * sale's contact has every earlier sale of the contact recorded, and none later.
 *
 * @param buyers each sale's contact as read right after the sales were inserted, by
 * contact id; a listener that runs after one that may change contacts (the lifecycle's
 * promotions) reads what it needs again
 */
public record SalesRecorded(long partnerId, List<Sale> sales, Map<Long, Buyer> buyers) {

	public SalesRecorded {
		sales = List.copyOf(sales);
		buyers = Map.copyOf(buyers);
		if (sales.isEmpty()) {
			throw new IllegalArgumentException("no sales");
		}
		Set<Long> contacts = new HashSet<>();
		for (Sale sale : sales) {
			if (sale.partnerId() != partnerId) {
				throw new IllegalArgumentException("sale " + sale.id() + " is not of partner " + partnerId);
			}
			if (!contacts.add(sale.contactId())) {
				throw new IllegalArgumentException("two sales of contact " + sale.contactId());
			}
			if (!buyers.containsKey(sale.contactId())) {
				throw new IllegalArgumentException("no buyer for sale " + sale.id());
			}
		}
	}

	/** The contacts of the sales, in the order of the sales. */
	public List<Long> contactIds() {
		return this.sales.stream().map(Sale::contactId).toList();
	}

	/** The contact of this sale, one of {@link #sales}, as read with the sales. */
	public Buyer buyerOf(Sale sale) {
		Buyer buyer = this.buyers.get(sale.contactId());
		if (buyer == null) {
			throw new IllegalArgumentException("sale " + sale.id() + " is not one of these");
		}
		return buyer;
	}

}
