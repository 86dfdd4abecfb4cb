package io.gratitude.console;

import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import io.gratitude.staff.StaffUser;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Staff page over real HTTP: a partner admin adds users who then sign in, changes
 * roles, disables and enables, sets passwords; nobody locks themselves out; staff and
 * other partners' admins cannot reach these users, even by tampering with ids.
 */
class StaffPagesTest extends IntegrationTest {

	private static final String PASSWORD = "a long enough secret";

	@Test
	void aNewUserSignsInWithThePasswordSet() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		ConsoleClient.Page list = console.get(staff());
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.one(".settings-tabs a[aria-current=page]").text()).isEqualTo("Staff");
		assertThat(list.one("[data-testid=staff] tbody tr").text()).contains("(you)", "Partner admin");
		String email = uniqueEmail("ana");

		ConsoleClient.Page added = console.post(staff(), "displayName", "Ana Baker", "email", email, "role", "STAFF",
				"password", PASSWORD);
		assertThat(added.path()).isEqualTo(staff());
		assertThat(added.one(".alert-ok").text()).contains("Ana Baker can now sign in");
		assertThat(added.one("[data-testid=staff]").text()).contains("Ana Baker", email, "Never");

		ConsoleClient ana = new ConsoleClient(this.port);
		assertThat(ana.signIn(email, PASSWORD).path()).isEqualTo("/console/partners/" + this.partnerId);
		assertThat(ana.get("/console").one(".topbar-user .user-role").text()).isEqualTo("Staff");
		assertThat(ana.get(staff()).status()).isEqualTo(403);
		assertThat(console.get(staff()).one("tr[data-user=" + id(email) + "]").text()).doesNotContain("Never");
	}

	@Test
	void invalidUsersAreRefusedByTheirField() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(staff());
		String email = uniqueEmail("ana");

		ConsoleClient.Page shortPassword = console.post(staff(), "displayName", "Ana", "email", email, "role", "STAFF",
				"password", "short");
		assertThat(shortPassword.status()).isEqualTo(400);
		assertThat(shortPassword.one("#password-error").text()).contains("at least 10 characters");
		assertThat(shortPassword.one("#email").val()).isEqualTo(email);

		ConsoleClient.Page badEmail = console.post(staff(), "displayName", "Ana", "email", "ana at home", "role",
				"STAFF", "password", PASSWORD);
		assertThat(badEmail.one("#email-error").text()).startsWith("Email is not a valid email address");

		ConsoleClient.Page admin = console.post(staff(), "displayName", "Ana", "email", email, "role", "ADMIN",
				"password", PASSWORD);
		assertThat(admin.one("#role-error").text()).isEqualTo("Choose Staff or Partner admin");

		assertThat(this.staffUsers.findByEmail(email)).isEmpty();
	}

	@Test
	void aDisabledUserCannotSignInUntilEnabledAgain() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(staff());

		ConsoleClient.Page disabled = console.post(staff() + "/" + id(sam.email()) + "/enabled", "enabled", "false");
		assertThat(disabled.one(".alert-ok").text()).contains("can no longer sign in");
		assertThat(disabled.one("tr[data-user=" + id(sam.email()) + "]").text()).contains("Disabled");
		assertThat(new ConsoleClient(this.port).signIn(sam.email(), sam.password()).path())
			.isEqualTo("/console/sign-in?error");

		console.post(staff() + "/" + id(sam.email()) + "/enabled", "enabled", "true");
		assertThat(new ConsoleClient(this.port).signIn(sam.email(), sam.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void aRoleChangeGivesOrTakesTheRightToManage() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(staff());

		ConsoleClient.Page promoted = console.post(staff() + "/" + id(sam.email()) + "/role", "role", "PARTNER_ADMIN");
		assertThat(promoted.one(".alert-ok").text()).contains("is now Partner admin");
		assertThat(promoted.one("#role-" + id(sam.email()) + " option[selected]").val()).isEqualTo("PARTNER_ADMIN");
		ConsoleClient samConsole = new ConsoleClient(this.port);
		samConsole.signIn(sam.email(), sam.password());
		assertThat(samConsole.get(staff()).status()).isEqualTo(200);

		console.post(staff() + "/" + id(sam.email()) + "/role", "role", "STAFF");
		assertThat(this.staffUsers.findByEmail(sam.email()).orElseThrow().role()).isEqualTo(StaffRole.STAFF);
	}

	@Test
	void aNewPasswordReplacesTheOldOne() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(staff());

		ConsoleClient.Page tooShort = console.post(staff() + "/" + id(sam.email()) + "/password", "password", "short");
		assertThat(tooShort.one(".alert-error").text()).contains("at least 10 characters");
		assertThat(new ConsoleClient(this.port).signIn(sam.email(), sam.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);

		ConsoleClient.Page set = console.post(staff() + "/" + id(sam.email()) + "/password", "password", PASSWORD);
		assertThat(set.one(".alert-ok").text()).contains("New password set");
		assertThat(new ConsoleClient(this.port).signIn(sam.email(), sam.password()).path())
			.isEqualTo("/console/sign-in?error");
		assertThat(new ConsoleClient(this.port).signIn(sam.email(), PASSWORD).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void nobodyDisablesThemselvesOrDropsTheirOwnAdminRole() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.PARTNER_ADMIN);
		ConsoleClient console = new ConsoleClient(this.port);
		console.signIn(rosa.email(), rosa.password());
		ConsoleClient.Page list = console.get(staff());
		long self = id(rosa.email());
		assertThat(list.one("#role-" + self).hasAttr("disabled")).isTrue();
		assertThat(list.doc().select("tr[data-user=" + self + "] form[action$=/enabled]")).isEmpty();

		ConsoleClient.Page disable = console.post(staff() + "/" + self + "/enabled", "enabled", "false");
		assertThat(disable.one(".alert-error").text()).isEqualTo("You cannot disable your own account.");
		ConsoleClient.Page demote = console.post(staff() + "/" + self + "/role", "role", "STAFF");
		assertThat(demote.one(".alert-error").text()).contains("cannot take away your own partner admin role");

		StaffUser after = this.staffUsers.findByEmail(rosa.email()).orElseThrow();
		assertThat(after.enabled()).isTrue();
		assertThat(after.role()).isEqualTo(StaffRole.PARTNER_ADMIN);
	}

	@Test
	void staffCannotManageUsers() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials sam = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		console.get("/console/partners/" + this.partnerId + "/settings");

		assertThat(console.get(staff()).status()).isEqualTo(403);
		assertThat(console
			.post(staff(), "displayName", "Eve", "email", uniqueEmail("eve"), "role", "PARTNER_ADMIN", "password",
					PASSWORD)
			.status()).isEqualTo(403);
		assertThat(console.post(staff() + "/" + id(sam.email()) + "/role", "role", "PARTNER_ADMIN").status())
			.isEqualTo(403);
		assertThat(this.staffUsers.findByEmail(sam.email()).orElseThrow().role()).isEqualTo(StaffRole.STAFF);
	}

	@Test
	void anotherPartnersUsersCannotBeReachedEvenByTamperingWithIds() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		long other = this.partnerId;
		Credentials theirs = staffUser(other, StaffRole.STAFF);
		long theirId = id(theirs.email());
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(staff());

		String otherStaff = "/console/partners/" + other + "/settings/staff";
		assertThat(console.get(otherStaff).status()).isEqualTo(404);
		assertThat(console.post(otherStaff + "/" + theirId + "/enabled", "enabled", "false").status()).isEqualTo(404);
		assertThat(console.post(staff() + "/" + theirId + "/enabled", "enabled", "false").status()).isEqualTo(404);
		assertThat(console.post(staff() + "/" + theirId + "/role", "role", "PARTNER_ADMIN").status()).isEqualTo(404);
		assertThat(console.post(staff() + "/" + theirId + "/password", "password", PASSWORD).status()).isEqualTo(404);
		assertThat(console.get(staff()).text()).doesNotContain(theirs.email());

		StaffUser after = this.staffUsers.findByEmail(theirs.email()).orElseThrow();
		assertThat(after.enabled()).isTrue();
		assertThat(after.role()).isEqualTo(StaffRole.STAFF);
		assertThat(new ConsoleClient(this.port).signIn(theirs.email(), theirs.password()).path())
			.isEqualTo("/console/partners/" + other);
	}

	@Test
	void aStaffPostWithoutTheCsrfTokenIsRefused() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		console.get(staff());
		String email = uniqueEmail("eve");

		assertThat(console
			.postWithoutCsrf(staff(), "displayName", "Eve", "email", email, "role", "STAFF", "password", PASSWORD)
			.status()).isEqualTo(403);
		assertThat(this.staffUsers.findByEmail(email)).isEmpty();
	}

	private String staff() {
		return "/console/partners/" + this.partnerId + "/settings/staff";
	}

	private long id(String email) {
		return this.staffUsers.findByEmail(email).orElseThrow().id();
	}

}
