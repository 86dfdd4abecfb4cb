package io.gratitude.console;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.digest.StaffDigestTest;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff digest in the console and the API: the settings page with its preview, a test
 * digest to oneself, the recipients' own switch (My account) and the partner admin's
 * (Staff), each out of reach of another partner's staff.
 */
class DigestPagesTest extends IntegrationTest {

	@Test
	void aPartnerAdminPreviewsChangesAndTestsTheDigest() throws Exception {
		// 07:00 in Auckland on March 10.
		CLOCK.set("2027-03-09T18:00:00Z");
		Api shop = enroll("Pacific/Auckland", "09:00", "18:00");
		long shopId = this.partnerId;
		StaffDigestTest.contact(shop, "ana", "Ana", "CLIENT", "2025-01-01", StaffDigestTest.birthday(3, 11));
		Credentials adminUser = staffUser(shopId, StaffRole.PARTNER_ADMIN);
		ConsoleClient admin = new ConsoleClient(this.port);
		admin.signIn(adminUser.email(), adminUser.password());
		String path = "/console/partners/" + shopId + "/settings/digest";

		ConsoleClient.Page page = admin.get(path);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one(".settings-tabs a[aria-current=page]").text()).isEqualTo("Staff digest");
		assertThat(page.one("#enabled").hasAttr("checked")).isTrue();
		assertThat(page.one("#hour option[selected]").text()).isEqualTo("08:00");
		assertThat(page.one("#daysAhead").val()).isEqualTo("7");
		assertThat(page.one("[data-testid=today-state]").text()).contains("goes out at 08:00");
		assertThat(page.one("[data-testid=upcoming]").text()).contains("Tomorrow, Thu 11 Mar")
			.contains("Ana Digest")
			.contains("Birthday")
			.contains("a call");
		assertThat(page.one("[data-testid=upcoming] a").attr("href"))
			.isEqualTo("/console/partners/" + shopId + "/contacts/ana");

