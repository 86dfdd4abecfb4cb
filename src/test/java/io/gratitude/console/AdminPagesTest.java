package io.gratitude.console;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The administrators' pages over real HTTP: listing and adding administrators, enrolling
 * a partner from the partner list with its API key shown once; nobody else reaches
 * {@code /console/admin/**}.
 */
class AdminPagesTest extends IntegrationTest {

	private static final String PASSWORD = "a long enough secret";

	@Test
	void anAdministratorAddsAnotherWhoCanSignIn() {
		ConsoleClient console = console(null, StaffRole.ADMIN);
		ConsoleClient.Page list = console.get("/console/admin/staff");
		assertThat(list.status()).isEqualTo(200);
		assertThat(list.one("[data-testid=admins]").text()).contains("Sam Administrator");
		String email = uniqueEmail("olga");

		ConsoleClient.Page added = console.post("/console/admin/staff", "displayName", "Olga Operator", "email", email,
				"password", PASSWORD);
		assertThat(added.path()).isEqualTo("/console/admin/staff");
		assertThat(added.one(".alert-ok").text()).contains("Olga Operator is an administrator now");
		assertThat(added.one("[data-testid=admins]").text()).contains("Olga Operator", email);

		ConsoleClient olga = new ConsoleClient(this.port);
		assertThat(olga.signIn(email, PASSWORD).path()).isEqualTo("/console");
		assertThat(olga.get("/console").one("h1").text()).isEqualTo("Partners");
		assertThat(this.staffUsers.findByEmail(email).orElseThrow().role()).isEqualTo(StaffRole.ADMIN);
	}

	@Test
	void anInvalidAdministratorIsRefusedByItsField() {
		ConsoleClient console = console(null, StaffRole.ADMIN);
		console.get("/console/admin/staff");
		String email = uniqueEmail("olga");

		ConsoleClient.Page refused = console.post("/console/admin/staff", "displayName", "Olga", "email", email,
				"password", "short");
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.one("#password-error").text()).contains("at least 10 characters");
		assertThat(refused.one("#email").val()).isEqualTo(email);
		assertThat(this.staffUsers.findByEmail(email)).isEmpty();
	}

	@Test
	void anAdministratorEnrollsAPartnerWhoseKeyIsShownOnce() {
		ConsoleClient console = console(null, StaffRole.ADMIN);
		ConsoleClient.Page home = console.get("/console");
		assertThat(home.one("label[for=timeZone]").text()).isEqualTo("Time zone");
		String name = "Bakery " + UUID.randomUUID();

		ConsoleClient.Page enrolled = console.post("/console/admin/partners", "name", name, "senderName",
				"Rosa at the Bakery", "senderEmail", "rosa@bakery.example", "timeZone", "America/Sao_Paulo",
				"windowStart", "08:00", "windowEnd", "19:30");
		assertThat(enrolled.path()).isEqualTo("/console");
		assertThat(enrolled.one("[data-testid=enrolled] h2").text()).isEqualTo(name + " is enrolled");
		String key = enrolled.one("[data-testid=enrolled] code").text();
		assertThat(enrolled.doc().select("table a").eachText()).contains(name);

		Api api = new Api(this.port, key);
		assertThat(api.get("/api/v1/keys").status()).isEqualTo(200);
		long id = Long.parseLong(enrolled.doc()
			.select("table a")
			.stream()
			.filter(a -> a.text().equals(name))
			.findFirst()
			.orElseThrow()
			.attr("href")
			.replace("/console/partners/", ""));
		JsonNode partner = admin().get("/api/v1/partners/" + id).json();
		assertThat(partner.get("name").asString()).isEqualTo(name);
		assertThat(partner.get("senderEmail").asString()).isEqualTo("rosa@bakery.example");
		assertThat(partner.get("timeZone").asString()).isEqualTo("America/Sao_Paulo");
		assertThat(partner.get("sendWindow").get("end").asString()).isEqualTo("19:30");

		assertThat(console.get("/console").doc().select("[data-testid=enrolled]")).isEmpty();
	}

	@Test
	void anInvalidPartnerIsNotEnrolled() {
		ConsoleClient console = console(null, StaffRole.ADMIN);
		console.get("/console");
		String name = "Bakery " + UUID.randomUUID();

		ConsoleClient.Page badEmail = console.post("/console/admin/partners", "name", name, "senderName", "Rosa",
				"senderEmail", "not an address", "timeZone", "Europe/Lisbon", "windowStart", "09:00", "windowEnd",
				"18:00");
		assertThat(badEmail.status()).isEqualTo(400);
		assertThat(badEmail.one("#senderEmail-error").text()).startsWith("Sender email is not a valid email address");
		assertThat(badEmail.one("#name").val()).isEqualTo(name);

		ConsoleClient.Page badWindow = console.post("/console/admin/partners", "name", name, "senderName", "Rosa",
				"senderEmail", "rosa@bakery.example", "timeZone", "Europe/Lisbon", "windowStart", "18:00", "windowEnd",
				"09:00");
		assertThat(badWindow.one("#windowEnd-error").text()).contains("must end after it starts");

		ConsoleClient.Page badZone = console.post("/console/admin/partners", "name", name, "senderName", "Rosa",
				"senderEmail", "rosa@bakery.example", "timeZone", "Nowhere/Atlantis", "windowStart", "09:00",
				"windowEnd", "18:00");
		assertThat(badZone.one("#timeZone-error").text()).contains("Choose a time zone");

		assertThat(console.get("/console").text()).doesNotContain(name);
	}

	@Test
	void onlyAdministratorsReachTheAdminPages() {
		enroll("Europe/Lisbon", "09:00", "18:00");
		for (StaffRole role : new StaffRole[] { StaffRole.PARTNER_ADMIN, StaffRole.STAFF }) {
			ConsoleClient console = console(this.partnerId, role);
			console.get("/console/partners/" + this.partnerId);
			String email = uniqueEmail("eve");
			String name = "Shop " + UUID.randomUUID();

			assertThat(console.get("/console/admin/staff").status()).isEqualTo(403);
			assertThat(console.post("/console/admin/staff", "displayName", "Eve", "email", email, "password", PASSWORD)
				.status()).isEqualTo(403);
			assertThat(console
				.post("/console/admin/partners", "name", name, "senderName", "Eve", "senderEmail", "eve@shop.example",
						"timeZone", "UTC", "windowStart", "09:00", "windowEnd", "18:00")
				.status()).isEqualTo(403);
			assertThat(this.staffUsers.findByEmail(email)).isEmpty();
			assertThat(admin().get("/api/v1/partners?size=500").raw().body()).doesNotContain(name);
		}
	}

	@Test
	void anAdminPostWithoutTheCsrfTokenIsRefused() {
		ConsoleClient console = console(null, StaffRole.ADMIN);
		console.get("/console/admin/staff");
		String email = uniqueEmail("eve");

		assertThat(console
			.postWithoutCsrf("/console/admin/staff", "displayName", "Eve", "email", email, "password", PASSWORD)
			.status()).isEqualTo(403);
		assertThat(this.staffUsers.findByEmail(email)).isEmpty();
	}

}
