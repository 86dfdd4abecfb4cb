package io.gratitude.console;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API keys page over real HTTP: a new key is shown once and works against the API; a
 * revoked or rotated key stops working; staff and other partners' admins cannot reach the
 * keys, even by putting a prefix of theirs in their own URL.
 */
class ApiKeyPagesTest extends IntegrationTest {

	@Test
	void aNewKeyIsShownOnceAndWorksAgainstTheApi() {
		Api api = enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		ConsoleClient.Page list = console.get(keys());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.one(".settings-tabs a[aria-current=page]").text()).isEqualTo("API keys");
		assertThat(list.doc().select("[data-testid=keys] tbody tr")).hasSize(1);
		assertThat(list.one("[data-testid=keys] tbody tr").text()).contains("default", "Active", "Never");

		ConsoleClient.Page created = console.post(keys(), "label", "Online shop");
		assertThat(created.path()).isEqualTo(keys());
		assertThat(created.one(".alert-ok").text()).contains("Online shop");
		String key = created.one("[data-testid=issued-key] code").text();
		assertThat(key).startsWith("gk_");
		assertThat(created.one("[data-testid=issued-key]").text()).contains("shown only this once");
		assertThat(created.doc().select("[data-testid=keys] tbody tr")).hasSize(2);

		assertThat(api.as(key).get("/api/v1/keys").status()).isEqualTo(200);
		assertThat(api.as(key).get("/api/v1/keys").json().get("total").asInt()).isEqualTo(2);

		ConsoleClient.Page again = console.get(keys());
		assertThat(again.doc().select("[data-testid=issued-key]")).isEmpty();
		assertThat(again.text()).doesNotContain(key);
	}

	@Test
	void aRevokedKeyStopsWorkingAndARotatedOneIsReplaced() {
		Api api = enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(keys());
		String crm = console.post(keys(), "label", "CRM").one("[data-testid=issued-key] code").text();
		String crmPrefix = prefix(crm);

		ConsoleClient.Page rotated = console.post(keys() + "/" + crmPrefix + "/rotate");
		String replacement = rotated.one("[data-testid=issued-key] code").text();
		assertThat(replacement).isNotEqualTo(crm);
		assertThat(api.as(crm).get("/api/v1/keys").status()).isEqualTo(401);
		assertThat(api.as(replacement).get("/api/v1/keys").status()).isEqualTo(200);
		assertThat(rotated.one("tr[data-prefix=" + crmPrefix + "]").text()).contains("Revoked");

		ConsoleClient.Page revoked = console.post(keys() + "/" + prefix(replacement) + "/revoke");
		assertThat(revoked.one(".alert-ok").text()).contains("revoked");
		assertThat(revoked.one("tr[data-prefix=" + prefix(replacement) + "]").text()).contains("Revoked");
		assertThat(revoked.doc().select("tr[data-prefix=" + prefix(replacement) + "] form")).isEmpty();
		assertThat(api.as(replacement).get("/api/v1/keys").status()).isEqualTo(401);
		assertThat(api.get("/api/v1/keys").status()).isEqualTo(200);
	}

	@Test
	void theLastActiveKeyCannotBeRevoked() {
		Api api = enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(keys());
		String prefix = api.get("/api/v1/keys").json().get("items").get(0).get("prefix").asString();

		ConsoleClient.Page refused = console.post(keys() + "/" + prefix + "/revoke");
		assertThat(refused.path()).isEqualTo(keys());
		assertThat(refused.one(".alert-error").text()).contains("last active key");
		assertThat(api.get("/api/v1/keys").status()).isEqualTo(200);
	}

	@Test
	void aKeyNeedsALabel() {
		Api api = enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(keys());

		ConsoleClient.Page refused = console.post(keys(), "label", "  ");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.one("#label-error").text()).contains("needs a label");
		assertThat(refused.one("#label").attr("aria-invalid")).isEqualTo("true");
		assertThat(refused.doc().select("[data-testid=issued-key]")).isEmpty();
		assertThat(api.get("/api/v1/keys").json().get("total").asInt()).isEqualTo(1);
	}

	@Test
	void staffCannotSeeOrChangeKeys() {
		Api api = enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		console.get("/console/partners/" + this.partnerId + "/settings");
		String prefix = api.get("/api/v1/keys").json().get("items").get(0).get("prefix").asString();

		assertThat(console.get(keys()).status()).isEqualTo(403);
		assertThat(console.post(keys(), "label", "Mine").status()).isEqualTo(403);
		assertThat(console.post(keys() + "/" + prefix + "/rotate").status()).isEqualTo(403);
		assertThat(api.get("/api/v1/keys").status()).isEqualTo(200);
		assertThat(api.get("/api/v1/keys").json().get("total").asInt()).isEqualTo(1);
	}

	@Test
	void anotherPartnersKeysCannotBeReachedEvenThroughOnesOwnUrl() {
		Api theirs = enroll("Europe/Lisbon", "09:00", "18:00");
		long other = this.partnerId;
		theirs.post("/api/v1/keys", "{\"label\":\"second\"}");
		String theirPrefix = theirs.get("/api/v1/keys").json().get("items").get(0).get("prefix").asString();
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(keys());

		String otherKeys = "/console/partners/" + other + "/settings/keys";
		assertThat(console.get(otherKeys).status()).isEqualTo(404);
		assertThat(console.post(otherKeys, "label", "Planted").status()).isEqualTo(404);
		assertThat(console.post(otherKeys + "/" + theirPrefix + "/revoke").status()).isEqualTo(404);
		assertThat(console.post(keys() + "/" + theirPrefix + "/revoke").status()).isEqualTo(404);
		assertThat(console.post(keys() + "/" + theirPrefix + "/rotate").status()).isEqualTo(404);
		assertThat(console.get(keys()).text()).doesNotContain(theirPrefix);

		assertThat(theirs.get("/api/v1/keys").status()).isEqualTo(200);
		assertThat(theirs.get("/api/v1/keys/" + theirPrefix).json().get("revokedAt").isNull()).isTrue();
		assertThat(theirs.get("/api/v1/keys").json().get("total").asInt()).isEqualTo(2);
	}

	@Test
	void aKeyPostWithoutTheCsrfTokenIsRefused() {
		Api api = enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(keys());

		assertThat(console.postWithoutCsrf(keys(), "label", "Forged").status()).isEqualTo(403);
		assertThat(api.get("/api/v1/keys").json().get("total").asInt()).isEqualTo(1);
	}

	private String keys() {
		return "/console/partners/" + this.partnerId + "/settings/keys";
	}

	private static String prefix(String key) {
		return key.split("_")[1];
	}

}
