package io.gratitude.sale;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Sales over the API: a batch, the list with its filters, one sale, and isolation. */
class SaleApiTest extends IntegrationTest {

	private static String sale(String ref, String contact, String amount, String occurredAt) {
		return """
				{"externalRef":"%s","contactRef":"%s","amount":%s,"currency":"EUR","occurredAt":"%s"}""".formatted(ref,
				contact, amount, occurredAt);
	}

	private Api shopWithContacts(String... refs) {
		CLOCK.set("2027-05-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		for (String ref : refs) {
			assertThat(shop.put("/api/v1/contacts/" + ref, "{\"email\":\"%s\"}".formatted(uniqueEmail(ref))).status())
				.isEqualTo(201);
		}
		return shop;
	}

	@Test
	void aBatchRecordsEachGoodRowOnceAndReportsEveryRefusedRowByNumber() {
		Api shop = shopWithContacts("ana", "ben");
		assertThat(shop.post("/api/v1/sales", sale("A-1", "ana", "10.00", "2027-05-01T10:00:00Z")).status())
			.isEqualTo(201);

		Api.Response response = shop.post("/api/v1/sales:batch", "[" + String.join(",",
				// row 1: new
				sale("A-2", "ana", "12.5", "2027-05-02T10:00:00Z"),
				// row 2: a replay of the single POST above (the amount written
				// differently)
				sale("A-1", "ana", "10", "2027-05-01T10:00:00Z"),
				// row 3: a different sale under a known reference
				sale("A-1", "ana", "11", "2027-05-01T10:00:00Z"),
				// row 4: an unknown contact
				sale("G-1", "ghost", "1", "2027-05-01T10:00:00Z"),
				// row 5: a negative amount
				sale("B-1", "ben", "-1", "2027-05-01T10:00:00Z"),
				// row 6: a wrong type
				sale("B-2", "ben", "\"ten\"", "2027-05-01T10:00:00Z"),
				// row 7: not an object
				"42",
				// row 8: new, with an amount a double would round
				sale("B-3", "ben", "123456789012345.1234", "2027-05-03T10:00:00Z"),
				// row 9: the same row again within the batch: a replay
				sale("A-2", "ana", "12.50", "2027-05-02T10:00:00Z"),
				// row 10: a missing currency
				"{\"externalRef\":\"B-4\",\"contactRef\":\"ben\",\"amount\":1,\"occurredAt\":\"2027-05-01T10:00:00Z\"}")
				+ "]");

		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		assertThat(response.json().get("created").asInt()).isEqualTo(2);
		assertThat(response.json().get("replayed").asInt()).isEqualTo(2);
		List<JsonNode> rejected = response.json().get("rejected").valueStream().toList();
		assertThat(rejected).extracting(r -> r.get("row").asInt()).containsExactly(3, 4, 5, 6, 7, 10);
		assertThat(rejected).extracting(r -> r.get("field").isNull() ? null : r.get("field").asString())
			.containsExactly("externalRef", "contactRef", "amount", "amount", null, "currency");
		assertThat(rejected.get(0).get("externalRef").asString()).isEqualTo("A-1");
		assertThat(rejected.get(0).get("reason").asString()).contains("different data");
		assertThat(rejected).allSatisfy(r -> assertThat(r.get("reason").asString()).isNotBlank());

		// Exactly the good rows are stored, each with its post-sale outreach.
		Api.Response all = shop.get("/api/v1/sales");
		assertThat(all.json().get("total").asLong()).isEqualTo(3);
		assertThat(all.json().get("items").valueStream().map(s -> s.get("externalRef").asString()))
			.containsExactly("B-3", "A-2", "A-1");
		assertThat(shop.get("/api/v1/sales/B-3").raw().body()).contains("\"amount\":\"123456789012345.1234\",");
		assertThat(shop.get("/api/v1/sales/A-1").raw().body()).contains("\"amount\":\"10.00\",");
		assertThat(outreachOf(shop, "ana")).hasSize(2);
		assertThat(outreachOf(shop, "ben")).hasSize(1);

		// The whole batch again changes nothing.
		Api.Response again = shop.post("/api/v1/sales:batch", "[" + sale("A-2", "ana", "12.5", "2027-05-02T10:00:00Z")
				+ "," + sale("B-3", "ben", "123456789012345.1234", "2027-05-03T10:00:00Z") + "]");
		assertThat(again.json().get("created").asInt()).isZero();
		assertThat(again.json().get("replayed").asInt()).isEqualTo(2);
		assertThat(shop.get("/api/v1/sales").json().get("total").asLong()).isEqualTo(3);
	}

