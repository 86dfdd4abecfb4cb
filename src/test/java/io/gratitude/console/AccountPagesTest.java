package io.gratitude.console;

import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * My account over real HTTP: a user changes their own password after confirming the
 * current one; the old one stops working; mistakes are shown by their field and change
 * nothing.
 */
class AccountPagesTest extends IntegrationTest {

	private static final String NEW_PASSWORD = "a much longer secret";

	@Test
	void aUserChangesTheirPasswordAndTheOldOneStopsWorking() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = new ConsoleClient(this.port);
		console.signIn(rosa.email(), rosa.password());

		ConsoleClient.Page page = console.get("/console/account");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("[data-testid=account-email]").text()).isEqualTo(rosa.email());
		assertThat(page.one(".settings-tabs a[aria-current=page]").text()).isEqualTo("My account");
		assertThat(page.one("label[for=currentPassword]").text()).isEqualTo("Current password");

		ConsoleClient.Page changed = console.post("/console/account/password", "currentPassword", rosa.password(),
				"password", NEW_PASSWORD, "repeatPassword", NEW_PASSWORD);
		assertThat(changed.path()).isEqualTo("/console/account");
		assertThat(changed.one(".alert-ok").text()).contains("Password changed");

		assertThat(new ConsoleClient(this.port).signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/sign-in?error");
		assertThat(new ConsoleClient(this.port).signIn(rosa.email(), NEW_PASSWORD).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void mistakesAreShownByTheirFieldAndChangeNothing() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.PARTNER_ADMIN);
		ConsoleClient console = new ConsoleClient(this.port);
		console.signIn(rosa.email(), rosa.password());
		console.get("/console/account");

		ConsoleClient.Page wrong = console.post("/console/account/password", "currentPassword", "not my password",
				"password", NEW_PASSWORD, "repeatPassword", NEW_PASSWORD);
		assertThat(wrong.status()).isEqualTo(400);
		assertThat(wrong.one("#currentPassword-error").text()).isEqualTo("This is not your current password");
		assertThat(wrong.one("#currentPassword").attr("aria-invalid")).isEqualTo("true");

		ConsoleClient.Page differ = console.post("/console/account/password", "currentPassword", rosa.password(),
				"password", NEW_PASSWORD, "repeatPassword", NEW_PASSWORD + "!");
		assertThat(differ.one("#repeatPassword-error").text()).contains("differ");

		ConsoleClient.Page tooShort = console.post("/console/account/password", "currentPassword", rosa.password(),
				"password", "short", "repeatPassword", "short");
		assertThat(tooShort.status()).isEqualTo(400);
		assertThat(tooShort.one("#password-error").text()).contains("at least 10 characters");
		assertThat(tooShort.doc().select(".alert-ok")).isEmpty();

		assertThat(new ConsoleClient(this.port).signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void anAdministratorHasAnAccountPageWithoutAPartner() {
		ConsoleClient console = console(null, StaffRole.ADMIN);

		ConsoleClient.Page page = console.get("/console/account");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("h1").text()).isEqualTo("My account");
		assertThat(page.doc().select("#sidenav")).isEmpty();
		assertThat(page.one("[data-testid=account-name]").text()).isEqualTo("Sam Administrator");
	}

	@Test
	void aPasswordChangeWithoutTheCsrfTokenIsRefused() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = new ConsoleClient(this.port);
		console.signIn(rosa.email(), rosa.password());
		console.get("/console/account");

		assertThat(console
			.postWithoutCsrf("/console/account/password", "currentPassword", rosa.password(), "password", NEW_PASSWORD,
					"repeatPassword", NEW_PASSWORD)
			.status()).isEqualTo(403);
		assertThat(new ConsoleClient(this.port).signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

}
