package io.gratitude.lifecycle;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.partner.Partners;
import io.gratitude.planning.Planner;
import io.gratitude.staff.StaffRole;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The relationship lifecycle end to end: promotion rules (purchase count, lifetime spend,
 * tenure) and manual promotion, each recorded with when, why and who; at-risk episodes
 * with one personal check-in each; check-ins counted from the last sale or message; and
 * the template model's lifecycle fields.
 */
class RelationshipLifecycleTest extends IntegrationTest {

	@Autowired
	RelationshipLifecycle lifecycle;

	@Autowired
	Partners partners;

	@Autowired
	Planner planner;

	@Autowired
	JdbcClient jdbc;

	private int sale = 0;

	@Test
	void theThirdPurchasePromotesAndSendsOneWelcomeAndAFourthSendsNoOther() {
		CLOCK.set("2027-09-01T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop.put("/api/v1/promotion-rules", "{\"minPurchases\":3}").status()).isEqualTo(200);
		shop.patch("/api/v1/programs/client-welcome", "{\"delay\":\"PT0S\"}");
		// The thank-yous would come first and the frequency cap hold the welcome back.
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"enabled\":false}").status()).isEqualTo(200);
		String email = uniqueEmail("third");
		shop.put("/api/v1/contacts/t", "{\"email\":\"%s\",\"firstName\":\"Tia\"}".formatted(email));

		buy(shop, "t", "20.00", "EUR");
		buy(shop, "t", "20.00", "EUR");
		assertThat(shop.get("/api/v1/contacts/t").json().get("relationship").asString()).isEqualTo("CUSTOMER");
		buy(shop, "t", "20.00", "EUR");
		assertThat(shop.get("/api/v1/contacts/t").json().get("relationship").asString()).isEqualTo("CLIENT");
		buy(shop, "t", "20.00", "EUR");

		eventually().until(() -> welcomes(email) == 1);
		assertThat(outreachOf(shop, "t")).extracting(o -> o.get("occasion").asString())
			.filteredOn(o -> o.startsWith("welcome@"))
			.containsExactly("welcome@2027-09-01");
		JsonNode history = shop.get("/api/v1/contacts/t/history").json();
		assertThat(history.get("items").valueStream().toList()).hasSize(1);
		JsonNode change = history.get("items").get(0);
		assertThat(change.get("from").asString()).isEqualTo("CUSTOMER");
		assertThat(change.get("to").asString()).isEqualTo("CLIENT");
		assertThat(change.get("reason").asString()).isEqualTo("PROMOTION_RULE");
		assertThat(change.get("reasonText").asString()).startsWith("3rd purchase");
		assertThat(change.get("actor").asString()).isEqualTo("rule:purchase-count");
		assertThat(change.get("at").asString()).startsWith("2027-09-01T10:00");
		// Later, nothing more arrives.
		CLOCK.set("2027-09-01T17:00:00Z");
		eventually().until(() -> outreachOf(shop, "t").stream()
			.noneMatch(o -> o.get("status").asString().equals("SCHEDULED")
					&& !o.get("occasion").asString().startsWith("check-in")));
		assertThat(welcomes(email)).isEqualTo(1);
	}

	@Test
	void lifetimeSpendCountsOnlyTheRulesCurrency() {
		CLOCK.set("2027-09-02T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response put = shop.put("/api/v1/promotion-rules", "{\"minSpend\":100,\"spendCurrency\":\"eur\"}");
		assertThat(put.status()).as(put.raw().body()).isEqualTo(200);
		assertThat(put.json().get("spendCurrency").asString()).isEqualTo("EUR");
		shop.put("/api/v1/contacts/s", "{\"email\":\"%s\"}".formatted(uniqueEmail("spender")));
		buy(shop, "s", "60.00", "EUR");
		buy(shop, "s", "90.00", "USD");
		assertThat(shop.get("/api/v1/contacts/s").json().get("relationship").asString()).isEqualTo("CUSTOMER");
		buy(shop, "s", "40.00", "EUR");
		assertThat(shop.get("/api/v1/contacts/s").json().get("relationship").asString()).isEqualTo("CLIENT");
		JsonNode change = shop.get("/api/v1/contacts/s/history").json().get("items").get(0);
		assertThat(change.get("actor").asString()).isEqualTo("rule:lifetime-spend");
		assertThat(change.get("reasonText").asString()).startsWith("Lifetime spend 100 EUR");
	}

	@Test
	void promotionRulesAreValidated() {
		Api shop = enroll("UTC", "09:00", "18:00");
		assertThat(shop.get("/api/v1/promotion-rules").json().get("atRiskDays").asInt()).isEqualTo(180);
		Api.Response noCurrency = shop.put("/api/v1/promotion-rules", "{\"minSpend\":100}");
		assertThat(noCurrency.status()).isEqualTo(400);
		assertThat(noCurrency.raw().body()).contains("spendCurrency");
		assertThat(shop.put("/api/v1/promotion-rules", "{\"minPurchases\":0}").status()).isEqualTo(400);
		assertThat(shop.put("/api/v1/promotion-rules", "{\"minSpend\":5,\"spendCurrency\":\"XXQ\"}").status())
			.isEqualTo(400);
		assertThat(shop.put("/api/v1/promotion-rules", "{\"atRiskDays\":-1}").status()).isEqualTo(400);
		assertThat(shop.get("/api/v1/promotion-rules").json().get("minPurchases").isNull()).isTrue();
	}

	@Test
	void theTenureRulePromotesMonthsAfterTheFirstPurchase() {
		CLOCK.set("2027-01-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/promotion-rules", "{\"minTenureMonths\":6,\"atRiskDays\":0}");
		shop.put("/api/v1/contacts/ten", "{\"email\":\"%s\"}".formatted(uniqueEmail("tenure")));
		buy(shop, "ten", "10.00", "EUR");

		CLOCK.set("2027-07-09T12:00:00Z");
		review();
		assertThat(shop.get("/api/v1/contacts/ten").json().get("relationship").asString()).isEqualTo("CUSTOMER");
		CLOCK.set("2027-07-11T12:00:00Z");
		review();
		review();
		assertThat(shop.get("/api/v1/contacts/ten").json().get("relationship").asString()).isEqualTo("CLIENT");
		List<JsonNode> items = shop.get("/api/v1/contacts/ten/history").json().get("items").valueStream().toList();
		assertThat(items).extracting(i -> i.get("actor").asString()).containsExactly("rule:tenure");
		assertThat(outreachOf(shop, "ten")).extracting(o -> o.get("occasion").asString())
			.contains("welcome@2027-07-11");
	}

	@Test
	void staffPromotingAContactIsRecordedWithTheirName() {
		CLOCK.set("2027-09-03T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/contacts/m", "{\"email\":\"%s\",\"firstName\":\"Mo\"}".formatted(uniqueEmail("manual")));
		Credentials staff = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = new ConsoleClient(this.port);
		console.signIn(staff.email(), staff.password());
		String page = "/console/partners/" + this.partnerId + "/contacts/m";
		ConsoleClient.Page done = console.post(page + "/relationship", "relationship", "CLIENT");
		assertThat(done.status()).isEqualTo(200);
		assertThat(done.one(".alert-ok").text()).contains("is now a client");
		List<String> changes = done.doc()
			.select("[data-testid=relationship-change]")
			.stream()
			.map(e -> e.text())
			.toList();
		assertThat(changes).containsExactly("Customer → Client · Made a client by staff by " + staff.email());

		JsonNode change = shop.get("/api/v1/contacts/m/history").json().get("items").get(0);
		assertThat(change.get("actor").asString()).isEqualTo("staff:" + staff.email());
		assertThat(change.get("reason").asString()).isEqualTo("STAFF");

		// Another partner's staff see neither this contact nor this partner's lifecycle
		// settings.
		long mine = this.partnerId;
		enroll("UTC", "09:00", "18:00");
		ConsoleClient other = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		assertThat(other.get(page).status()).isEqualTo(404);
		assertThat(other.get("/console/partners/" + mine + "/settings/lifecycle").status()).isEqualTo(404);
		assertThat(other.post("/console/partners/" + mine + "/settings/lifecycle", "atRiskDays", "5").status())
			.isEqualTo(404);
		assertThat(other.get("/console/partners/" + this.partnerId + "/contacts/m").status()).isEqualTo(404);
	}

	@Test
	void theLifecycleSettingsPageShowsSavesAndExplainsBadValues() {
		Api shop = enroll("UTC", "09:00", "18:00");
		ConsoleClient admin = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		String path = "/console/partners/" + this.partnerId + "/settings/lifecycle";
		ConsoleClient.Page page = admin.get(path);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("#atRiskDays").attr("value")).isEqualTo("180");

		ConsoleClient.Page saved = admin.post(path, "minPurchases", "3", "minSpend", "250", "spendCurrency", "usd",
				"minTenureMonths", "", "atRiskDays", "90");
		assertThat(saved.path()).isEqualTo(path);
		assertThat(saved.one(".alert-ok").text()).isEqualTo("Lifecycle rules saved.");
		assertThat(saved.one("#minPurchases").attr("value")).isEqualTo("3");
		assertThat(saved.one("#spendCurrency").attr("value")).isEqualTo("USD");
		JsonNode rules = shop.get("/api/v1/promotion-rules").json();
		assertThat(rules.get("minSpend").asString()).isEqualTo("250");
		assertThat(rules.get("atRiskDays").asInt()).isEqualTo(90);

		ConsoleClient.Page bad = admin.post(path, "minPurchases", "three", "atRiskDays", "90");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.one("#minPurchases").attr("aria-invalid")).isEqualTo("true");
		assertThat(bad.one("#minPurchases-error").text()).contains("whole number");
		assertThat(shop.get("/api/v1/promotion-rules").json().get("minPurchases").asInt()).isEqualTo(3);

		ConsoleClient staff = console(this.partnerId, StaffRole.STAFF);
		assertThat(staff.get(path).one("[data-testid=read-only]")).isNotNull();
		assertThat(staff.post(path, "atRiskDays", "5").status()).isEqualTo(403);
	}

	@Test
	void aBatchEndsTheAtRiskEpisodesOfItsClientsOnlyAndMovesTheirCheckIns() {
		CLOCK.set("2027-01-05T10:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		shop.put("/api/v1/promotion-rules", "{\"atRiskDays\":30}");
		for (String ref : List.of("r1", "r2", "quiet")) {
			shop.put("/api/v1/contacts/" + ref, """
					{"email":"%s","relationship":"CLIENT","clientSince":"2026-12-01"}""".formatted(uniqueEmail(ref)));
			buy(shop, ref, "10.00", "EUR", "2027-01-05T09:30:00Z", null);
		}
		CLOCK.set("2027-02-04T10:00:00Z");
		review();
		for (String ref : List.of("r1", "r2", "quiet")) {
			assertThat(shop.get("/api/v1/contacts/" + ref + "/history").json().get("atRisk").asBoolean()).isTrue();
		}
		// A pending check-in of each of them, as the plan job plans them.
		String occasion = "check-in@2027-03-01";
		assertThat(this.jdbc
			.sql("""
					INSERT INTO outreach (partner_id, program_id, contact_id, occasion, status, due_at, expires_at,
					                      message_id, created_at, updated_at)
					SELECT c.partner_id, p.id, c.id, ?, 'SCHEDULED', 1803891600000, 1803978000000, CONCAT('<probe-', c.id, '@x>'), 0, 0
					FROM contact c JOIN program p ON p.partner_id = c.partner_id AND p.program_key = 'client-check-in'
					WHERE c.partner_id = ?""")
			.params(occasion, this.partnerId)
			.update()).isEqualTo(3);

		Api.Response batch = shop.post("/api/v1/sales:batch",
				"""
						[{"externalRef":"B-1","contactRef":"r1","amount":1,"currency":"EUR","occurredAt":"2027-02-04T09:00:00Z"},
						 {"externalRef":"B-2","contactRef":"r2","amount":1,"currency":"EUR","occurredAt":"2027-02-04T09:00:00Z"}]""");

		assertThat(batch.json().get("created").asInt()).as(batch.raw().body()).isEqualTo(2);
		for (String ref : List.of("r1", "r2")) {
			JsonNode history = shop.get("/api/v1/contacts/" + ref + "/history").json();
			assertThat(history.get("atRisk").asBoolean()).isFalse();
			JsonNode latest = history.get("items").get(0);
			assertThat(latest.get("reason").asString()).isEqualTo("ACTIVE_AGAIN");
			assertThat(latest.get("actor").asString()).isEqualTo("sale:B-" + ref.substring(1));
			assertThat(checkIn(shop, ref, occasion).get("status").asString()).isEqualTo("CANCELLED");
		}
		assertThat(shop.get("/api/v1/contacts/quiet/history").json().get("atRisk").asBoolean()).isTrue();
		assertThat(checkIn(shop, "quiet", occasion).get("status").asString()).isEqualTo("SCHEDULED");
	}

	private static JsonNode checkIn(Api shop, String contact, String occasion) {
		return outreachOf(shop, contact).stream()
			.filter(o -> o.get("occasion").asString().equals(occasion))
			.findFirst()
			.orElseThrow();
	}

	@Test
	void anAtRiskClientGetsOneCheckInPerEpisode() throws Exception {
		CLOCK.set("2027-01-05T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/promotion-rules", "{\"atRiskDays\":30}");
		shop.patch("/api/v1/programs/client-at-risk", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("risky");
		shop.put("/api/v1/contacts/r", """
				{"email":"%s","firstName":"Ana","relationship":"CLIENT","clientSince":"2026-12-01"}"""
			.formatted(email));
		buy(shop, "r", "42.50", "EUR", "2027-01-05T09:30:00Z", "a sourdough loaf");

		CLOCK.set("2027-02-03T10:00:00Z");
		review();
		assertThat(atRiskOutreach(shop)).isEmpty();

		CLOCK.set("2027-02-04T10:00:00Z");
		review();
		review();
		assertThat(atRiskOutreach(shop)).containsExactly("at-risk@2027-01-05");
		eventually().until(() -> missedYou(email) == 1);
		MimeMessage message = TestMail.to(email)
			.stream()
			.filter(m -> subject(m).contains("missed you"))
			.findFirst()
			.orElseThrow();
		assertThat(subject(message)).isEqualTo("Ana, we've missed you");
		assertThat(textOf(message)).contains("since your last visit (January 5)")
			.contains("You've been with us for 2 months");
		assertThat(shop.get("/api/v1/contacts/r/history").json().get("atRisk").asBoolean()).isTrue();
		ConsoleClient staff = console(this.partnerId, StaffRole.STAFF);
		assertThat(staff.get("/console/partners/" + this.partnerId + "/contacts/r").one("[data-testid=at-risk]"))
			.isNotNull();

		// Time goes by: the same episode, no second check-in.
		CLOCK.set("2027-03-20T10:00:00Z");
		review();
		assertThat(atRiskOutreach(shop)).containsExactly("at-risk@2027-01-05");

		// A sale ends the episode; 30 days without another start a new one.
		buy(shop, "r", "10.00", "EUR", "2027-03-20T09:00:00Z", null);
		assertThat(shop.get("/api/v1/contacts/r/history").json().get("atRisk").asBoolean()).isFalse();
		review();
		CLOCK.set("2027-04-19T10:00:00Z");
		review();
		assertThat(atRiskOutreach(shop)).containsExactlyInAnyOrder("at-risk@2027-01-05", "at-risk@2027-03-20");
		eventually().until(() -> missedYou(email) == 2);
		List<String> kinds = shop.get("/api/v1/contacts/r/history")
			.json()
			.get("items")
			.valueStream()
			.map(i -> i.get("reason").asString())
			.toList();
		assertThat(kinds).containsExactly("AT_RISK", "ACTIVE_AGAIN", "AT_RISK", "API");
	}

	@Test
	void checkInsCountFromTheLastSaleOrMessage() {
		CLOCK.set("2027-02-15T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/promotion-rules", "{\"atRiskDays\":0}");
		shop.put("/api/v1/contacts/k", """
				{"email":"%s","relationship":"CLIENT","timeZone":"UTC","clientSince":"2027-01-01"}"""
			.formatted(uniqueEmail("kept")));
		// Without the sale, 90 days after 2027-01-01 would be 2027-04-01.
		buy(shop, "k", "5.00", "EUR", "2027-02-15T09:00:00Z", null);

		CLOCK.set("2027-03-30T12:00:00Z");
		this.planner.planOccasions();
		assertThat(checkIns(shop, "k")).isEmpty();
		CLOCK.set("2027-05-15T12:00:00Z");
		this.planner.planOccasions();
		assertThat(checkIns(shop, "k")).containsExactly("check-in@2027-05-16");
		this.planner.planOccasions();
		assertThat(checkIns(shop, "k")).containsExactly("check-in@2027-05-16");
	}

	@Test
	void aSentMessageMovesTheNextCheckIn() {
		CLOCK.set("2027-03-01T09:30:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/promotion-rules", "{\"atRiskDays\":0}");
		String email = uniqueEmail("greeted");
		shop.put("/api/v1/contacts/g", """
				{"email":"%s","relationship":"CLIENT","timeZone":"UTC","clientSince":"2027-01-01",
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":1}]}""".formatted(email));
		eventually().until(() -> TestMail.to(email).size() == 1);

		CLOCK.set("2027-03-30T12:00:00Z");
		this.planner.planOccasions();
		assertThat(checkIns(shop, "g")).isEmpty();
		CLOCK.set("2027-05-28T12:00:00Z");
		this.planner.planOccasions();
		assertThat(checkIns(shop, "g")).containsExactly("check-in@2027-05-30");
	}

	@Test
	void theTemplateModelTellsTheRelationship() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.put("/api/v1/contacts/h", """
				{"email":"%s","firstName":"Hana","clientSince":"2025-12-01"}""".formatted(uniqueEmail("model")));
		buy(shop, "h", "40.00", "EUR", "2026-01-15T12:00:00Z", null);
		buy(shop, "h", "12.50", "USD", "2027-03-01T12:00:00Z", "two croissants");
		shop.put("/api/v1/contacts/h", """
				{"email":"%s","firstName":"Hana","relationship":"CLIENT","clientSince":"2025-12-01"}"""
			.formatted(uniqueEmail("model")));
		Api.Response draft = shop.put("/api/v1/templates/probe",
				"""
						{"subject":"Probe","html":"<p>probe</p>","text":"${contact.purchaseCount} | ${contact.lifetimeSpendText} | ${contact.tenureMonths} | ${contact.tenureText} | ${contact.lastPurchase.dateText} ${contact.lastPurchase.amountText} ${contact.lastPurchase.description} | ${contact.atRisk?c} | <#list contact.relationshipHistory as h>${h.from!'-'}>${h.to} ${h.at} ${h.reason};</#list>"}""");
		assertThat(draft.status()).as(draft.raw().body()).isEqualTo(201);
		Api.Response preview = shop.post("/api/v1/templates/probe/preview", "{\"contactRef\":\"h\"}");
		assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
		assertThat(preview.json().get("text").asString())
			.isEqualTo("2 | €40.00 + $12.50 | 15 | 1 year and 3 months | March 1 $12.50 two croissants | false | "
					+ "CUSTOMER>CLIENT 2027-03-10 Changed over the API;");
	}

	private void review() {
		this.lifecycle.review(this.partners.findById(this.partnerId).orElseThrow());
	}

	private void buy(Api shop, String contact, String amount, String currency) {
		buy(shop, contact, amount, currency, CLOCK.instant().minusSeconds(60).toString(), null);
	}

	private void buy(Api shop, String contact, String amount, String currency, String at, String description) {
		this.sale++;
		Api.Response response = shop.post("/api/v1/sales",
				"{\"externalRef\":\"S-%d\",\"contactRef\":\"%s\",\"amount\":%s,\"currency\":\"%s\",\"occurredAt\":\"%s\"%s}"
					.formatted(this.sale, contact, amount, currency, at,
							(description != null) ? ",\"description\":\"" + description + "\"" : ""));
		assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
	}

	private static List<String> atRiskOutreach(Api shop) {
		return outreachOf(shop, "r").stream()
			.map(o -> o.get("occasion").asString())
			.filter(o -> o.startsWith("at-risk@"))
			.toList();
	}

	private static List<String> checkIns(Api shop, String contactRef) {
		return outreachOf(shop, contactRef).stream()
			.map(o -> o.get("occasion").asString())
			.filter(o -> o.startsWith("check-in@"))
			.toList();
	}

	private static String textOf(MimeMessage message) throws Exception {
		return (String) ((Multipart) message.getContent()).getBodyPart(0).getContent();
	}

	private static long welcomes(String email) {
		return TestMail.to(email).stream().filter(m -> subject(m).toLowerCase().contains("welcome")).count();
	}

	private static long missedYou(String email) {
		return TestMail.to(email).stream().filter(m -> subject(m).contains("missed you")).count();
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
