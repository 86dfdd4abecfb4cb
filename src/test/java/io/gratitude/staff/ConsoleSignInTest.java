package io.gratitude.staff;

import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;

import java.net.HttpCookie;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing in and out of the console over real HTTP: passwords, sessions, CSRF, the
 * partner boundary (URL tampering answers 404) and the security headers.
 */
class ConsoleSignInTest extends IntegrationTest {

	@Test
	void aPartnersStaffSignInAndLandOnTheirDashboard() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = new ConsoleClient(this.port);

		ConsoleClient.Page signIn = console.get("/console/sign-in");
		assertThat(signIn.status()).isEqualTo(200);
		assertThat(signIn.one("form input[name=_csrf]").attr("value")).isNotBlank();
		assertThat(signIn.one("label[for=email]").text()).isEqualTo("Email");
		assertThat(signIn.doc().select("[role=alert], [role=status]")).isEmpty();

		ConsoleClient.Page landed = console.signIn(rosa.email(), rosa.password());
		assertThat(landed.status()).isEqualTo(200);
		assertThat(landed.path()).isEqualTo("/console/partners/" + this.partnerId);
		assertThat(landed.one(".topbar-user .user-name").text()).isEqualTo("Sam Staff");
		assertThat(landed.one("nav a[aria-current=page]").text()).isEqualTo("Dashboard");
	}

	@Test
	void aWrongPasswordIsRefusedWithAClearMessage() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		ConsoleClient console = new ConsoleClient(this.port);

		ConsoleClient.Page refused = console.signIn(rosa.email(), "not the password");
		assertThat(refused.path()).isEqualTo("/console/sign-in?error");
		assertThat(refused.one("[role=alert]").text()).contains("do not match");
		assertThat(console.get("/console/partners/" + this.partnerId).path()).isEqualTo("/console/sign-in");
	}

	@Test
	void emailsAreNotCaseSensitive() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);

		ConsoleClient.Page landed = new ConsoleClient(this.port).signIn(rosa.email().toUpperCase(), rosa.password());
		assertThat(landed.path()).isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void aDisabledUserCannotSignIn() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		long id = this.staffUsers.findByEmail(rosa.email()).orElseThrow().id();
		this.staffUsers.setEnabled(this.partnerId, id, false);

		assertThat(new ConsoleClient(this.port).signIn(rosa.email(), rosa.password()).path())
			.isEqualTo("/console/sign-in?error");
	}

	@Test
	void aSignedOutUserIsAskedToSignInAgain() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		assertThat(console.get("/console").path()).isEqualTo("/console/partners/" + this.partnerId);

		ConsoleClient.Page out = console.post("/console/sign-out");
		assertThat(out.path()).isEqualTo("/console/sign-in?signed-out");
		assertThat(out.one("[role=status]").text()).isEqualTo("You are signed out.");
		assertThat(console.get("/console/partners/" + this.partnerId).path()).isEqualTo("/console/sign-in");
	}

	@Test
	void aFormPostWithoutTheCsrfTokenIsRefused() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);

		assertThat(console.postWithoutCsrf("/console/sign-out").status()).isEqualTo(403);
		// Still signed in: the forged sign-out did nothing.
		assertThat(console.get("/console").path()).isEqualTo("/console/partners/" + this.partnerId);
	}

	@Test
	void anotherPartnersConsoleIsNotFoundEvenByTamperingWithTheUrl() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		long other = this.partnerId;
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);

		ConsoleClient.Page tampered = console.get("/console/partners/" + other);
		assertThat(tampered.status()).isEqualTo(404);
		assertThat(tampered.header("Content-Type")).startsWith("text/html");
		assertThat(tampered.one("h2").text()).isEqualTo("This page does not exist");
		assertThat(tampered.text()).doesNotContain("Shop");
		assertThat(console.get("/console/partners/999999999").status()).isEqualTo(404);
		assertThat(console.get("/console/partners/not-a-number").status()).isEqualTo(404);
	}

	@Test
	void anAdminChoosesAmongEveryPartner() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		long first = this.partnerId;
		enroll("Asia/Tokyo", "09:00", "18:00");
		ConsoleClient console = console(null, StaffRole.ADMIN);

		ConsoleClient.Page home = console.get("/console");
		assertThat(home.path()).isEqualTo("/console");
		assertThat(home.doc().select("table a").eachAttr("href")).contains("/console/partners/" + first,
				"/console/partners/" + this.partnerId);
		assertThat(console.get("/console/partners/" + first).status()).isEqualTo(200);
		assertThat(console.get("/console/partners/" + this.partnerId).status()).isEqualTo(200);
	}

	@Test
	void signingInGivesANewSessionSoThatAPlantedOneIsWorthless() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		Credentials rosa = staffUser(this.partnerId, StaffRole.STAFF);
		java.net.CookieManager jar = new java.net.CookieManager();
		ConsoleClient console = new ConsoleClient(this.port, jar);
		console.get("/console/sign-in");
		String before = sessionCookie(jar);

		console.signIn(rosa.email(), rosa.password());
		String after = sessionCookie(jar);
		assertThat(after).isNotNull().isNotEqualTo(before);
	}

	@Test
	void consolePagesCarryTheSecurityHeaders() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient.Page page = console(this.partnerId, StaffRole.STAFF).get("/console/partners/" + this.partnerId);

		assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'", "frame-ancestors 'none'",
				"object-src 'none'");
		assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
		assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
		assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
		assertThat(page.header("Cache-Control")).contains("no-store");
	}

	@Test
	void theApiNeedsNoCsrfTokenAndMakesNoSession() {
		var api = enroll("Europe/Lisbon", "09:00", "18:00");
		var response = api.put("/api/v1/contacts/c-1", """
				{"email":"ana@example.com","firstName":"Ana","relationship":"CUSTOMER"}""");
		assertThat(response.status()).isIn(200, 201);
		assertThat(response.raw().headers().allValues("Set-Cookie")).isEmpty();
	}

	private static String sessionCookie(java.net.CookieManager jar) {
		return jar.getCookieStore()
			.getCookies()
			.stream()
			.filter(c -> c.getName().equals("GRATITUDE_SESSION"))
			.map(HttpCookie::getValue)
			.findFirst()
			.orElse(null);
	}

}
