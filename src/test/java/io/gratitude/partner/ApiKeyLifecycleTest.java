package io.gratitude.partner;

import java.time.Duration;
import java.util.List;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A partner manages its own API keys: a key is shown once, listed by prefix and label,
 * revoked or rotated with immediate effect, never the last one revoked, and another
 * partner's keys do not exist for it.
 */
class ApiKeyLifecycleTest extends IntegrationTest {

	@Autowired
	ApiKeys apiKeys;

	@Autowired
	JdbcClient jdbc;

	@Test
	void keysAreStoredAsAKeyedHashAndPlainHashesOfEarlierVersionsAreUpgradedOnFirstUse() {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response created = shop.post("/api/v1/keys", "{\"label\":\"till\"}");
		String key = created.json().get("key").asString();
		String prefix = created.json().get("prefix").asString();

		assertThat(storedHash(prefix)).isEqualTo(this.apiKeys.hash(key))
			.isNotEqualTo(ApiKeys.sha256(key))
			.doesNotContain(key.substring(14));
		// As an earlier version stored it.
		this.jdbc.sql("UPDATE api_key SET key_hash = ? WHERE prefix = ?").params(ApiKeys.sha256(key), prefix).update();
		assertThat(new Api(this.port, key).get("/api/v1/programs").status()).isEqualTo(200);
		assertThat(storedHash(prefix)).isEqualTo(this.apiKeys.hash(key));
		assertThat(new Api(this.port, key).get("/api/v1/programs").status()).isEqualTo(200);
		String wrong = key.substring(0, key.length() - 1) + (key.endsWith("a") ? "b" : "a");
		assertThat(new Api(this.port, wrong).get("/api/v1/programs").status()).isEqualTo(401);
	}

	private String storedHash(String prefix) {
		return this.jdbc.sql("SELECT key_hash FROM api_key WHERE prefix = ?")
			.param(prefix)
			.query(String.class)
			.single();
	}

	@Test
	void aNewKeyIsShownOnceWorksAndIsListedByPrefixAndLabelOnly() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");

		Api.Response created = shop.post("/api/v1/keys", "{\"label\":\"  shop backend  \"}");
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		String key = created.json().get("key").asString();
		String prefix = created.json().get("prefix").asString();
		assertThat(key).startsWith("gk_" + prefix + "_");
		assertThat(created.json().get("label").asString()).isEqualTo("shop backend");
		assertThat(created.json().get("createdAt").asString()).isEqualTo("2027-03-10T12:00:00Z");
		assertThat(created.header("Location")).endsWith("/api/v1/keys/" + prefix);

		CLOCK.advance(Duration.ofMinutes(5));
		Api backend = shop.as(key);
		assertThat(backend.get("/api/v1/programs").status()).isEqualTo(200);

