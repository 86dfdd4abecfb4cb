package io.gratitude.console;

import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The General settings page over real HTTP: what a partner admin changes is what the
 * operator's API reports; refused input changes nothing and is shown by its field; staff
 * read but do not change; another partner's settings do not exist.
 */
class SettingsPagesTest extends IntegrationTest {

	@Test
	void aPartnerAdminChangesTheSettingsAndTheApiReportsThem() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);

		ConsoleClient.Page form = console.get(settings());
		assertThat(form.status()).isEqualTo(200);
		assertThat(form.one("nav a[aria-current=page]").text()).isEqualTo("Settings");
		assertThat(form.one(".settings-tabs a[aria-current=page]").text()).isEqualTo("General");
		assertThat(form.doc().select(".settings-tabs a").eachText()).containsExactly("General", "Client lifecycle",
				"API keys", "Staff", "Audit log", "Staff digest", "My account");
		assertThat(form.one("#senderEmail").val()).isEqualTo("thanks@shop.example");
		assertThat(form.one("#timeZone option[selected]").val()).isEqualTo("Europe/Lisbon");
		assertThat(form.one("#windowStart").val()).isEqualTo("09:00");
		assertThat(form.one("label[for=replyTo]")).isNotNull();

		ConsoleClient.Page saved = post(console,
				Map.of("senderName", "Rosa from the Bakery", "senderEmail", "rosa@bakery.example", "replyTo",
						"desk@bakery.example", "timeZone", "Asia/Tokyo", "windowStart", "08:30", "windowEnd", "20:00",
						"skipWeekends", "true", "frequencyCapHours", "24", "maxPerMinute", "30", "leapDayPolicy",
						"MAR_1"));

		assertThat(saved.path()).isEqualTo(settings());
		assertThat(saved.one(".alert-ok").text()).isEqualTo("Settings saved.");
		assertThat(saved.one("#senderEmail").val()).isEqualTo("rosa@bakery.example");
		assertThat(saved.one("#skipWeekends").hasAttr("checked")).isTrue();
		JsonNode partner = partner();
		assertThat(partner.get("senderName").asString()).isEqualTo("Rosa from the Bakery");
		assertThat(partner.get("senderEmail").asString()).isEqualTo("rosa@bakery.example");
		assertThat(partner.get("replyTo").asString()).isEqualTo("desk@bakery.example");
		assertThat(partner.get("timeZone").asString()).isEqualTo("Asia/Tokyo");
		assertThat(partner.get("sendWindow").get("start").asString()).isEqualTo("08:30");
		assertThat(partner.get("sendWindow").get("end").asString()).isEqualTo("20:00");
		assertThat(partner.get("skipWeekends").asBoolean()).isTrue();
		assertThat(partner.get("frequencyCapHours").asInt()).isEqualTo(24);
		assertThat(partner.get("maxPerMinute").asInt()).isEqualTo(30);
		assertThat(partner.get("leapDayPolicy").asString()).isEqualTo("MAR_1");

		// Emptying reply-to and messages per minute returns to the defaults.
		post(console, Map.of("replyTo", "", "maxPerMinute", ""));
		assertThat(partner().get("replyTo").isNull()).isTrue();
		assertThat(partner().get("maxPerMinute").isNull()).isTrue();
		assertThat(partner().get("skipWeekends").asBoolean()).isFalse();
	}

	@Test
	void invalidInputIsShownByItsFieldAndChangesNothing() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(settings());

		ConsoleClient.Page window = post(console,
				Map.of("windowStart", "18:00", "windowEnd", "09:00", "senderName", "Changed too"));
		assertThat(window.status()).isEqualTo(400);
		assertThat(window.one("#windowEnd-error").text()).contains("must end after it starts");
		assertThat(window.one("#windowEnd").attr("aria-invalid")).isEqualTo("true");
		assertThat(window.one("#windowStart").val()).isEqualTo("18:00");
		assertThat(window.one("#senderName").val()).isEqualTo("Changed too");
		assertThat(window.one(".alert-error").text()).contains("Nothing was saved");
		assertThat(window.doc().select(".alert-ok")).isEmpty();

		ConsoleClient.Page zone = post(console, Map.of("timeZone", "Mars/Olympus_Mons"));
		assertThat(zone.status()).isEqualTo(400);
		assertThat(zone.one("#timeZone-error").text()).contains("Choose a time zone");

		ConsoleClient.Page email = post(console, Map.of("senderEmail", "not an address"));
		assertThat(email.status()).isEqualTo(400);
		assertThat(email.one("#senderEmail-error").text()).startsWith("Sender email is not a valid email address");
		assertThat(email.one("#senderEmail").val()).isEqualTo("not an address");

		ConsoleClient.Page cap = post(console, Map.of("frequencyCapHours", "10000"));
		assertThat(cap.one("#frequencyCapHours-error").text()).contains("between 0");
		assertThat(post(console, Map.of("maxPerMinute", "lots")).one("#maxPerMinute-error").text())
			.isEqualTo("Enter a whole number");

		JsonNode partner = partner();
		assertThat(partner.get("senderName").asString()).isEqualTo("Rosa at the Shop");
		assertThat(partner.get("senderEmail").asString()).isEqualTo("thanks@shop.example");
		assertThat(partner.get("timeZone").asString()).isEqualTo("Europe/Lisbon");
		assertThat(partner.get("sendWindow").get("start").asString()).isEqualTo("09:00");
		assertThat(partner.get("frequencyCapHours").asInt()).isEqualTo(72);
	}

	@Test
	void aPartnerAdminPausesAndResumesSending() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(settings());

		ConsoleClient.Page paused = console.post(settings() + "/pause");
		assertThat(paused.path()).isEqualTo(settings());
		assertThat(paused.one(".alert-ok").text()).contains("paused");
		assertThat(paused.one("[data-testid=sending-state]").text()).isEqualTo("Paused");
		assertThat(paused.one("[data-testid=resume]")).isNotNull();
		assertThat(partner().get("paused").asBoolean()).isTrue();

		ConsoleClient.Page resumed = console.post(settings() + "/resume");
		assertThat(resumed.one("[data-testid=sending-state]").text()).isEqualTo("Sending");
		assertThat(partner().get("paused").asBoolean()).isFalse();
	}

	@Test
	void staffReadTheSettingsButCannotChangeThem() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);

		ConsoleClient.Page page = console.get(settings());
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("#senderEmail").val()).isEqualTo("thanks@shop.example");
		assertThat(page.one("form fieldset").hasAttr("disabled")).isTrue();
		assertThat(page.one("[data-testid=read-only]").text()).contains("a partner admin can change them");
		assertThat(page.doc().select("button[type=submit]:contains(Save settings)")).isEmpty();
		assertThat(page.doc().select("[data-testid=pause]")).isEmpty();
		assertThat(page.doc().select(".settings-tabs a").eachText()).containsExactly("General", "Client lifecycle",
				"Staff digest", "My account");

		assertThat(post(console, Map.of("senderName", "Hijacked")).status()).isEqualTo(403);
		assertThat(console.post(settings() + "/pause").status()).isEqualTo(403);
		assertThat(partner().get("senderName").asString()).isEqualTo("Rosa at the Shop");
		assertThat(partner().get("paused").asBoolean()).isFalse();
	}

	@Test
	void anotherPartnersSettingsDoNotExist() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		long other = this.partnerId;
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(settings());

		String theirs = "/console/partners/" + other + "/settings";
		assertThat(console.get(theirs).status()).isEqualTo(404);
		assertThat(console.get(theirs).text()).doesNotContain("thanks@shop.example");
		assertThat(console
			.post(theirs, "senderName", "Hijacked", "senderEmail", "x@y.example", "name", "X", "timeZone", "UTC",
					"windowStart", "09:00", "windowEnd", "10:00", "frequencyCapHours", "1", "leapDayPolicy", "FEB_28")
			.status()).isEqualTo(404);
		assertThat(console.post(theirs + "/pause").status()).isEqualTo(404);
		this.partnerId = other;
		assertThat(partner().get("senderName").asString()).isEqualTo("Rosa at the Shop");
		assertThat(partner().get("paused").asBoolean()).isFalse();
	}

	@Test
	void aSettingsPostWithoutTheCsrfTokenIsRefused() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(settings());

		assertThat(console.postWithoutCsrf(settings(), "senderName", "Forged").status()).isEqualTo(403);
		assertThat(console.postWithoutCsrf(settings() + "/pause").status()).isEqualTo(403);
		assertThat(partner().get("senderName").asString()).isEqualTo("Rosa at the Shop");
		assertThat(partner().get("paused").asBoolean()).isFalse();
	}

	private String settings() {
		return "/console/partners/" + this.partnerId + "/settings";
	}

	private JsonNode partner() {
		var response = admin().get("/api/v1/partners/" + this.partnerId);
		assertThat(response.status()).isEqualTo(200);
		return response.json();
	}

	/** Posts the settings form as the page would, with the partner's values but these. */
	private ConsoleClient.Page post(ConsoleClient console, Map<String, String> changes) {
		JsonNode current = partner();
		Map<String, String> form = new LinkedHashMap<>();
		form.put("name", current.get("name").asString());
		form.put("senderName", current.get("senderName").asString());
		form.put("senderEmail", current.get("senderEmail").asString());
		form.put("replyTo", current.get("replyTo").isNull() ? "" : current.get("replyTo").asString());
		form.put("timeZone", current.get("timeZone").asString());
		form.put("windowStart", current.get("sendWindow").get("start").asString());
		form.put("windowEnd", current.get("sendWindow").get("end").asString());
		form.put("frequencyCapHours", current.get("frequencyCapHours").asString());
		form.put("maxPerMinute", current.get("maxPerMinute").isNull() ? "" : current.get("maxPerMinute").asString());
		form.put("leapDayPolicy", current.get("leapDayPolicy").asString());
		form.putAll(changes);
		List<String> pairs = new ArrayList<>();
		form.forEach((name, value) -> {
			pairs.add(name);
			pairs.add(value);
		});
		return console.post(settings(), pairs.toArray(String[]::new));
	}

}
