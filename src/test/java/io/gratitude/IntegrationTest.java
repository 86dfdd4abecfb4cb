package io.gratitude;

import io.gratitude.staff.StaffRole;
import io.gratitude.staff.StaffUsers;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application as users meet it: real HTTP on a random port, H2 with Flyway (or
 * MariaDB/MySQL with {@code -Pmysql}, see {@link TestDatabase}), real Quartz (dispatching
 * every 100 ms of real time) and a real SMTP server. Time is a {@link SettableClock} that
 * tests move; Quartz only decides how often the work is looked at. Every test enrolls its
 * own partner, so tests sharing the context never see each other's data.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "gratitude.admin-token=test-admin-token", "gratitude.demo.enabled=false",
				"gratitude.data-dir=./target/test-data", "gratitude.outreach.dispatch-interval=100ms",
				"gratitude.outreach.plan-interval=1s", "gratitude.outreach.recovery-interval=200ms",
				"gratitude.templates.render-timeout=1s",
				// Tests call the API faster than partners may (ApiRateLimitTest has its
				// own).
				"gratitude.api.rate-limit.per-second=1000", "gratitude.api.rate-limit.burst=1000",
				// Every test signs in from 127.0.0.1 while the clock jumps about:
				// SignInThrottleTest locks an address in a context of its own.
				"gratitude.console.sign-in.max-failures-per-address=0",
				// Staff digests are sent by the tests themselves (StaffDigestTest), at
				// the times they choose.
				"gratitude.digest.interval=1h" })
@Import(TestClockConfiguration.class)
public abstract class IntegrationTest {

	public static final SettableClock CLOCK = new SettableClock(java.time.Instant.parse("2027-03-10T12:00:00Z"));

	@LocalServerPort
	protected int port;

	@Autowired
	protected StaffUsers staffUsers;

	/** The id of the partner the last {@link #enroll} created. */
	protected long partnerId;

	@DynamicPropertySource
	static void database(DynamicPropertyRegistry registry) {
		TestDatabase.registerShared(registry);
	}

	@DynamicPropertySource
	static void mail(DynamicPropertyRegistry registry) {
		registry.add("spring.mail.host", () -> "127.0.0.1");
		registry.add("spring.mail.port", TestMail::port);
	}

	protected Api admin() {
		return new Api(this.port, "test-admin-token");
	}

	/** Enrolls a fresh partner and returns an API client with its key. */
	protected Api enroll(String zone, String windowStart, String windowEnd) {
		Api.Response created = admin().post("/api/v1/partners", """
				{"name":"Shop %s","senderEmail":"thanks@shop.example","senderName":"Rosa at the Shop",
				 "timeZone":"%s","sendWindow":{"start":"%s","end":"%s"}}""".formatted(UUID.randomUUID(), zone,
				windowStart, windowEnd));
		assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
		this.partnerId = created.json().get("id").asLong();
		return new Api(this.port, created.json().get("apiKey").asString());
	}

	/** A console user's sign-in: email and password. */
	public record Credentials(String email, String password) {
	}

	/** Creates a console user of the partner (or an admin, for {@code null}). */
	protected Credentials staffUser(Long partner, StaffRole role) {
		Credentials credentials = new Credentials(uniqueEmail(role.name().toLowerCase(java.util.Locale.ROOT)),
				"correct horse battery");
		this.staffUsers.create(partner, credentials.email(), "Sam " + role.label(), role, credentials.password());
		return credentials;
	}

	/**
	 * A browser-less console session, signed in as a new user of the partner with this
	 * role.
	 */
	protected ConsoleClient console(Long partner, StaffRole role) {
		Credentials credentials = staffUser(partner, role);
		ConsoleClient client = new ConsoleClient(this.port);
		client.signIn(credentials.email(), credentials.password());
		return client;
	}

	protected static String uniqueEmail(String name) {
		return name + "." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
	}

	protected static ConditionFactory eventually() {
		return Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50));
	}

	/** The partner's outreach for one contact. */
	protected static List<JsonNode> outreachOf(Api api, String contactRef) {
		Api.Response response = api.get("/api/v1/outreach?contactRef=" + contactRef);
		assertThat(response.status()).isEqualTo(200);
		return response.json().get("items").valueStream().toList();
	}

}
