package io.gratitude.sale;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sales:batch records its rows together (a transaction per chunk, sales of distinct
 * contacts handed to the listeners as a set) and answers exactly as single POSTs of the
 * same rows, one after the other, would have: the same rows recorded, replayed or
 * refused, the same thank-yous, and promotions at the same sale.
 */
class SaleBatchTest extends IntegrationTest {

	@Autowired
	JdbcClient jdbc;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	Sales sales;

	private static String sale(String ref, String contact, String amount) {
		return """
				{"externalRef":"%s","contactRef":"%s","amount":%s,"currency":"EUR","occurredAt":"2027-06-01T09:00:00Z"}"""
			.formatted(ref, contact, amount);
	}

	private Api shop() {
		CLOCK.set("2027-06-01T10:00:00Z");
		return enroll("UTC", "00:00", "00:00");
	}

	private void contact(Api shop, String ref, String relationship) {
		Api.Response put = shop.put("/api/v1/contacts/" + ref,
				"{\"email\":\"%s\",\"relationship\":\"%s\"}".formatted(uniqueEmail(ref), relationship));
		assertThat(put.status()).as(put.raw().body()).isEqualTo(201);
	}

	@Test
	void eachRowIsRecordedReplayedOrRefusedAsAloneAndARefusedRowLeavesNothing() {
		Api shop = shop();
		assertThat(shop.put("/api/v1/promotion-rules", "{\"minPurchases\":2}").status()).isEqualTo(200);
		contact(shop, "ana", "CUSTOMER");
		contact(shop, "ben", "CUSTOMER");
		contact(shop, "cleo", "CLIENT");
		assertThat(shop.post("/api/v1/sales", sale("A-1", "ana", "10.00")).status()).isEqualTo(201);

		Api.Response response = shop.post("/api/v1/sales:batch", "[" + String.join(",",
				// 1: new, ana's second purchase: she becomes a client
				sale("A-2", "ana", "20"),
				// 2: a replay of the single POST
				sale("A-1", "ana", "10"),
				// 3: a different sale under that known reference
				sale("A-1", "ana", "11"),
				// 4: an unknown contact
				sale("G-1", "ghost", "1"),
				// 5: a bad amount
				sale("B-1", "ben", "-1"),
				// 6: new, ben's first purchase
				sale("B-2", "ben", "5"),
				// 7: row 1 again: a replay of a sale of this very batch
				sale("A-2", "ana", "20.00"),
				// 8: row 1's reference with different data
				sale("A-2", "ana", "21"),
				// 9: new, ana's third purchase, as a client now: no second promotion
				sale("A-3", "ana", "7"),
				// 10: new, a client's
				sale("C-1", "cleo", "30")) + "]");

		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		assertThat(response.json().get("created").asInt()).isEqualTo(4);
		assertThat(response.json().get("replayed").asInt()).isEqualTo(2);
		List<JsonNode> rejected = response.json().get("rejected").valueStream().toList();
		assertThat(rejected).extracting(r -> r.get("row").asInt()).containsExactly(3, 4, 5, 8);
		assertThat(rejected).extracting(r -> r.get("field").asString())
			.containsExactly("externalRef", "contactRef", "amount", "externalRef");
		assertThat(rejected).extracting(r -> r.get("externalRef").asString())
			.containsExactly("A-1", "G-1", "B-1", "A-2");
		assertThat(rejected.get(0).get("reason").asString()).contains("different data");
		assertThat(rejected.get(1).get("reason").asString()).contains("ghost");
		assertThat(rejected.get(3).get("reason").asString()).contains("different data");

		// The good rows only, each once, as sent; the refused ones left nothing.
		assertThat(refs(shop.get("/api/v1/sales?size=50"))).containsExactlyInAnyOrder("A-1", "A-2", "B-2", "A-3",
				"C-1");
		assertThat(shop.get("/api/v1/sales/A-1").raw().body()).contains("\"amount\":\"10.00\",");
		assertThat(shop.get("/api/v1/sales/A-2").raw().body()).contains("\"amount\":\"20.00\",");
		assertThat(shop.get("/api/v1/sales/B-1").status()).isEqualTo(404);
		assertThat(shop.get("/api/v1/sales/G-1").status()).isEqualTo(404);

		// A thank-you per recorded sale, and the welcome of the one promotion.
		assertThat(occasions(shop, "ana")).containsExactlyInAnyOrder("sale:A-1", "sale:A-2", "sale:A-3",
				"welcome@2027-06-01");
		assertThat(occasions(shop, "ben")).containsExactly("sale:B-2");
		assertThat(occasions(shop, "cleo")).containsExactly("sale:C-1");
		assertThat(relationship(shop, "ana")).isEqualTo("CLIENT");
		assertThat(relationship(shop, "ben")).isEqualTo("CUSTOMER");
		List<JsonNode> history = shop.get("/api/v1/contacts/ana/history").json().get("items").valueStream().toList();
		assertThat(history).extracting(h -> h.get("reasonText").asString())
			.containsExactly("2nd purchase (rule: a client from the 2nd purchase)");

		// The whole batch again records nothing new and refuses the same rows.
		Api.Response again = shop.post("/api/v1/sales:batch", "[" + String.join(",", sale("A-2", "ana", "20"),
				sale("A-1", "ana", "11"), sale("B-2", "ben", "5"), sale("C-1", "cleo", "30.0")) + "]");
		assertThat(again.json().get("created").asInt()).isZero();
		assertThat(again.json().get("replayed").asInt()).isEqualTo(3);
		assertThat(again.json().get("rejected").valueStream().map(r -> r.get("row").asInt())).containsExactly(2);
		assertThat(shop.get("/api/v1/sales?size=1").json().get("total").asLong()).isEqualTo(5);
	}

