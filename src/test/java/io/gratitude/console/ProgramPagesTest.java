package io.gratitude.console;

import java.util.List;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's program pages over real HTTP: timing in words, what each program sends
 * next, editing as the API's PATCH does it (and refusing bad input by the field),
 * enabling and disabling, and the partner boundary.
 */
class ProgramPagesTest extends IntegrationTest {

	private Api shop;

	/**
	 * Ana and Ben, each with a sale at 12:00 on 10 June 2027, thanked two hours later.
	 */
	private ConsoleClient shopWithTwoSales() {
		CLOCK.set("2027-06-10T12:00:00Z");
		this.shop = enroll("UTC", "00:00", "00:00");
		this.shop.put("/api/v1/contacts/ana",
				"{\"email\":\"%s\",\"firstName\":\"Ana\",\"lastName\":\"Lima\"}".formatted(uniqueEmail("ana")));
		this.shop.put("/api/v1/contacts/ben", "{\"email\":\"%s\",\"firstName\":\"Ben\"}".formatted(uniqueEmail("ben")));
		assertThat(this.shop.post("/api/v1/sales", sale("ORD-1", "ben", "2027-06-10T11:00:00Z")).status())
			.isEqualTo(201);
		assertThat(this.shop.post("/api/v1/sales", sale("ORD-2", "ana", "2027-06-10T11:30:00Z")).status())
			.isEqualTo(201);
		return console(this.partnerId, StaffRole.STAFF);
	}

	private static String sale(String ref, String contact, String at) {
		return """
				{"externalRef":"%s","contactRef":"%s","amount":"10.00","currency":"EUR","occurredAt":"%s"}"""
			.formatted(ref, contact, at);
	}

	private String programs(String rest) {
		return "/console/partners/" + this.partnerId + "/programs" + rest;
	}

	private JsonNode api(String key) {
		Api.Response response = this.shop.get("/api/v1/programs/" + key);
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	@Test
	void theListShowsEachProgramsTimingInWordsAndItsNextSends() {
		ConsoleClient console = shopWithTwoSales();

		ConsoleClient.Page list = console.get(programs(""));
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.one("nav a[aria-current=page]").text()).isEqualTo("Programs");
		assertThat(list.doc().select("a.program-link").eachText()).containsExactly("Thank you after a purchase",
				"Welcome, new client", "Birthday greeting", "Client anniversary", "Client check-in",
				"Personal check-in with a client at risk");
		assertThat(list.one("tr[data-program=after-sale-thanks] .program-timing").text())
			.isEqualTo("2 hours after a sale");
		assertThat(list.one("tr[data-program=after-sale-thanks]").text()).contains("Everyone", "Enabled",
				"Sent up to 1 day late");
		assertThat(list.one("tr[data-program=birthday] .program-timing").text()).isEqualTo("On the birthday at 09:00");
		assertThat(list.one("tr[data-program=client-check-in] .program-timing").text())
			.isEqualTo("Every 90 days since a client's last sale or message at 10:00");
		assertThat(list.one("tr[data-program=client-welcome] .program-timing").text())
			.isEqualTo("1 hour after a customer becomes a client");
		assertThat(list.doc().select("tr[data-program=after-sale-thanks] .program-next li").eachText())
			.containsExactly("10 Jun, 13:00 · Ben", "10 Jun, 13:30 · Ana Lima");
		assertThat(list.one("tr[data-program=birthday] .program-next-cell").text()).isEqualTo("Nothing planned yet");
	}