		ConsoleClient.Page wrong = admin.post(path, "enabled", "true", "hour", "8", "daysAhead", "99");
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.one("#daysAhead-error").text()).isEqualTo("Days ahead must be between 1 and 60");
		assertThat(wrong.one("#daysAhead").attr("aria-invalid")).isEqualTo("true");

		ConsoleClient.Page saved = admin.post(path, "enabled", "true", "hour", "6", "daysAhead", "1");
		assertThat(saved.path()).isEqualTo(path);
		assertThat(saved.one(".alert-ok").text()).contains("from 06:00 (Pacific/Auckland)").contains("1 day ahead");
		assertThat(shop.get("/api/v1/digest-settings").json().get("hour").asInt()).isEqualTo(6);
		assertThat(saved.one("[data-testid=today-state]").text()).contains("goes out within minutes");

		ConsoleClient.Page tested = admin.post(path + "/test");
		assertThat(tested.one(".alert-ok").text()).contains("on its way to " + adminUser.email());
		assertThat(TestMail.to(adminUser.email())).hasSize(1);
		assertThat(TestMail.to(adminUser.email()).get(0).getSubject())
			.isEqualTo("[Test] 1 client to celebrate today or tomorrow");

		ConsoleClient.Page off = admin.post(path, "hour", "6", "daysAhead", "1");
		assertThat(off.one(".alert-ok").text()).isEqualTo("Saved. The staff digest is off.");
		assertThat(off.one("#enabled").hasAttr("checked")).isFalse();
		assertThat(shop.get("/api/v1/digest-settings").json().get("enabled").asBoolean()).isFalse();
	}

	@Test
	void staffReadTheSettingsAndTurnTheirOwnDigestOffWhileAdminsManageEveryones() {
		CLOCK.set("2027-03-09T18:00:00Z");
		enroll("Europe/Lisbon", "09:00", "18:00");
		long shopId = this.partnerId;
		Credentials staffUser = staffUser(shopId, StaffRole.STAFF);
		long staffId = this.staffUsers.findByEmail(staffUser.email()).orElseThrow().id();
		ConsoleClient staff = new ConsoleClient(this.port);
		staff.signIn(staffUser.email(), staffUser.password());
		String path = "/console/partners/" + shopId + "/settings/digest";

		ConsoleClient.Page page = staff.get(path);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("[data-testid=read-only]").text()).contains("a partner admin can change them");
		assertThat(page.one("fieldset").hasAttr("disabled")).isTrue();
		assertThat(staff.post(path, "enabled", "false", "hour", "8", "daysAhead", "7").status()).isEqualTo(403);

		ConsoleClient.Page account = staff.get("/console/account");
		assertThat(account.one("[data-testid=receives-digest]").hasAttr("checked")).isTrue();
		ConsoleClient.Page turnedOff = staff.post("/console/account/digest");
		assertThat(turnedOff.one(".alert-ok").text()).contains("no longer get the morning staff digest");
		assertThat(turnedOff.one("[data-testid=receives-digest]").hasAttr("checked")).isFalse();
		assertThat(this.staffUsers.digestRecipients(shopId)).extracting(u -> u.email())
			.doesNotContain(staffUser.email());

		ConsoleClient admin = console(shopId, StaffRole.PARTNER_ADMIN);
		String staffPage = "/console/partners/" + shopId + "/settings/staff";
		ConsoleClient.Page on = admin.post(staffPage + "/" + staffId + "/digest", "receivesDigest", "true");
		assertThat(on.one(".alert-ok").text()).contains("gets the morning staff digest");
		assertThat(on.one("tr[data-user=" + staffId + "] [data-testid=digest-state]").text()).isEqualTo("Receives");
		assertThat(this.staffUsers.digestRecipients(shopId)).extracting(u -> u.email()).contains(staffUser.email());
	}

	@Test
	void anotherPartnersStaffGet404() {
		CLOCK.set("2027-03-09T18:00:00Z");
		enroll("Europe/Lisbon", "09:00", "18:00");
		long partnerA = this.partnerId;
		long aUser = this.staffUsers.findByEmail(staffUser(partnerA, StaffRole.STAFF).email()).orElseThrow().id();
		enroll("Europe/Lisbon", "09:00", "18:00");
		long partnerB = this.partnerId;
		ConsoleClient b = console(partnerB, StaffRole.PARTNER_ADMIN);

		assertThat(b.get("/console/partners/" + partnerA + "/settings/digest").status()).isEqualTo(404);
		assertThat(b
			.post("/console/partners/" + partnerA + "/settings/digest", "enabled", "false", "hour", "8", "daysAhead",
					"7")
			.status()).isEqualTo(404);
		assertThat(b.post("/console/partners/" + partnerA + "/settings/digest/test").status()).isEqualTo(404);
		// A's user under B's own URL.
		assertThat(b
			.post("/console/partners/" + partnerB + "/settings/staff/" + aUser + "/digest", "receivesDigest", "false")
			.status()).isEqualTo(404);
		assertThat(this.staffUsers.receivesDigest(aUser)).isTrue();
	}

	@Test
	void theApiReadsAndChangesTheSettingsAndRefusesBadValues() {
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		Api.Response defaults = shop.get("/api/v1/digest-settings");
		assertThat(defaults.status()).isEqualTo(200);
		assertThat(defaults.json().get("enabled").asBoolean()).isTrue();
		assertThat(defaults.json().get("hour").asInt()).isEqualTo(8);
		assertThat(defaults.json().get("daysAhead").asInt()).isEqualTo(7);

		Api.Response bad = shop.put("/api/v1/digest-settings", "{\"hour\":24}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.raw().body()).contains("hour must be between 0 and 23");

		Api.Response changed = shop.put("/api/v1/digest-settings", "{\"daysAhead\":14}");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().get("hour").asInt()).isEqualTo(8);
		assertThat(shop.get("/api/v1/digest-settings").json().get("daysAhead").asInt()).isEqualTo(14);
	}

}
