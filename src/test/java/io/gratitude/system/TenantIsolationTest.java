package io.gratitude.system;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Invariant 5, for every endpoint the OpenAPI document lists (so a new endpoint is
 * covered the day it exists): partner B, with its own valid key, aims every route at
 * partner A's resources. A route naming one of A's resources answers 404 exactly as for a
 * missing one; no answer to B carries A's data; and A's data is the same afterwards.
 */
class TenantIsolationTest extends IntegrationTest {

	private static final long GHOST_ID = 987_654_321L;

	private static final List<String> METHODS = List.of("get", "post", "put", "patch", "delete");

	@Test
	void partnerBCanNeitherSeeNorTouchPartnerAsData() {
		CLOCK.set("2027-05-01T10:00:00Z");
		Api a = enroll("UTC", "09:00", "18:00");
		a.put("/api/v1/contacts/a-contact",
				"""
						{"email":"alice.secret@example.com","firstName":"Alicesecret","relationship":"CLIENT","clientSince":"2020-05-02",
						 "significantDates":[{"kind":"BIRTHDAY","month":5,"day":2},{"kind":"CUSTOM","month":6,"day":1,"label":"anniv"}]}""");
		a.post("/api/v1/sales", """
				{"externalRef":"A-SALE","contactRef":"a-contact","amount":5,"currency":"EUR",
				 "occurredAt":"2027-05-01T09:00:00Z","description":"secretbook"}""");
		a.put("/api/v1/templates/a-template",
				"{\"subject\":\"Hi\",\"html\":\"<p>secrettext</p>\",\"text\":\"secrettext\"}");
		a.post("/api/v1/templates/a-template/publish", "{}");
		a.put("/api/v1/templates/a-template/locales/es",
				"{\"subject\":\"Hola\",\"html\":\"<p>secrettext</p>\",\"text\":\"secrettext\"}");
		a.post("/api/v1/templates/a-template/locales/es/publish", "{}");
		a.post("/api/v1/programs", """
				{"key":"a-program","name":"A only","trigger":"AFTER_SALE","audience":"ANY","template":"a-template"}""");
		a.post("/api/v1/suppressions", "{\"email\":\"a.suppressed@example.com\",\"reason\":\"complaint\"}");
		// Nothing of A's may change on its own during the test: no check-ins appearing
		// mid-way.
		a.patch("/api/v1/programs/client-check-in", "{\"enabled\":false}");
		long outreachId = a.get("/api/v1/outreach").json().get("items").get(0).get("id").asLong();
		JsonNode keys = a.get("/api/v1/keys").json();
		String prefix = (keys.has("items") && keys.get("items").size() > 0)
				? keys.get("items").get(0).get("prefix").asString() : "none";
		Map<String, String> secrets = Map.of("email", "alice.secret@example.com", "name", "Alicesecret", "sale",
				"secretbook", "template", "secrettext");

		Api b = enroll("UTC", "09:00", "18:00");
		String before = snapshot(a);
		JsonNode paths = new Api(this.port, null).get("/v3/api-docs").json().get("paths");
		List<String> checked = new ArrayList<>();
		for (Map.Entry<String, JsonNode> entry : paths.properties()) {
			String template = entry.getKey();
			if (!template.startsWith("/api/v1/") || template.startsWith("/api/v1/partners")
					|| template.startsWith("/api/v1/outbox")) {
				continue; // admin routes are the operator's, not a partner's
			}
			for (String method : METHODS) {
				if (!entry.getValue().has(method)) {
					continue;
				}
				String path = resolve(template, false, outreachId, prefix);
				String requestBody = method.equals("get") || method.equals("delete") ? "" : "{}";
				Api.Response response = b.send(method.toUpperCase(), path, "application/json", requestBody);
				String body = response.raw().body();
				secrets.forEach((what, secret) -> assertThat(body).as(method + " " + path + " leaks A's " + what)
					.doesNotContain(secret));
				boolean namesAResource = RouteTemplates.VARIABLE.matcher(template).find();
				boolean upsert = method.equals("put");
				if (namesAResource && !upsert) {
					// Exactly as for something that does not exist at all: B learns
					// nothing.
					String ghostPath = resolve(template, true, outreachId, prefix);
					Api.Response ghost = b.send(method.toUpperCase(), ghostPath, "application/json", requestBody);
					assertThat(response.status()).as(method + " " + path + ": " + body).isBetween(400, 499);
					assertThat(response.status()).as(method + " " + path + " vs " + ghostPath)
						.isEqualTo(ghost.status());
					assertThat(body).as(method + " " + path + " vs " + ghostPath)
						.isEqualTo(unghost(ghost.raw().body(), outreachId, prefix));
				}
				assertThat(snapshot(a)).as("A's data after " + method + " " + path).isEqualTo(before);
				checked.add(method.toUpperCase() + " " + template);
			}
		}
		assertThat(checked).as("routes checked").hasSizeGreaterThan(10);
	}

	private static String resolve(String template, boolean ghost, long outreachId, String prefix) {
		return RouteTemplates.expand(template, name -> switch (name) {
			case "externalRef", "ref", "contactRef" -> template.startsWith("/api/v1/sales")
					? (ghost ? "G-SALE" : "A-SALE") : (ghost ? "g-contact" : "a-contact");
			case "key" -> template.startsWith("/api/v1/programs") ? (ghost ? "g-program" : "a-program")
					: (ghost ? "g-template" : "a-template");
			case "id" -> ghost ? String.valueOf(GHOST_ID) : String.valueOf(outreachId);
			case "prefix" -> ghost ? "ghostprefix" : prefix;
			case "kind" -> template.contains("{label}") ? "CUSTOM" : "BIRTHDAY";
			case "label" -> ghost ? "ghost" : "anniv";
			case "n", "version" -> "1";
			case "locale" -> "es";
			case "email" -> ghost ? "never.suppressed@example.com" : "a.suppressed@example.com";
			default -> {
				fail("Map the path variable {" + name + "} of " + template + " to one of partner A's resources");
				yield "";
			}
		});
	}

	/**
	 * A ghost's answer with the ghost's identifiers put back to A's, to compare answers.
	 */
	private static String unghost(String body, long outreachId, String prefix) {
		return body.replace("G-SALE", "A-SALE")
			.replace("g-contact", "a-contact")
			.replace("g-program", "a-program")
			.replace("g-template", "a-template")
			.replace(String.valueOf(GHOST_ID), String.valueOf(outreachId))
			.replace("ghostprefix", prefix)
			.replace("never.suppressed@example.com", "a.suppressed@example.com")
			.replace("ghost", "anniv");
	}

	private static String snapshot(Api a) {
		return String.join("\n", a.get("/api/v1/contacts/a-contact").raw().body(),
				a.get("/api/v1/sales/A-SALE").raw().body(), a.get("/api/v1/outreach?size=500").raw().body(),
				a.get("/api/v1/templates/a-template").raw().body(), a.get("/api/v1/programs?size=500").raw().body(),
				a.get("/api/v1/keys").raw().body().replaceAll("\"lastUsedAt\":\"[^\"]*\"", ""),
				a.get("/api/v1/suppressions").raw().body());
	}

}