	@Test
	void theProgramPageListsWhatItWillSendNext() {
		ConsoleClient console = shopWithTwoSales();

		ConsoleClient.Page page = console.get(programs("/after-sale-thanks"));
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("h1").text()).isEqualTo("Thank you after a purchase");
		assertThat(page.doc().select("[data-testid=next] tbody tr").eachText())
			.containsExactly("10 Jun 2027, 13:00 Ben sale:ORD-1", "10 Jun 2027, 13:30 Ana Lima sale:ORD-2");
		assertThat(page.doc().select("[data-testid=next] a").eachAttr("href")).contains(
				"/console/partners/" + this.partnerId + "/contacts/ben",
				"/console/partners/" + this.partnerId + "/contacts/ana");
		assertThat(console.get(programs("/birthday")).one("[data-testid=nothing-next]").text())
			.startsWith("Nothing is planned for this program yet.");
		assertThat(console.get(programs("/no-such-program")).status()).isEqualTo(404);
	}

	@Test
	void anEditChangesWhatTheApiReports() {
		ConsoleClient console = shopWithTwoSales();
		ConsoleClient.Page form = console.get(programs("/after-sale-thanks"));
		assertThat(form.one("#delayAmount").attr("value")).isEqualTo("2");
		assertThat(form.one("#delayUnit option[selected]").attr("value")).isEqualTo("hours");
		assertThat(form.one("label[for=audience]").text()).isEqualTo("Who it is for");
		assertThat(form.doc().select("#sendAt")).isEmpty();

		ConsoleClient.Page saved = console.post(programs("/after-sale-thanks"), "audience", "CLIENT", "delayAmount",
				"3", "delayUnit", "hours", "latenessAmount", "2", "latenessUnit", "days");
		assertThat(saved.path()).isEqualTo(programs("/after-sale-thanks"));
		assertThat(saved.one(".alert-ok").text()).contains("3 hours after a sale");
		assertThat(saved.one("[data-testid=timing]").text()).isEqualTo("3 hours after a sale");
		JsonNode program = api("after-sale-thanks");
		assertThat(program.get("delay").asString()).isEqualTo("PT3H");
		assertThat(program.get("maxLateness").asString()).isEqualTo("PT48H");
		assertThat(program.get("audience").asString()).isEqualTo("CLIENT");

		console.post(programs("/birthday"), "audience", "ANY", "offsetAmount", "2", "offsetDirection", "before",
				"sendAt", "08:30", "latenessAmount", "12", "latenessUnit", "hours");
		JsonNode birthday = api("birthday");
		assertThat(birthday.get("offsetDays").asInt()).isEqualTo(-2);
		assertThat(birthday.get("sendAt").asString()).isEqualTo("08:30");
		assertThat(birthday.get("maxLateness").asString()).isEqualTo("PT12H");
		assertThat(console.get(programs("")).one("tr[data-program=birthday] .program-timing").text())
			.isEqualTo("2 days before the birthday at 08:30");
	}

	@Test
	void badInputIsShownByItsFieldAndChangesNothing() {
		ConsoleClient console = shopWithTwoSales();

		ConsoleClient.Page notANumber = console.post(programs("/after-sale-thanks"), "audience", "CLIENT",
				"delayAmount", "soon", "delayUnit", "hours", "latenessAmount", "1", "latenessUnit", "days");
		assertThat(notANumber.status()).isEqualTo(400);
		assertThat(notANumber.one("#delay-error").text()).isEqualTo("How long to wait must be a whole number.");
		assertThat(notANumber.one("#delayAmount").attr("aria-invalid")).isEqualTo("true");
		assertThat(notANumber.one("#delayAmount").attr("value")).isEqualTo("soon");
		assertThat(notANumber.one("#audience option[selected]").attr("value")).isEqualTo("CLIENT");
		assertThat(notANumber.one(".alert-error").text()).contains("Nothing was saved");

		ConsoleClient.Page tooLong = console.post(programs("/after-sale-thanks"), "audience", "CLIENT", "delayAmount",
				"91", "delayUnit", "days", "latenessAmount", "1", "latenessUnit", "days");
		assertThat(tooLong.status()).isEqualTo(400);
		assertThat(tooLong.one("#delay-error").text()).isEqualTo("The wait can be at most 90 days.");

		ConsoleClient.Page noLateness = console.post(programs("/after-sale-thanks"), "audience", "CLIENT",
				"delayAmount", "1", "delayUnit", "hours", "latenessAmount", "0", "latenessUnit", "hours");
		assertThat(noLateness.one("#maxLateness-error").text())
			.isEqualTo("Allow between 1 minute and 30 days of lateness.");
		assertThat(noLateness.doc().select("#delay-error")).isEmpty();

		ConsoleClient.Page badTime = console.post(programs("/birthday"), "audience", "ANY", "offsetAmount", "0",
				"offsetDirection", "after", "sendAt", "25:99", "latenessAmount", "1", "latenessUnit", "days");
		assertThat(badTime.one("#sendAt-error").text()).contains("09:30");

		JsonNode program = api("after-sale-thanks");
		assertThat(program.get("delay").asString()).isEqualTo("PT2H");
		assertThat(program.get("audience").asString()).isEqualTo("ANY");
		assertThat(program.get("maxLateness").asString()).isEqualTo("PT24H");
		assertThat(api("birthday").get("sendAt").asString()).isEqualTo("09:00");
	}

	@Test
	void staffDisableAndEnableAProgram() {
		ConsoleClient console = shopWithTwoSales();

		ConsoleClient.Page disabled = console.post(programs("/birthday/enabled"), "enabled", "false");
		assertThat(disabled.one(".alert-ok").text()).contains("disabled");
		assertThat(disabled.one("[data-testid=state]").text()).isEqualTo("Disabled");
		assertThat(disabled.one("[data-testid=toggle]").text()).isEqualTo("Enable program");
		assertThat(api("birthday").get("enabled").asBoolean()).isFalse();
		assertThat(console.get(programs("")).one("tr[data-program=birthday]").text()).contains("Disabled");

		ConsoleClient.Page enabled = console.post(programs("/birthday/enabled"), "enabled", "true");
		assertThat(enabled.one("[data-testid=state]").text()).isEqualTo("Enabled");
		assertThat(api("birthday").get("enabled").asBoolean()).isTrue();
	}

	@Test
	void anotherPartnersStaffFindNothingEvenByTamperingWithTheUrl() {
		shopWithTwoSales();
		long shopA = this.partnerId;
		assertThat(this.shop.post("/api/v1/programs", """
				{"key":"summer-thanks","name":"Summer thanks","trigger":"AFTER_SALE","audience":"ANY",
				 "template":"after-sale-thanks"}""").status()).isEqualTo(201);
		enroll("UTC", "09:00", "18:00");
		long shopB = this.partnerId;
		ConsoleClient other = console(shopB, StaffRole.PARTNER_ADMIN);

		assertThat(other.get("/console/partners/" + shopA + "/programs").status()).isEqualTo(404);
		assertThat(other.get("/console/partners/" + shopA + "/programs/after-sale-thanks").status()).isEqualTo(404);
		assertThat(other.get("/console/partners/" + shopA + "/programs/summer-thanks").status()).isEqualTo(404);
		assertThat(other.get("/console/partners/" + shopB + "/programs/summer-thanks").status()).isEqualTo(404);
		// B's own program page never shows A's scheduled sends.
		ConsoleClient.Page own = other.get("/console/partners/" + shopB + "/programs/after-sale-thanks");
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.text()).doesNotContain("Ana Lima");
		for (long partner : List.of(shopA, shopB)) {
			assertThat(
					other.post("/console/partners/" + partner + "/programs/summer-thanks/enabled", "enabled", "false")
						.status())
				.isEqualTo(404);
			assertThat(other
				.post("/console/partners/" + partner + "/programs/summer-thanks", "audience", "CLIENT", "delayAmount",
						"5", "delayUnit", "hours", "latenessAmount", "1", "latenessUnit", "days")
				.status()).isEqualTo(404);
		}
		assertThat(other.post("/console/partners/" + shopA + "/programs/after-sale-thanks/enabled", "enabled", "false")
			.status()).isEqualTo(404);
		JsonNode summer = api("summer-thanks");
		assertThat(summer.get("enabled").asBoolean()).isTrue();
		assertThat(summer.get("audience").asString()).isEqualTo("ANY");
		assertThat(api("after-sale-thanks").get("enabled").asBoolean()).isTrue();
	}

	@Test
	void formPostsWithoutTheCsrfTokenAreRefused() {
		ConsoleClient console = shopWithTwoSales();
		console.get(programs("/after-sale-thanks"));

		assertThat(console.postWithoutCsrf(programs("/after-sale-thanks/enabled"), "enabled", "false").status())
			.isEqualTo(403);
		assertThat(console
			.postWithoutCsrf(programs("/after-sale-thanks"), "audience", "CLIENT", "delayAmount", "5", "delayUnit",
					"hours", "latenessAmount", "1", "latenessUnit", "days")
			.status()).isEqualTo(403);
		JsonNode program = api("after-sale-thanks");
		assertThat(program.get("enabled").asBoolean()).isTrue();
		assertThat(program.get("delay").asString()).isEqualTo("PT2H");
	}

}
