package io.gratitude.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.SettableClock;
import io.gratitude.StandaloneApplication;
import io.gratitude.staff.StaffRole;
import io.gratitude.staff.StaffUsers;
import org.awaitility.Awaitility;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's outbox on the zero-set-up run (its own application, with the embedded
 * SMTP sink): a partner's staff read what the sink received from their partner, test
 * sends too, and nothing of another partner's.
 */
class OutboxPagesTest {

	private static final SettableClock CLOCK = new SettableClock(Instant.parse("2027-06-10T12:00:00Z"));

	private static ConfigurableApplicationContext app;

	private static int port;

	@BeforeAll
	static void start() {
		app = StandaloneApplication.start(CLOCK, "--server.port=0",
				"--spring.datasource.url=jdbc:h2:mem:outbox-page;DB_CLOSE_DELAY=-1",
				"--gratitude.data-dir=./target/outbox-page/" + UUID.randomUUID(), "--gratitude.demo.enabled=false",
				"--gratitude.admin-token=outbox-admin", "--gratitude.outreach.dispatch-interval=100ms",
				"--gratitude.outreach.plan-interval=1s", "--gratitude.embedded-mail.smtp-port=" + freePort(),
				"--gratitude.embedded-mail.imap-port=" + freePort(),
				"--spring.quartz.properties.org.quartz.scheduler.instanceName=outbox-page");
		port = app.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void staffReadTheirPartnersSentMessagesAndTestSendsAndNothingElse() {
		Partner rosa = enroll("rosa@bakery.example");
		Partner other = enroll("ola@florist.example");
		rosa.api().put("/api/v1/contacts/ana", "{\"email\":\"ana@example.com\",\"firstName\":\"Ana\"}");
		rosa.api().patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		assertThat(rosa.api()
			.post("/api/v1/sales",
					"""
							{"externalRef":"ORD-1","contactRef":"ana","amount":"9.90","currency":"EUR","occurredAt":"2027-06-10T12:00:00Z"}""")
			.status()).isEqualTo(201);
		ConsoleClient console = console(rosa.id(), StaffRole.STAFF);
		String base = "/console/partners/" + rosa.id() + "/outbox";
		// The thank-you first, then the tests: the list's order is then known.
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> console.get(base).doc().select("#outbox tbody tr").size() == 1);
		assertThat(
				rosa.api().post("/api/v1/templates/birthday/test-send", "{\"to\":\"rosa.staff@example.com\"}").status())
			.isEqualTo(202);
		assertThat(
				other.api().post("/api/v1/templates/birthday/test-send", "{\"to\":\"ola.staff@example.com\"}").status())
			.isEqualTo(202);
		Awaitility.await()
			.atMost(Duration.ofSeconds(20))
			.until(() -> console.get(base).doc().select("#outbox tbody tr").size() == 2);

		ConsoleClient.Page outbox = console.get(base);
		assertThat(outbox.one("nav a[aria-current=page]").text()).isEqualTo("Outbox");
		var rows = outbox.doc().select("#outbox tbody tr");
		// Newest first: the test was sent after the thank-you.
		assertThat(rows.get(0).text()).contains("rosa.staff@example.com", "[Test]");
		assertThat(rows.get(1).text()).contains("rosa@bakery.example", "ana@example.com");
		assertThat(outbox.text()).doesNotContain("ola.staff@example.com");

		ConsoleClient.Page message = console.get(rows.get(1).selectFirst("a").attr("href"));
		assertThat(message.status()).isEqualTo(200);
		assertThat(message.one(".facts").text()).contains("rosa@bakery.example", "ana@example.com");
		assertThat(message.one("#text-part").text()).contains("Ana");
		Element frame = message.one("iframe.message-frame");
		assertThat(frame.hasAttr("sandbox")).isTrue();
		assertThat(frame.attr("sandbox")).doesNotContain("allow-scripts");
		assertThat(frame.attr("srcdoc")).contains("Ana");
		assertThat(message.one("#raw-source").text()).contains("Message-ID:", "List-Unsubscribe:");
		assertThat(message.one("details.headers").text()).contains("Subject");

		// The other partner's test send, by its index, under Rosa's URL and its own.
		ConsoleClient olaConsole = console(other.id(), StaffRole.PARTNER_ADMIN);
		String olaHref = olaConsole.get("/console/partners/" + other.id() + "/outbox")
			.one("#outbox tbody tr a")
			.attr("href");
		String olaIndex = olaHref.substring(olaHref.lastIndexOf('/') + 1);
		assertThat(console.get(base + "/" + olaIndex).status()).isEqualTo(404);
		assertThat(console.get("/console/partners/" + other.id() + "/outbox").status()).isEqualTo(404);
		assertThat(console.get("/console/partners/" + other.id() + "/outbox/" + olaIndex).status()).isEqualTo(404);
		assertThat(console.get(base + "/999999").status()).isEqualTo(404);
		assertThat(console.get(base + "/x").status()).isEqualTo(404);
		assertThat(olaConsole.get(rows.get(0).selectFirst("a").attr("href")).status()).isEqualTo(404);
	}

	private record Partner(long id, Api api) {
	}

	private static Partner enroll(String senderEmail) {
		Api.Response created = new Api(port, "outbox-admin").post("/api/v1/partners", """
				{"name":"Shop %s","senderEmail":"%s","senderName":"The Shop","timeZone":"UTC",
				 "sendWindow":{"start":"00:00","end":"00:00"}}""".formatted(UUID.randomUUID(), senderEmail));
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		return new Partner(created.json().get("id").asLong(), new Api(port, created.json().get("apiKey").asString()));
	}

	private static ConsoleClient console(long partnerId, StaffRole role) {
		String email = "staff." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		app.getBean(StaffUsers.class).create(partnerId, email, "Sam", role, "correct horse battery");
		ConsoleClient client = new ConsoleClient(port);
		client.signIn(email, "correct horse battery");
		return client;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