		Api.Response list = backend.get("/api/v1/keys");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.raw().body()).doesNotContain(key).doesNotContain(ApiKeys.sha256(key)).doesNotContain("hash");
		assertThat(list.json().get("total").asLong()).isEqualTo(2);
		assertThat(list.json().get("page").asInt()).isZero();
		assertThat(list.json().get("size").asInt()).isEqualTo(50);
		List<JsonNode> items = list.json().get("items").valueStream().toList();
		assertThat(items).extracting(item -> item.get("label").asString()).containsExactly("default", "shop backend");
		JsonNode listed = items.get(1);
		assertThat(listed.propertyNames()).containsExactlyInAnyOrder("prefix", "label", "createdAt", "lastUsedAt",
				"revokedAt");
		assertThat(listed.get("prefix").asString()).isEqualTo(prefix);
		assertThat(listed.get("lastUsedAt").asString()).isEqualTo("2027-03-10T12:05:00Z");
		assertThat(listed.get("revokedAt").isNull()).isTrue();

		Api.Response one = shop.get("/api/v1/keys/" + prefix);
		assertThat(one.status()).isEqualTo(200);
		assertThat(one.json().get("label").asString()).isEqualTo("shop backend");
		assertThat(one.json().has("key")).isFalse();

		Api.Response paged = shop.get("/api/v1/keys?page=1&size=1");
		assertThat(paged.json().get("items").get(0).get("prefix").asString()).isEqualTo(prefix);
		assertThat(paged.json().get("total").asLong()).isEqualTo(2);
	}

	@Test
	void aRevokedKeyIsRefusedAtOnce() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response created = shop.post("/api/v1/keys", "{\"label\":\"till\"}");
		String prefix = created.json().get("prefix").asString();
		Api till = shop.as(created.json().get("key").asString());
		assertThat(till.get("/api/v1/programs").status()).isEqualTo(200);

		CLOCK.advance(Duration.ofMinutes(1));
		assertThat(delete(shop, "/api/v1/keys/" + prefix).status()).isEqualTo(204);
		Api.Response refused = till.get("/api/v1/programs");
		assertThat(refused.status()).isEqualTo(401);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(shop.get("/api/v1/keys/" + prefix).json().get("revokedAt").asString())
			.isEqualTo("2027-03-10T12:01:00Z");
		// Revoking again changes nothing.
		CLOCK.advance(Duration.ofMinutes(1));
		assertThat(delete(shop, "/api/v1/keys/" + prefix).status()).isEqualTo(204);
		assertThat(shop.get("/api/v1/keys/" + prefix).json().get("revokedAt").asString())
			.isEqualTo("2027-03-10T12:01:00Z");
		assertThat(shop.get("/api/v1/programs").status()).isEqualTo(200);
	}

	@Test
	void rotatingGivesANewKeyWithTheSameLabelAndRevokesTheOldOneAtOnce() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		String oldPrefix = prefixes(shop).get(0);

		Api.Response rotated = shop.post("/api/v1/keys/" + oldPrefix + "/rotate", "");
		assertThat(rotated.status()).as(rotated.raw().body()).isEqualTo(201);
		String newPrefix = rotated.json().get("prefix").asString();
		assertThat(newPrefix).isNotEqualTo(oldPrefix);
		assertThat(rotated.json().get("label").asString()).isEqualTo("default");
		assertThat(rotated.header("Location")).endsWith("/api/v1/keys/" + newPrefix);

		assertThat(shop.get("/api/v1/programs").status()).isEqualTo(401);
		Api renewed = shop.as(rotated.json().get("key").asString());
		assertThat(renewed.get("/api/v1/programs").status()).isEqualTo(200);
		assertThat(prefixes(renewed)).containsExactly(oldPrefix, newPrefix);
		assertThat(renewed.get("/api/v1/keys/" + oldPrefix).json().get("revokedAt").asString())
			.isEqualTo("2027-03-10T12:00:00Z");

		// A revoked key cannot be rotated back to life.
		Api.Response again = renewed.post("/api/v1/keys/" + oldPrefix + "/rotate", "");
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.header("Content-Type")).startsWith("application/problem+json");
		assertThat(prefixes(renewed)).hasSize(2);
	}

	@Test
	void thePartnersLastActiveKeyCannotBeRevoked() {
		Api shop = enroll("UTC", "09:00", "18:00");
		String first = prefixes(shop).get(0);
		Api.Response refused = delete(shop, "/api/v1/keys/" + first);
		assertThat(refused.status()).isEqualTo(409);
		assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
		assertThat(refused.json().get("detail").asString()).contains("last active key");
		assertThat(shop.get("/api/v1/programs").status()).isEqualTo(200);

		Api.Response second = shop.post("/api/v1/keys", "{\"label\":\"second\"}");
		Api other = shop.as(second.json().get("key").asString());
		assertThat(delete(other, "/api/v1/keys/" + first).status()).isEqualTo(204);
		// The second key is now the last one, even when it revokes itself.
		assertThat(delete(other, "/api/v1/keys/" + second.json().get("prefix").asString()).status()).isEqualTo(409);
		assertThat(other.get("/api/v1/programs").status()).isEqualTo(200);
	}

	@Test
	void anotherPartnersKeyIsNotFoundExactlyLikeAMissingOneAndStaysUntouched() {
		Api a = enroll("UTC", "09:00", "18:00");
		Api b = enroll("UTC", "09:00", "18:00");
		Api.Response bSecond = b.post("/api/v1/keys", "{\"label\":\"b's second\"}");
		String bPrefix = bSecond.json().get("prefix").asString();
		String before = b.get("/api/v1/keys").raw().body();

		for (String prefix : List.of(bPrefix, "nosuchkey1")) {
			Api.Response get = a.get("/api/v1/keys/" + prefix);
			Api.Response revoke = delete(a, "/api/v1/keys/" + prefix);
			Api.Response rotate = a.post("/api/v1/keys/" + prefix + "/rotate", "");
			for (Api.Response response : List.of(get, revoke, rotate)) {
				assertThat(response.status()).as(prefix).isEqualTo(404);
				assertThat(response.json().get("title").asString()).isEqualTo("Unknown API key");
				assertThat(response.json().get("detail").asString()).isEqualTo("No API key '" + prefix + "'.");
			}
		}
		assertThat(a.get("/api/v1/keys").raw().body()).doesNotContain(bPrefix);
		assertThat(b.get("/api/v1/keys").raw().body()).isEqualTo(before);
		assertThat(b.as(bSecond.json().get("key").asString()).get("/api/v1/programs").status()).isEqualTo(200);
	}

	@Test
	void aKeyNeedsAShortSingleLineLabelAndNothingIsCreatedOtherwise() {
		Api shop = enroll("UTC", "09:00", "18:00");
		for (String body : List.of("{}", "{\"label\":\"  \"}", "{\"label\":\"till\\r\\n2\"}",
				"{\"label\":\"" + "x".repeat(101) + "\"}", "{\"label\":7}")) {
			Api.Response response = shop.post("/api/v1/keys", body);
			assertThat(response.status()).as(body).isEqualTo(400);
			assertThat(response.json().get("field").asString()).as(body).isEqualTo("label");
		}
		assertThat(shop.get("/api/v1/keys").json().get("total").asLong()).isEqualTo(1);
	}

	private static List<String> prefixes(Api api) {
		return api.get("/api/v1/keys")
			.json()
			.get("items")
			.valueStream()
			.map(item -> item.get("prefix").asString())
			.toList();
	}

	private static Api.Response delete(Api api, String path) {
		return api.send("DELETE", path, "application/json", "");
	}

}
