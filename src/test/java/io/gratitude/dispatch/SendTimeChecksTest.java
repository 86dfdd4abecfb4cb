package io.gratitude.dispatch;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.suppression.Suppressions;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.TemplateSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is checked again at send time: opt-out, suppression, and a template that breaks
 * the sandbox.
 */
class SendTimeChecksTest extends IntegrationTest {

	@Autowired
	Suppressions suppressions;

	@Autowired
	MessageTemplates templates;

	@Test
	void anOptedOutContactGetsNothingAndTheOutreachSaysWhy() {
		CLOCK.set("2027-04-01T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT1H\"}");
		String email = uniqueEmail("optout");
		shop.put("/api/v1/contacts/o-1", "{\"email\":\"%s\",\"firstName\":\"Omar\"}".formatted(email));
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"O-1","contactRef":"o-1","amount":5,"currency":"USD","occurredAt":"2027-04-01T09:59:00Z"}""");
		// Planned while subscribed; the opt-out arrives before the send.
		assertThat(shop.post("/api/v1/contacts/o-1/opt-out", "").status()).isEqualTo(200);

		CLOCK.set("2027-04-01T11:00:00Z");
		eventually().until(() -> "SKIPPED".equals(outreachOf(shop, "o-1").get(0).get("status").asString()));
		assertThat(outreachOf(shop, "o-1").get(0).get("reason").asString()).isEqualTo("opted_out");
		assertThat(TestMail.to(email)).isEmpty();
	}

	@Test
	void aSuppressedAddressGetsNothingAndTheOutreachSaysWhy() {
		CLOCK.set("2027-04-02T10:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail("bounced");
		shop.put("/api/v1/contacts/s-1", "{\"email\":\"%s\"}".formatted(email));
		// A hard bounce earlier put the address on the partner's suppression list.
		this.suppressions.suppress(this.partnerId, email, "hard_bounce", Instant.parse("2027-04-01T00:00:00Z"));
		shop.post("/api/v1/sales",
				"""
						{"externalRef":"S-1","contactRef":"s-1","amount":5,"currency":"USD","occurredAt":"2027-04-02T09:59:00Z"}""");

		eventually().until(() -> "SKIPPED".equals(outreachOf(shop, "s-1").get(0).get("status").asString()));
		assertThat(outreachOf(shop, "s-1").get(0).get("reason").asString()).isEqualTo("suppressed");
		assertThat(TestMail.to(email)).isEmpty();
	}

	@Test
	void aTemplateThatReachesForJavaFailsToRenderAndNothingIsSent() throws Exception {
		CLOCK.set("2027-04-03T10:00:00Z");
		Path marker = Path.of("target", "sandbox-marker-" + System.nanoTime());
		String[] attacks = {
				"${\"freemarker.template.utility.Execute\"?new()(\"touch " + marker.toAbsolutePath() + "\")}",
				"${contact?api.getClass().getName()}", "${contact.getClass()}",
				"<#assign c = \"freemarker.template.utility.ObjectConstructor\"?new()>${c(\"java.io.File\", \"" + marker
						+ "\").createNewFile()?c}" };
		int n = 0;
		for (String attack : attacks) {
			n++;
			Api shop = enroll("UTC", "09:00", "18:00");
			shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
			// Stored directly: the template API (a later issue) refuses such templates at
			// save time.
			this.templates.publishNewVersion(this.partnerId, "after-sale-thanks",
					new TemplateSource("attack", "Thanks", "<p>" + attack + "</p>", "Thanks " + attack),
					CLOCK.instant());
			String email = uniqueEmail("sandbox" + n);
			shop.put("/api/v1/contacts/x", "{\"email\":\"%s\"}".formatted(email));
			shop.post("/api/v1/sales",
					"""
							{"externalRef":"X-1","contactRef":"x","amount":1,"currency":"EUR","occurredAt":"2027-04-03T09:00:00Z"}""");

			eventually().until(() -> "FAILED".equals(outreachOf(shop, "x").get(0).get("status").asString()));
			JsonNode failed = outreachOf(shop, "x").get(0);
			assertThat(failed.get("reason").asString()).as(attack).isEqualTo("template_error");
			assertThat(TestMail.to(email)).as(attack).isEmpty();
		}
		assertThat(Files.exists(marker)).isFalse();
	}

}
