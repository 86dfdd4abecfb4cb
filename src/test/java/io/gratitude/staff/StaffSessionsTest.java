package io.gratitude.staff;

import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a session vouches for stops at once when it stops being true: a disabled user, a
 * changed role or a new password signs the user out of every session, not at its expiry.
 */
class StaffSessionsTest extends IntegrationTest {

	@Test
	void aDisabledUserIsSignedOutAtOnce() {
		enroll("UTC", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient samsBrowser = signedIn(sam);
		long id = this.staffUsers.findByEmail(sam.email()).orElseThrow().id();

		this.staffUsers.setEnabled(this.partnerId, id, false);

		assertThat(samsBrowser.get("/console").path()).isEqualTo("/console/sign-in");
	}

	@Test
	void aChangedRoleEndsTheSessionsThatHeldTheOldOne() {
		enroll("UTC", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.PARTNER_ADMIN);
		ConsoleClient samsBrowser = signedIn(sam);
		assertThat(samsBrowser.get("/console/partners/" + this.partnerId + "/settings/keys").status()).isEqualTo(200);
		long id = this.staffUsers.findByEmail(sam.email()).orElseThrow().id();

		this.staffUsers.changeRole(this.partnerId, id, StaffRole.STAFF);

		assertThat(samsBrowser.get("/console/partners/" + this.partnerId + "/settings/keys").path())
			.isEqualTo("/console/sign-in");
		ConsoleClient again = signedIn(sam);
		assertThat(again.get("/console/partners/" + this.partnerId + "/settings/keys").status()).isEqualTo(403);
	}

	@Test
	void aPasswordSetByAnAdminEndsTheUsersSessions() {
		enroll("UTC", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient samsBrowser = signedIn(sam);
		long id = this.staffUsers.findByEmail(sam.email()).orElseThrow().id();

		this.staffUsers.setPasswordOfPartner(this.partnerId, id, "a brand new password");

		assertThat(samsBrowser.get("/console").path()).isEqualTo("/console/sign-in");
	}

	@Test
	void changingYourOwnPasswordKeepsThisSessionAndEndsTheOthers() {
		enroll("UTC", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient laptop = signedIn(sam);
		ConsoleClient phone = signedIn(sam);

		laptop.get("/console/account");
		ConsoleClient.Page changed = laptop.post("/console/account/password", "currentPassword", sam.password(),
				"password", "my new long password", "repeatPassword", "my new long password");
		assertThat(changed.one(".alert-ok").text()).contains("Password changed");

		assertThat(laptop.get("/console").path()).isEqualTo("/console/partners/" + this.partnerId);
		assertThat(phone.get("/console").path()).isEqualTo("/console/sign-in");
	}

	private ConsoleClient signedIn(Credentials credentials) {
		ConsoleClient client = new ConsoleClient(this.port);
		assertThat(client.signIn(credentials.email(), credentials.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);
		return client;
	}

}
