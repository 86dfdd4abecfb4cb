package io.gratitude.web;

import java.util.stream.Stream;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bad-input table: each request is refused with the status and the problem's
 * {@code field}, and leaves nothing behind (the partner's contacts and sales are
 * unchanged).
 */
class BadInputTest extends IntegrationTest {

	private static final String CONTACT = "{\"email\":\"ok@example.com\"";

	private static final String SALE = "\"externalRef\":\"B-1\",\"contactRef\":\"known\",\"currency\":\"EUR\",\"occurredAt\":\"2027-01-01T00:00:00Z\"";

	private Api shop;

	@BeforeEach
	void partnerWithOneContact() {
		this.shop = enroll("UTC", "09:00", "18:00");
		assertThat(this.shop.put("/api/v1/contacts/known", "{\"email\":\"known@example.com\"}").status())
			.isEqualTo(201);
	}

	static Stream<Arguments> cases() {
		return Stream.of(
				// contacts
				bad("PUT", "/api/v1/contacts/new", "{}", 400, "email"),
				bad("PUT", "/api/v1/contacts/new", "{\"email\":\"not-an-address\"}", 400, "email"),
				bad("PUT", "/api/v1/contacts/new", "{\"email\":\"a@b\"}", 400, "email"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"timeZone\":\"Mars/Olympus\"}", 400, "timeZone"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"locale\":\"not a locale!\"}", 400, "locale"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"firstName\":\"Ana\\r\\nBcc: x@y.z\"}", 400,
						"firstName"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"lastName\":\"" + "x".repeat(101) + "\"}", 400,
						"lastName"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"relationship\":\"FRIEND\"}", 400, "relationship"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"clientSince\":\"2027-02-30\"}", 400, "clientSince"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"firstName\":42}", 400, "firstName"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":2,\"day\":30}]}", 400,
						"significantDates[0].day"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":13,\"day\":1}]}", 400,
						"significantDates[0].day"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"day\":1}]}", 400,
						"significantDates[0].month"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"HOLIDAY\",\"month\":1,\"day\":1}]}", 400,
						"significantDates[0].kind"),
				bad("PUT", "/api/v1/contacts/new",
						CONTACT + ",\"significantDates\":[{\"kind\":\"CUSTOM\",\"month\":1,\"day\":1}]}", 400,
						"significantDates[0].label"),
				bad("PUT", "/api/v1/contacts/new", CONTACT
						+ ",\"significantDates\":[{\"kind\":\"BIRTHDAY\",\"month\":2,\"day\":29,\"year\":2023}]}", 400,
						"significantDates[0].day"),
				bad("PUT", "/api/v1/contacts/new", CONTACT + ",\"attributes\":{\"1bad\":\"x\"}}", 400, "attributes"),
				bad("PUT", "/api/v1/contacts/new", "{\"email\":", 400, "body"),
				bad("PUT", "/api/v1/contacts/new", "", 400, "body"),
				// sales
				bad("POST", "/api/v1/sales", "{" + SALE + "}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":-1}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":1.23456}", 400, "amount"),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("EUR", "EURO") + ",\"amount\":1}", 400, "currency"),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("2027-01-01T00:00:00Z", "yesterday") + ",\"amount\":1}",
						400, "occurredAt"),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("\"known\"", "\"ghost\"") + ",\"amount\":1}", 422,
						null),
				bad("POST", "/api/v1/sales", "{" + SALE.replace("B-1", "") + ",\"amount\":1}", 400, "externalRef"),
				bad("POST", "/api/v1/sales", "{" + SALE + ",\"amount\":\"ten\"}", 400, "amount"),
				// programs
				bad("PATCH", "/api/v1/programs/birthday", "{\"offsetDays\":400}", 400, "offsetDays"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"delay\":\"-PT1H\"}", 400, "delay"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"delay\":\"soon\"}", 400, "delay"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"sendAt\":\"25:00\"}", 400, "sendAt"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"maxLateness\":\"P60D\"}", 400, "maxLateness"),
				bad("PATCH", "/api/v1/programs/birthday", "{\"audience\":\"EVERYONE\"}", 400, "audience"),
				bad("PATCH", "/api/v1/programs/nope", "{\"enabled\":false}", 404, null),
				// the send log
				bad("GET", "/api/v1/outreach?status=LOST", null, 400, "status"),
				bad("GET", "/api/v1/outreach?size=100000", null, 400, "size"),
				bad("GET", "/api/v1/outreach?page=-1", null, 400, "page"));
	}

	private static Arguments bad(String method, String path, String body, int status, String field) {
		return Arguments.of(method, path, body, status, field);
	}

	@ParameterizedTest(name = "{0} {1} {2} → {3} {4}")
	@MethodSource("cases")
	void isRefusedNamingTheFieldAndChangesNothing(String method, String path, String body, int status, String field) {
		String before = snapshot();
		Api.Response response = switch (method) {
			case "PUT" -> this.shop.put(path, body);
			case "POST" -> this.shop.post(path, body);
			case "PATCH" -> this.shop.patch(path, body);
			default -> this.shop.get(path);
		};
		assertThat(response.status()).as(response.raw().body()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
		if (field != null) {
			assertThat(response.json().get("field").asString()).as(response.raw().body()).isEqualTo(field);
		}
		assertThat(snapshot()).isEqualTo(before);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("transport")
	void wrongContentTypeAndOversizedBodiesAreRefused(String name, int status, String contentType, String body) {
		Api.Response response = this.shop.send("POST", "/api/v1/sales", contentType, body);
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.header("Content-Type")).startsWith("application/problem+json");
	}

	static Stream<Arguments> transport() {
		return Stream.of(Arguments.of("text/plain → 415", 415, "text/plain", "hello"),
				Arguments.of("17 MB → 413", 413, "application/json", "[" + " ".repeat(17 * 1024 * 1024) + "]"));
	}

	private String snapshot() {
		return this.shop.get("/api/v1/contacts/known").raw().body() + this.shop.get("/api/v1/contacts/new").status()
				+ this.shop.get("/api/v1/outreach?size=500").raw().body()
				+ this.shop.get("/api/v1/programs").raw().body();
	}

}
