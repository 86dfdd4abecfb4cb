package io.gratitude.partner;

import java.time.Duration;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each API key has its own request rate: over it, 429 with Retry-After and a problem
 * body, while the partner's other keys and other partners go on; time refills it.
 */
@TestPropertySource(properties = { "gratitude.api.rate-limit.per-second=0.5", "gratitude.api.rate-limit.burst=3" })
class ApiRateLimitTest extends IntegrationTest {

	@Test
	void aKeyOverItsRateIsToldWhenToRetryAndNoOtherKeyIsHeldBack() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api other = enroll("UTC", "09:00", "18:00");
		Api.Response created = shop.post("/api/v1/keys", "{\"label\":\"second\"}");
		assertThat(created.status()).isEqualTo(201);
		Api second = new Api(this.port, created.json().get("key").asString());
		assertThat(shop.get("/api/v1/programs").status()).isEqualTo(200);
		assertThat(shop.get("/api/v1/programs").status()).isEqualTo(200);

		Api.Response over = shop.get("/api/v1/programs");
		assertThat(over.status()).isEqualTo(429);
		assertThat(over.header("Retry-After")).isEqualTo("2");
		assertThat(over.header("Content-Type")).startsWith("application/problem+json");
		assertThat(over.json().get("status").asInt()).isEqualTo(429);
		assertThat(over.json().get("detail").asString()).contains("Retry after 2 s");
		assertThat(second.get("/api/v1/programs").status()).as("the partner's other key").isEqualTo(200);
		assertThat(other.get("/api/v1/programs").status()).as("another partner").isEqualTo(200);

		CLOCK.advance(Duration.ofSeconds(2));
		assertThat(shop.get("/api/v1/programs").status()).isEqualTo(200);
		assertThat(shop.get("/api/v1/programs").status()).isEqualTo(429);
	}

}
