package io.gratitude.system;

import java.util.LinkedHashMap;
import java.util.Map;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The attack run's paths, one by one: each is refused with a 400 problem naming the path
 * (or is a 404) and changes nothing, while references with characters that do need
 * encoding still work.
 */
class PathFirewallTest extends IntegrationTest {

	private static final String CONTACT = """
			{"email":"ana@example.com","firstName":"Ana","relationship":"CLIENT"}""";

	@Test
	void anEncodedLetterCannotReachTheAdminRoutesWithoutCredentials() {
		int partners = admin().get("/api/v1/partners").json().get("total").asInt();
		RawHttp.Answer enrol = raw("POST", "/%61pi/v1/partners", null, """
				{"name":"Evil","senderEmail":"e@evil.test","senderName":"E","timeZone":"UTC",
				 "sendWindow":{"start":"09:00","end":"18:00"}}""");
		assertThat(enrol.status()).isEqualTo(400);
		assertThat(enrol.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
		assertThat(enrol.body()).contains("\"field\":\"path\"").contains("not in canonical form");
		assertThat(raw("GET", "/%61pi/v1/partners", null, "").status()).isEqualTo(400);
		assertThat(raw("GET", "/%61pi/v1/outbox", null, "").status()).isEqualTo(400);
		assertThat(raw("GET", "/%61pi/v1/contacts", null, "").status()).isEqualTo(400);
		assertThat(admin().get("/api/v1/partners").json().get("total").asInt()).isEqualTo(partners);
	}

	@Test
	void aPartnersKeyCannotChangeAnotherPartnerThroughAnEncodedAdminRoute() {
		Api a = enroll("UTC", "09:00", "18:00");
		enroll("UTC", "09:00", "18:00");
		long partnerB = this.partnerId;
		String patch = "{\"replyTo\":\"attacker@evil.test\",\"senderName\":\"Hacked\"}";
		assertThat(raw("PATCH", "/api/v1/%70artners/" + partnerB, a.token(), patch).status()).isEqualTo(400);
		assertThat(raw("PATCH", "/api/v1/partners/" + partnerB, a.token(), patch).status()).isEqualTo(403);
		Api.Response b = admin().get("/api/v1/partners/" + partnerB);
		assertThat(b.json().get("senderName").asString()).isEqualTo("Rosa at the Shop");
		assertThat(b.json().get("replyTo").isNull() || b.json().get("replyTo").isMissingNode()).isTrue();
	}

	@Test
	void refsWithAnEncodedSlashOrNulAreRefusedWithAProblemAndNothingIsStored() {
		Api shop = enroll("UTC", "09:00", "18:00");
		for (String ref : new String[] { "a%2Fb", "a%2fb", "a%00b", "a%5Cb", "a%25b", "a;b", "%2E%2E" }) {
			RawHttp.Answer put = raw("PUT", "/api/v1/contacts/" + ref, shop.token(), CONTACT);
			assertThat(put.status()).as(ref).isEqualTo(400);
			assertThat(put.header("Content-Type")).as(ref).startsWith("application/problem+json");
			assertThat(put.body()).as(ref).contains("\"field\":\"path\"");
			assertThat(raw("GET", "/api/v1/sales/" + ref, shop.token(), "").status()).as(ref).isEqualTo(400);
		}
		assertThat(shop.get("/api/v1/contacts").json().get("total").asInt()).isZero();
	}

	@Test
	void refsWithCharactersThatNeedEncodingStillWork() {
		Api shop = enroll("UTC", "09:00", "18:00");
		for (String ref : new String[] { "caf%C3%A9", "ana%20lee", "%23A-1001", "x%3Fy" }) {
			assertThat(raw("PUT", "/api/v1/contacts/" + ref, shop.token(), CONTACT).status()).as(ref).isEqualTo(201);
			assertThat(raw("GET", "/api/v1/contacts/" + ref, shop.token(), "").status()).as(ref).isEqualTo(200);
		}
		assertThat(shop.get("/api/v1/contacts/caf%C3%A9").json().get("externalRef").asString()).isEqualTo("café");
	}

	@Test
	void routesAreCaseSensitiveAndUnknownAddressesAreNotFound() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(raw("GET", "/API/v1/partners", null, "").status()).isEqualTo(404);
		assertThat(raw("GET", "/api/v1/PARTNERS", "test-admin-token", "").status()).isEqualTo(404);
		assertThat(raw("GET", "/api/V1/contacts", shop.token(), "").status()).isEqualTo(404);
		assertThat(raw("GET", "/api/v1/nothing-here", shop.token(), "").status()).isEqualTo(404);
		assertThat(raw("GET", "/nothing-here", null, "").status()).isEqualTo(404);
		// Spring's error page serves error dispatches only.
		assertThat(raw("GET", "/error", null, "").status()).isEqualTo(404);
	}

	private RawHttp.Answer raw(String method, String path, String bearer, String body) {
		Map<String, String> headers = new LinkedHashMap<>();
		headers.put("Content-Type", "application/json");
		if (bearer != null) {
			headers.put("Authorization", "Bearer " + bearer);
		}
		return RawHttp.send(this.port, method, path, headers, body);
	}

}
