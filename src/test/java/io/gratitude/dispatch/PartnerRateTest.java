package io.gratitude.dispatch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner's messages per minute hold whichever dispatch worker claims (the shared
 * context dispatches every 100 ms on four workers): what is over the limit waits,
 * SCHEDULED and untried, until the clock has moved past the minute.
 */
class PartnerRateTest extends IntegrationTest {

	@Test
	void aPartnerAllowedFivePerMinuteSendsFiveAMinuteWhileTheRestWaitUntried() {
		CLOCK.set("2027-04-07T10:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		Api.Response limited = admin().patch("/api/v1/partners/" + this.partnerId, "{\"maxPerMinute\":5}");
		assertThat(limited.status()).as(limited.raw().body()).isEqualTo(200);
		assertThat(limited.json().get("maxPerMinute").asInt()).isEqualTo(5);
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		List<String> recipients = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String email = uniqueEmail("buyer" + i);
			recipients.add(email);
			shop.put("/api/v1/contacts/c" + i, "{\"email\":\"%s\"}".formatted(email));
			assertThat(shop
				.post("/api/v1/sales",
						"""
								{"externalRef":"R-%d","contactRef":"c%d","amount":3,"currency":"EUR","occurredAt":"%s"}"""
							.formatted(i, i, CLOCK.instant()))
				.status()).isEqualTo(201);
		}

		eventually().until(() -> count(shop, "SENT") == 5);
		stillAfterSomeRounds(shop, 5, recipients);
		assertThat(shop.get("/api/v1/outreach?status=SCHEDULED&size=100").json().get("items").valueStream().toList())
			.hasSize(7)
			.allSatisfy(row -> assertThat(row.get("attempts")).isEmpty());

		// 59 s on, the five sent are still within the minute.
		CLOCK.advance(Duration.ofSeconds(59));
		stillAfterSomeRounds(shop, 5, recipients);
		CLOCK.advance(Duration.ofSeconds(2));
		eventually().until(() -> count(shop, "SENT") == 10);
		stillAfterSomeRounds(shop, 10, recipients);
		CLOCK.advance(Duration.ofSeconds(61));
		eventually().until(() -> count(shop, "SENT") == 12);
		assertThat(recipients).allSatisfy(to -> assertThat(TestMail.to(to)).hasSize(1));
	}

	private static long count(Api shop, String status) {
		return shop.get("/api/v1/outreach?size=1&status=" + status).json().get("total").asLong();
	}

	/**
	 * Several dispatch rounds (every 100 ms) send nothing more: still {@code sent}
	 * messages SENT and received.
	 */
	private static void stillAfterSomeRounds(Api shop, long sent, List<String> recipients) {
		eventually().during(Duration.ofSeconds(1)).until(() -> count(shop, "SENT") == sent);
		assertThat(recipients.stream().mapToLong(to -> TestMail.to(to).size()).sum()).isEqualTo(sent);
	}

}