	@Test
	void aContactBuyingSeveralTimesInOneBatchIsPromotedAtTheSaleThatMeetsTheRule() {
		Api shop = shop();
		assertThat(shop.put("/api/v1/promotion-rules", "{\"minPurchases\":3}").status()).isEqualTo(200);
		// Only customers are thanked: a sale thanked or not tells the relationship the
		// thank-you planning saw, after the promotion rules of that very sale.
		Api.Response patch = shop.patch("/api/v1/programs/after-sale-thanks", "{\"audience\":\"CUSTOMER\"}");
		assertThat(patch.status()).as(patch.raw().body()).isEqualTo(200);
		contact(shop, "dan", "CUSTOMER");
		contact(shop, "eve", "CUSTOMER");
		// A pending check-in of dan's: a sale of his as a client moves (cancels) it.
		assertThat(this.jdbc.sql("""
				INSERT INTO outreach (partner_id, program_id, contact_id, occasion, status, due_at, expires_at,
				                      message_id, created_at, updated_at)
				SELECT c.partner_id, p.id, c.id, 'check-in@2027-08-01', 'SCHEDULED', 1817110800000, 1817197200000,
				       '<probe@x>', 0, 0
				FROM contact c JOIN program p ON p.partner_id = c.partner_id AND p.program_key = 'client-check-in'
				WHERE c.partner_id = ? AND c.external_ref = 'dan'""").param(this.partnerId).update()).isEqualTo(1);

		Api.Response response = shop.post("/api/v1/sales:batch",
				"[" + String.join(",", sale("D-1", "dan", "1"), sale("E-1", "eve", "1"), sale("D-2", "dan", "1"),
						sale("D-3", "dan", "1"), sale("E-2", "eve", "1"), sale("D-4", "dan", "1")) + "]");

		assertThat(response.json().get("created").asInt()).as(response.raw().body()).isEqualTo(6);
		assertThat(relationship(shop, "dan")).isEqualTo("CLIENT");
		assertThat(relationship(shop, "eve")).isEqualTo("CUSTOMER");
		List<JsonNode> history = shop.get("/api/v1/contacts/dan/history").json().get("items").valueStream().toList();
		assertThat(history).extracting(h -> h.get("reasonText").asString())
			.containsExactly("3rd purchase (rule: a client from the 3rd purchase)");
		assertThat(occasions(shop, "dan")).containsExactlyInAnyOrder("sale:D-1", "sale:D-2", "welcome@2027-06-01");
		// D-4 was a client's sale: the pending check-in was cancelled.
		assertThat(outreachOf(shop, "dan")).filteredOn(o -> o.get("occasion").asString().startsWith("check-in@"))
			.extracting(o -> o.get("status").asString())
			.containsExactly("CANCELLED");
		assertThat(occasions(shop, "eve")).containsExactlyInAnyOrder("sale:E-1", "sale:E-2");
	}