	@Test
	void aFullBatchOfTenThousandSalesIsRecorded() {
		Api shop = shopWithContacts("ana");
		StringBuilder rows = new StringBuilder("[");
		for (int i = 0; i < SaleApiController.MAX_BATCH; i++) {
			// Old sales, so that their thank-yous are logged as too late, not sent.
			rows.append((i > 0) ? "," : "").append(sale("F-" + i, "ana", "1", "2020-01-01T00:00:00Z"));
		}
		Api.Response response = shop.post("/api/v1/sales:batch", rows.append("]").toString());
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("created").asInt()).isEqualTo(SaleApiController.MAX_BATCH);
		assertThat(response.json().get("rejected")).isEmpty();
		assertThat(shop.get("/api/v1/sales?size=1").json().get("total").asLong())
			.isEqualTo(SaleApiController.MAX_BATCH);
		assertThat(shop.get("/api/v1/outreach?size=1").json().get("total").asLong())
			.isEqualTo(SaleApiController.MAX_BATCH);
	}

	@Test
	void aBatchThatIsNotAnArrayOrTooLongIsRefusedWhole() {
		Api shop = shopWithContacts("ana");
		Api.Response object = shop.post("/api/v1/sales:batch", sale("A-1", "ana", "1", "2027-05-01T10:00:00Z"));
		assertThat(object.status()).isEqualTo(400);
		assertThat(object.json().get("field").asString()).isEqualTo("body");

		StringBuilder rows = new StringBuilder("[");
		for (int i = 0; i <= SaleApiController.MAX_BATCH; i++) {
			rows.append((i > 0) ? "," : "").append(sale("T-" + i, "ana", "1", "2027-05-01T10:00:00Z"));
		}
		Api.Response tooLong = shop.post("/api/v1/sales:batch", rows.append("]").toString());
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.header("Content-Type")).startsWith("application/problem+json");
		assertThat(tooLong.json().get("field").asString()).isEqualTo("body");
		assertThat(shop.get("/api/v1/sales").json().get("total").asLong()).isZero();

		Api.Response empty = shop.post("/api/v1/sales:batch", "[]");
		assertThat(empty.status()).isEqualTo(200);
		assertThat(empty.json().get("created").asInt()).isZero();
	}

	@Test
	void salesAreListedLatestFirstByContactAndTimeAndReadOneByOne() {
		Api shop = shopWithContacts("ana", "ben");
		Api.Response created = shop.post("/api/v1/sales", sale("ORD 1 ä", "ana", "5", "2027-05-01T10:00:00Z"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.header("Location")).isEqualTo("/api/v1/sales/ORD%201%20%C3%A4");
		assertThat(shop.post("/api/v1/sales", sale("ORD 1 ä", "ana", "5", "2027-05-01T10:00:00Z")).header("Location"))
			.isEqualTo(created.header("Location"));
		shop.post("/api/v1/sales", sale("A-2", "ana", "6", "2027-05-03T10:00:00Z"));
		shop.post("/api/v1/sales", sale("B-1", "ben", "7", "2027-05-02T10:00:00Z"));
		shop.post("/api/v1/sales", sale("B-2", "ben", "8", "2027-05-02T10:00:00Z"));

		assertThat(refs(shop.get("/api/v1/sales"))).containsExactly("A-2", "B-2", "B-1", "ORD 1 ä");
		assertThat(refs(shop.get("/api/v1/sales?contactRef=ben"))).containsExactly("B-2", "B-1");
		assertThat(refs(shop.get("/api/v1/sales?from=2027-05-02T10:00:00Z&to=2027-05-03T10:00:00Z")))
			.containsExactly("B-2", "B-1");
		assertThat(refs(shop.get("/api/v1/sales?contactRef=nobody"))).isEmpty();
		Api.Response page = shop.get("/api/v1/sales?page=1&size=3");
		assertThat(refs(page)).containsExactly("ORD 1 ä");
		assertThat(page.json().get("total").asLong()).isEqualTo(4);
		assertThat(page.json().get("page").asInt()).isEqualTo(1);
		assertThat(page.json().get("size").asInt()).isEqualTo(3);

		JsonNode one = shop.get("/api/v1/sales/B-1").json();
		assertThat(one.get("externalRef").asString()).isEqualTo("B-1");
		assertThat(one.get("contactRef").asString()).isEqualTo("ben");
		assertThat(shop.get("/api/v1/sales/B-1").raw().body()).contains("\"amount\":\"7.00\",");
		assertThat(one.get("currency").asString()).isEqualTo("EUR");
		assertThat(one.get("occurredAt").asString()).isEqualTo("2027-05-02T10:00:00Z");
		assertThat(shop.get(created.header("Location")).json().get("externalRef").asString()).isEqualTo("ORD 1 ä");

		Api.Response missing = shop.get("/api/v1/sales/NOPE");
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.header("Content-Type")).startsWith("application/problem+json");
	}

	@Test
	void anotherPartnerNeitherSeesNorReplaysNorConflictsWithTheSales() {
		Api shop = shopWithContacts("ana");
		shop.post("/api/v1/sales", sale("A-1", "ana", "5", "2027-05-01T10:00:00Z"));
		Api other = shopWithContacts("ana");

		Api.Response read = other.get("/api/v1/sales/A-1");
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.raw().body()).isEqualTo(other.get("/api/v1/sales/NEVER").raw().body().replace("NEVER", "A-1"));
		assertThat(other.get("/api/v1/sales").json().get("total").asLong()).isZero();
		assertThat(other.get("/api/v1/sales?contactRef=ana").json().get("total").asLong()).isZero();

		// The same reference is another partner's own business: recorded as new, not a
		// replay or a conflict.
		Api.Response batch = other.post("/api/v1/sales:batch",
				"[" + sale("A-1", "ana", "9", "2027-05-01T10:00:00Z") + "]");
		assertThat(batch.json().get("created").asInt()).isEqualTo(1);
		assertThat(shop.get("/api/v1/sales/A-1").raw().body()).contains("\"amount\":\"5.00\",");
		assertThat(other.get("/api/v1/sales/A-1").raw().body()).contains("\"amount\":\"9.00\",");
	}

	private static List<String> refs(Api.Response response) {
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		return response.json().get("items").valueStream().map(s -> s.get("externalRef").asString()).toList();
	}

	@Test
	void amountsGoBackAsPlainStringsAsTheyCameIn() {
		Api shop = shopWithContacts("ana");
		Api.Response created = shop.post("/api/v1/sales", sale("D-1", "ana", "\"100.00\"", "2027-05-01T10:00:00Z"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.raw().body()).contains("\"amount\":\"100.00\",");
		assertThat(shop.get("/api/v1/sales/D-1").raw().body()).contains("\"amount\":\"100.00\",");
		// Written with an exponent, as a number or a string: digits back, never 1E+2.
		shop.post("/api/v1/sales", sale("D-2", "ana", "1E+2", "2027-05-01T10:00:00Z"));
		shop.post("/api/v1/sales", sale("D-3", "ana", "\"24.125\"", "2027-05-01T10:00:00Z"));
		assertThat(shop.get("/api/v1/sales/D-2").raw().body()).contains("\"amount\":\"100.00\",");
		assertThat(shop.get("/api/v1/sales/D-3").raw().body()).contains("\"amount\":\"24.125\",");
		assertThat(shop.put("/api/v1/promotion-rules", "{\"minSpend\":\"1E+2\",\"spendCurrency\":\"EUR\"}").status())
			.isEqualTo(200);
		String rules = shop.get("/api/v1/promotion-rules").raw().body();
		assertThat(rules).contains("\"minSpend\":\"100\"");
		assertThat(shop.get("/api/v1/sales").raw().body() + rules).doesNotContain("E+").doesNotContain("e+");
	}

}
