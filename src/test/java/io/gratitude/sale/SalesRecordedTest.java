package io.gratitude.sale;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.gratitude.contact.Relationship;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The promise SalesRecorded makes its listeners: sales of one partner, each of another
 * contact, each with its buyer.
 */
class SalesRecordedTest {

	private static Sale sale(long id, long partnerId, long contactId) {
		return new Sale(id, partnerId, contactId, "S-" + id, new BigDecimal("1.00"), "EUR",
				Instant.parse("2027-06-01T09:00:00Z"), null);
	}

	private static Buyer buyer(long contactId) {
		return new Buyer(contactId, Relationship.CUSTOMER, null, false);
	}

	@Test
	void holdsSalesOfDistinctContactsInTheirOrderWithTheirBuyers() {
		SalesRecorded recorded = new SalesRecorded(1, List.of(sale(10, 1, 7), sale(11, 1, 5)),
				Map.of(7L, buyer(7), 5L, buyer(5)));
		assertThat(recorded.contactIds()).containsExactly(7L, 5L);
		assertThat(recorded.buyerOf(recorded.sales().get(1)).contactId()).isEqualTo(5);
	}

	@Test
	void refusesTwoSalesOfOneContactAnotherPartnersSaleAndASaleWithoutItsBuyer() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SalesRecorded(1, List.of(sale(10, 1, 7), sale(11, 1, 7)), Map.of(7L, buyer(7))))
			.withMessageContaining("two sales of contact 7");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SalesRecorded(1, List.of(sale(10, 2, 7)), Map.of(7L, buyer(7))))
			.withMessageContaining("not of partner 1");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new SalesRecorded(1, List.of(sale(10, 1, 7)), Map.of(8L, buyer(8))))
			.withMessageContaining("no buyer");
		assertThatIllegalArgumentException().isThrownBy(() -> new SalesRecorded(1, List.of(), Map.of()));
	}

}
