package io.gratitude.partner;

import java.time.Duration;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A paused partner's messages are held, not lost: resuming sends at once what is still
 * within its lateness, and logs the rest as too late.
 */
class PauseAndResumeTest extends IntegrationTest {

	@Test
	void aPausedPartnersThankYouIsHeldWhileTimePassesAndGoesAtOnceOnResume() {
		CLOCK.set("2027-03-10T12:00:00Z");
		String email = uniqueEmail("held");
		Api shop = pausedShopWithADueThankYouTo(email);

		// The dispatcher looked at it and held it for a minute, without sending.
		eventually().until(() -> thankYou(shop).get("dueAt").asString().equals("2027-03-10T12:01:00Z"));
		CLOCK.advance(Duration.ofSeconds(30));
		assertThat(thankYou(shop).get("status").asString()).isEqualTo("SCHEDULED");
		// Past the hold it is looked at again, and held again.
		CLOCK.set("2027-03-10T12:01:30Z");
		eventually().until(() -> thankYou(shop).get("dueAt").asString().equals("2027-03-10T12:02:30Z"));
		assertThat(thankYou(shop).get("status").asString()).isEqualTo("SCHEDULED");
		assertThat(TestMail.to(email)).isEmpty();

		// Resumed with the clock standing still: it goes now, not at the next look.
		Api.Response resumed = admin().post("/api/v1/partners/" + this.partnerId + "/resume", "");
		assertThat(resumed.status()).isEqualTo(200);
		assertThat(resumed.json().get("paused").asBoolean()).isFalse();
		eventually().until(() -> TestMail.to(email).size() == 1);
		// Marked SENT right after the server's reply, a moment after the mail.
		eventually().until(() -> thankYou(shop).get("status").asString().equals("SENT"));
		JsonNode sent = thankYou(shop);
		assertThat(sent.get("status").asString()).isEqualTo("SENT");
		assertThat(sent.get("sentAt").asString()).isEqualTo("2027-03-10T12:01:30Z");
	}

	@Test
	void aMessageHeldPastItsLatenessIsSkippedAsTooLateNotSentAfterResume() {
		CLOCK.set("2027-03-10T12:00:00Z");
		String email = uniqueEmail("too-late");
		Api shop = pausedShopWithADueThankYouTo(email);
		eventually().until(() -> thankYou(shop).get("dueAt").asString().equals("2027-03-10T12:01:00Z"));

		// after-sale-thanks may be 24 h late; the partner stays paused for 25 h.
		CLOCK.set("2027-03-11T13:00:00Z");
		assertThat(admin().post("/api/v1/partners/" + this.partnerId + "/resume", "").status()).isEqualTo(200);
		eventually().until(() -> thankYou(shop).get("status").asString().equals("SKIPPED"));
		assertThat(thankYou(shop).get("reason").asString()).isEqualTo("too_late");
		assertThat(TestMail.to(email)).isEmpty();
	}

	@Test
	void pausingOnePartnerHoldsNoOneElse() {
		CLOCK.set("2027-03-10T12:00:00Z");
		pausedShopWithADueThankYouTo(uniqueEmail("held"));
		String email = uniqueEmail("other");
		Api other = enroll("UTC", "00:00", "00:00");
		other.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		other.put("/api/v1/contacts/c-1", "{\"email\":\"%s\"}".formatted(email));
		other.post("/api/v1/sales",
				"""
						{"externalRef":"S-1","contactRef":"c-1","amount":5,"currency":"EUR","occurredAt":"2027-03-10T11:59:00Z"}""");
		eventually().until(() -> TestMail.to(email).size() == 1);
	}

	/**
	 * A partner sending all day, paused, with a sale thank-you due now (12:00) for the
	 * contact {@code c-1}.
	 */
	private Api pausedShopWithADueThankYouTo(String email) {
		Api shop = enroll("UTC", "00:00", "00:00");
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		Api.Response paused = admin().post("/api/v1/partners/" + this.partnerId + "/pause", "");
		assertThat(paused.status()).isEqualTo(200);
		assertThat(paused.json().get("paused").asBoolean()).isTrue();
		assertThat(
				shop.put("/api/v1/contacts/c-1", "{\"email\":\"%s\",\"firstName\":\"Ana\"}".formatted(email)).status())
			.isEqualTo(201);
		assertThat(shop.post("/api/v1/sales",
				"""
						{"externalRef":"S-1","contactRef":"c-1","amount":5,"currency":"EUR","occurredAt":"2027-03-10T11:59:00Z"}""")
			.status()).isEqualTo(201);
		return shop;
	}

	private static JsonNode thankYou(Api shop) {
		return outreachOf(shop, "c-1").get(0);
	}

}
