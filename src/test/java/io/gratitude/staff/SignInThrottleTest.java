package io.gratitude.staff;

import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Throttling of the console's sign-in: failures lock an email (known or not, alike) and a
 * client address for a while, before any password is checked; time, a successful sign-in
 * or a new password set by a partner admin ends it. The clock is the test's.
 */
@TestPropertySource(properties = { "gratitude.console.sign-in.max-failures=5",
		"gratitude.console.sign-in.max-failures-per-address=12", "gratitude.console.sign-in.lock-out=15m" })
class SignInThrottleTest extends IntegrationTest {

	@Autowired
	private JdbcClient jdbc;

	@AfterEach
	void forgetTheFailures() {
		// Other test contexts share the database; leave no locked address behind.
		this.jdbc.sql("DELETE FROM sign_in_throttle").update();
	}

	@Test
	void fiveFailuresLockTheAccountEvenAgainstTheRightPasswordUntilTheLockOutEnds() {
		CLOCK.set("2027-05-03T10:00:00Z");
		enroll("UTC", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = new ConsoleClient(this.port);
		for (int i = 0; i < 4; i++) {
			assertThat(console.signIn(rosa.email(), "guess number " + i).path()).isEqualTo("/console/sign-in?error");
		}
		ConsoleClient.Page fifth = console.signIn(rosa.email().toUpperCase(), "guess number 5");
		assertThat(fifth.path()).as("the fifth failure is still an ordinary one").isEqualTo("/console/sign-in?error");

		ConsoleClient.Page refused = console.signIn(rosa.email(), rosa.password());
		assertThat(refused.path()).as("the right password, while locked").isEqualTo("/console/sign-in?locked");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.one("[role=alert]").text()).contains("Too many failed sign-ins").contains("15 minutes");
		assertThat(console.get("/console/partners/" + this.partnerId).path()).isEqualTo("/console/sign-in");
		assertThat(this.jdbc.sql("SELECT last_sign_in FROM staff_user WHERE email = ?")
			.param(rosa.email())
			.query(Long.class)
			.optional()).as("no sign-in happened").isEmpty();

		CLOCK.advance(Duration.ofMinutes(14));
		assertThat(console.signIn(rosa.email(), rosa.password()).path()).isEqualTo("/console/sign-in?locked");
		CLOCK.advance(Duration.ofMinutes(2));
		// Back to the page asked for while signed out.
		assertThat(console.signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId + "?continue");

		// The success cleared the count: four new failures lock nothing.
		ConsoleClient other = new ConsoleClient(this.port);
		for (int i = 0; i < 4; i++) {
			other.signIn(rosa.email(), "again " + i);
		}
		assertThat(other.signIn(rosa.email(), rosa.password()).path()).isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void failuresSpreadOverMoreThanTheLockOutDoNotAddUp() {
		CLOCK.set("2027-05-03T10:00:00Z");
		enroll("UTC", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = new ConsoleClient(this.port);
		for (int i = 0; i < 8; i++) {
			console.signIn(rosa.email(), "a slow guess " + i);
			CLOCK.advance(Duration.ofMinutes(16));
		}
		assertThat(console.signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void anEmailNoAccountHasIsLockedAlikeSoTheAnswerTellsNoOneWhichEmailsExist() {
		CLOCK.set("2027-05-03T10:00:00Z");
		ConsoleClient console = new ConsoleClient(this.port);
		String nobody = uniqueEmail("nobody");
		for (int i = 0; i < 5; i++) {
			assertThat(console.signIn(nobody, "guess " + i).path()).isEqualTo("/console/sign-in?error");
		}
		ConsoleClient.Page refused = console.signIn(nobody, "guess 6");
		assertThat(refused.path()).isEqualTo("/console/sign-in?locked");
		assertThat(refused.status()).isEqualTo(429);
		assertThat(this.jdbc.sql("SELECT subject FROM sign_in_throttle").query(String.class).list())
			.as("subjects are kept only as keyed hashes")
			.isNotEmpty()
			.allSatisfy(subject -> assertThat(subject).matches("[0-9a-f]{64}").doesNotContain("nobody"));
	}

	@Test
	void aNewPasswordSetByThePartnerAdminEndsTheLockOut() {
		CLOCK.set("2027-05-03T10:00:00Z");
		enroll("UTC", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		long rosaId = this.staffUsers.findByEmail(rosa.email()).orElseThrow().id();
		ConsoleClient console = new ConsoleClient(this.port);
		for (int i = 0; i < 6; i++) {
			console.signIn(rosa.email(), "guess " + i);
		}
		assertThat(console.signIn(rosa.email(), rosa.password()).path()).isEqualTo("/console/sign-in?locked");

		ConsoleClient admin = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		admin.get("/console/partners/" + this.partnerId + "/settings/staff");
		admin.post("/console/partners/" + this.partnerId + "/settings/staff/" + rosaId + "/password", "password",
				"a brand new password");

		assertThat(console.signIn(rosa.email(), "a brand new password").path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void manyFailuresFromOneAddressLockItForEveryEmail() {
		CLOCK.set("2027-05-03T10:00:00Z");
		enroll("UTC", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient stuffer = new ConsoleClient(this.port);
		// Credential stuffing: many emails, a few guesses each, all from one address.
		for (int i = 0; i < 12; i++) {
			stuffer.signIn(uniqueEmail("victim" + (i % 4)), "a leaked password " + i);
		}

		ConsoleClient.Page refused = new ConsoleClient(this.port).signIn(rosa.email(), rosa.password());
		assertThat(refused.path()).as("the whole address waits").isEqualTo("/console/sign-in?locked");

		CLOCK.advance(Duration.ofMinutes(16));
		assertThat(new ConsoleClient(this.port).signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void theSessionIdFromBeforeSignInIsWorthlessAfterIt() {
		CLOCK.set("2027-05-03T10:00:00Z");
		enroll("UTC", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		java.net.CookieManager jar = new java.net.CookieManager();
		ConsoleClient victim = new ConsoleClient(this.port, jar);
		victim.get("/console/sign-in");
		java.net.HttpCookie planted = jar.getCookieStore()
			.getCookies()
			.stream()
			.filter(c -> c.getName().equals("GRATITUDE_SESSION"))
			.findFirst()
			.orElseThrow();
		assertThat(victim.signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/partners/" + this.partnerId);

		// The attacker who planted the session id before the sign-in replays it.
		java.net.CookieManager attackersJar = new java.net.CookieManager();
		java.net.HttpCookie replayed = new java.net.HttpCookie(planted.getName(), planted.getValue());
		replayed.setPath("/");
		replayed.setVersion(0);
		attackersJar.getCookieStore().add(java.net.URI.create("http://localhost:" + this.port + "/"), replayed);
		ConsoleClient attacker = new ConsoleClient(this.port, attackersJar);
		assertThat(attacker.get("/console/partners/" + this.partnerId).path()).isEqualTo("/console/sign-in");
		assertThat(victim.get("/console/partners/" + this.partnerId).path())
			.isEqualTo("/console/partners/" + this.partnerId);
	}

}