	@Test
	void rowsKeepTheirNumbersAndReferencesTheirMeaningAcrossChunks() {
		Api shop = shop();
		StringBuilder contacts = new StringBuilder("[");
		for (int c = 0; c < 40; c++) {
			contacts.append((c > 0) ? "," : "")
				.append("{\"externalRef\":\"k%d\",\"email\":\"%s\"}".formatted(c, uniqueEmail("k" + c)));
		}
		Api.Response created = shop.post("/api/v1/contacts:batch", contacts.append("]").toString());
		assertThat(created.status()).as(created.raw().body()).isEqualTo(200);

		int rows = SaleRecording.CHUNK + SaleRecording.CHUNK / 2;
		List<String> batch = new ArrayList<>();
		for (int row = 1; row <= rows; row++) {
			batch.add(sale("K-" + row, "k" + (row % 40), "1"));
		}
		// In the second chunk: an unknown contact, a replay and a conflict with rows of
		// the
		// first chunk, already committed.
		int unknown = SaleRecording.CHUNK + 10;
		int replay = SaleRecording.CHUNK + 20;
		int conflict = SaleRecording.CHUNK + 30;
		batch.set(unknown - 1, sale("K-unknown", "nobody", "1"));
		batch.set(replay - 1, sale("K-3", "k3", "1.0"));
		batch.set(conflict - 1, sale("K-4", "k4", "2"));
		Api.Response response = shop.post("/api/v1/sales:batch", "[" + String.join(",", batch) + "]");

		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		assertThat(response.json().get("created").asInt()).isEqualTo(rows - 3);
		assertThat(response.json().get("replayed").asInt()).isEqualTo(1);
		List<JsonNode> rejected = response.json().get("rejected").valueStream().toList();
		assertThat(rejected).extracting(r -> r.get("row").asInt()).containsExactly(unknown, conflict);
		assertThat(rejected).extracting(r -> r.get("field").asString()).containsExactly("contactRef", "externalRef");
		assertThat(shop.get("/api/v1/sales?size=1").json().get("total").asLong()).isEqualTo(rows - 3);
		assertThat(shop.get("/api/v1/outreach?size=1").json().get("total").asLong()).isEqualTo(rows - 3);
		assertThat(shop.get("/api/v1/sales/K-" + replay).status()).isEqualTo(404);
	}

	@Test
	void aChunkThatMeetsAConcurrentRecordingOfOneOfItsReferencesIsRecordedAgainRowByRow() throws Exception {
		Api shop = shop();
		contact(shop, "fay", "CUSTOMER");
		long fay = this.jdbc.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref = 'fay'")
			.param(this.partnerId)
			.query(Long.class)
			.single();
		NewSale raced = new NewSale("F-2", "fay", new BigDecimal("2"), "EUR", Instant.parse("2027-06-01T09:00:00Z"),
				null);
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			// Another request has inserted F-2 and not committed yet when the batch looks
			// its references up: the batch's insert of F-2 waits for it, then fails.
			CountDownLatch inserted = new CountDownLatch(1);
			CountDownLatch commit = new CountDownLatch(1);
			Future<?> other = threads.submit(() -> this.transactions.execute((status) -> {
				this.sales.insertAll(this.partnerId, List.of(new Sales.Insertion(fay, raced)), CLOCK.instant());
				inserted.countDown();
				await(commit);
				return null;
			}));
			assertThat(inserted.await(15, TimeUnit.SECONDS)).isTrue();
			Future<Api.Response> batch = threads.submit(() -> shop.post("/api/v1/sales:batch",
					"[" + String.join(",", sale("F-1", "fay", "1"), sale("F-2", "fay", "2"), sale("F-3", "fay", "3"))
							+ "]"));
			eventually().until(() -> TestDatabase.anInsertWaitsForALock(this.jdbc, "sale"));
			commit.countDown();
			other.get(15, TimeUnit.SECONDS);
			Api.Response response = batch.get(15, TimeUnit.SECONDS);

			assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
			assertThat(response.json().get("created").asInt()).isEqualTo(2);
			assertThat(response.json().get("replayed").asInt()).isEqualTo(1);
			assertThat(response.json().get("rejected")).isEmpty();
			assertThat(refs(shop.get("/api/v1/sales?size=50"))).containsExactlyInAnyOrder("F-1", "F-2", "F-3");
			assertThat(occasions(shop, "fay")).containsExactlyInAnyOrder("sale:F-1", "sale:F-3");
		}
		finally {
			threads.shutdownNow();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			if (!latch.await(15, TimeUnit.SECONDS)) {
				throw new IllegalStateException("never released");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static List<String> occasions(Api shop, String contact) {
		return outreachOf(shop, contact).stream()
			.map(o -> o.get("occasion").asString())
			.filter(o -> o.startsWith("sale:") || o.startsWith("welcome@"))
			.toList();
	}

	private static String relationship(Api shop, String contact) {
		return shop.get("/api/v1/contacts/" + contact).json().get("relationship").asString();
	}

	private static List<String> refs(Api.Response response) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		return response.json().get("items").valueStream().map(s -> s.get("externalRef").asString()).toList();
	}

}
