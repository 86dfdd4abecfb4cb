package io.gratitude.cluster;

import java.net.CookieManager;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.mail.ScriptedSmtpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Gratitude as a cluster: nodes in JVMs of their own, started from the packaged jar, on
 * one MariaDB/MySQL database and one SMTP server, losing a node (kill -9), stopping one
 * (SIGTERM) and losing the database for a while. Run by {@code mvn verify -Pmysql}.
 */
@Tag("mysql")
class ClusterIT {

	private static final Duration START = Duration.ofSeconds(120);

	private static final Duration FINISH = Duration.ofMinutes(4);

	/**
	 * The most batches a node has in flight at once (its SMTP connection cap): the
	 * duplicates a crash may cause are counted against it.
	 */
	private static final int MAX_CONNECTIONS = 4;

	/**
	 * Every node gets that many connections and as many scheduler threads (the defaults
	 * before they became 8 and 8), so that the counts below stay those they were written
	 * for; with threads and connections equal, a node whose runs are all sending leaves
	 * firings to the other.
	 */
	private static final String[] CAPACITY = { "--gratitude.delivery.max-connections=" + MAX_CONNECTIONS,
			"--spring.quartz.properties.org.quartz.threadPool.threadCount=" + MAX_CONNECTIONS };

	private final ScriptedSmtpServer smtp = ScriptedSmtpServer.start();

	private NodeProcess a;

	private NodeProcess b;

	private String database;

	private Api shop;

	@AfterEach
	void stop() throws Exception {
		for (NodeProcess node : new NodeProcess[] { this.a, this.b }) {
			if (node != null) {
				node.close();
			}
		}
		this.smtp.close();
	}

	@Test
	void killingANodeWhileItSendsLosesNothingAndResendsAtMostItsInFlightMessages() throws Exception {
		String url = freshDatabase("cluster_kill");
		startBoth(url);
		int total = 5000;
		load(total);

		await("1,500 accepted", () -> this.smtp.accepted().size() >= 1500);
		// Which node takes which firing is Quartz's choice (a node with a free thread
		// takes the next one): the node killed is the one seen sending right now.
		NodeProcess victim = sendingNow();
		NodeProcess survivor = (victim == this.a) ? this.b : this.a;
		victim.kill();
		int acceptedBeforeKill = this.smtp.accepted().size();
		assertThat(acceptedBeforeKill).as("the kill came while sending").isLessThan(total);

		await("every outreach SENT", () -> count("SELECT COUNT(*) FROM outreach WHERE status = 'SENT'") == total);
		assertThat(count("SELECT COUNT(*) FROM outreach")).isEqualTo(total);
		assertThat(acceptedBy(victim.name())).isPositive();
		assertThat(acceptedBy(survivor.name())).as("the survivor sent what was left").isPositive();
		Map<String, Long> delivered = deliveredByMessageId();
		assertThat(delivered.keySet()).isEqualTo(messageIds());
		Set<String> twice = duplicates(delivered);
		// Each of the killed node's batches had at most one message between "." and
		// the recorded 250: only those can have gone twice, with their Message-ID.
		assertThat(twice).hasSizeLessThanOrEqualTo(MAX_CONNECTIONS);
		assertThat(delivered.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(total + twice.size());
		assertThat(survivor.alive()).isTrue();
	}

	@Test
	void aStoppingNodeFinishesOrReleasesItsBatchSoNothingIsSentTwice() throws Exception {
		String url = freshDatabase("cluster_stop");
		startBoth(url);
		aConsoleSessionIsServedByEitherNode();
		// Enough that sending lasts well beyond the moment a node is seen sending.
		int total = 6000;
		load(total);

		await("100 accepted", () -> this.smtp.accepted().size() >= 100);
		NodeProcess stopping = sendingNow();
		assertThat(stopping.terminate(Duration.ofSeconds(60))).as(stopping.name() + " exits on SIGTERM").isTrue();
		assertThat(count(
				"SELECT COUNT(*) FROM outreach WHERE status = 'SENDING' AND claimed_by = '" + stopping.name() + "'"))
			.as("rows " + stopping.name() + " still holds after it stopped")
			.isZero();
		assertThat(stopping.output()).doesNotContain("lost its lease");

		await("every outreach SENT", () -> count("SELECT COUNT(*) FROM outreach WHERE status = 'SENT'") == total);
		Map<String, Long> delivered = deliveredByMessageId();
		assertThat(delivered.keySet()).isEqualTo(messageIds());
		assertThat(duplicates(delivered)).as("a graceful stop sends nothing twice").isEmpty();
	}

	@Test
	void aNodeThatLosesItsDatabaseForAWhileWaitsAndResumesLosingNothing() throws Exception {
		String direct = freshDatabase("cluster_dbcut");
		try (TcpProxy proxy = new TcpProxy(MariaDb.HOST, MariaDb.PORT)) {
			String proxied = MariaDb.url("127.0.0.1", proxy.port(), this.database);
			this.a = NodeProcess.start("node-a", proxied, this.smtp.port(),
					withCapacity("--spring.datasource.hikari.connection-timeout=3000"));
			this.a.awaitUp(START);
			int total = 3000;
			load(total);

			await("sending", () -> this.smtp.accepted().size() >= 300);
			proxy.cut();
			Instant cut = Instant.now();
			Thread.sleep(2000);
			int duringCut = this.smtp.accepted().size();
			Thread.sleep(58_000);
			// Nothing can be claimed without the database.
			assertThat(this.smtp.accepted().size()).as("sent while the database was away").isEqualTo(duringCut);
			// The API says so, and when to try again.
			Api.Response meanwhile = this.shop.get("/api/v1/contacts/c-1");
			assertThat(meanwhile.status()).isEqualTo(503);
			assertThat(meanwhile.header("Retry-After")).isEqualTo("2");
			assertThat(this.a.alive()).isTrue();
			proxy.restore();

			await("every outreach SENT", () -> count("SELECT COUNT(*) FROM outreach WHERE status = 'SENT'") == total);
			assertThat(Duration.between(cut, Instant.now())).isGreaterThan(Duration.ofSeconds(60));
			Map<String, Long> delivered = deliveredByMessageId();
			assertThat(delivered.keySet()).isEqualTo(messageIds());
			assertThat(duplicates(delivered)).hasSizeLessThanOrEqualTo(MAX_CONNECTIONS);
			await("healthy again", () -> this.a.get("/actuator/health") == 200);
			assertThat(this.a.alive()).isTrue();
		}
		assertThat(direct).isNotBlank();
	}

	private static String[] withCapacity(String... settings) {
		String[] all = Arrays.copyOf(CAPACITY, CAPACITY.length + settings.length);
		System.arraycopy(settings, 0, all, CAPACITY.length, settings.length);
		return all;
	}

	private String freshDatabase(String name) throws SQLException {
		this.database = MariaDb.recreate(name);
		return MariaDb.url(MariaDb.HOST, MariaDb.PORT, this.database);
	}

	/**
	 * Console sessions live in the database: signed in through node A, the browser's
	 * cookie is good on node B (no sticky sessions needed behind a load balancer).
	 */
	private void aConsoleSessionIsServedByEitherNode() {
		CookieManager browser = new CookieManager();
		ConsoleClient viaA = new ConsoleClient(this.a.port(), browser);
		assertThat(viaA.signIn("admin@gratitude.local", NodeProcess.CONSOLE_PASSWORD).path()).isEqualTo("/console");
		ConsoleClient viaB = new ConsoleClient(this.b.port(), browser);
		ConsoleClient.Page onB = viaB.get("/console");
		assertThat(onB.path()).as("node B knows node A's session").isEqualTo("/console");
		assertThat(onB.one(".topbar-user .user-name").text()).isEqualTo("Administrator");
		assertThat(viaB.post("/console/sign-out").path()).isEqualTo("/console/sign-in?signed-out");
		assertThat(viaA.get("/console").path()).as("signed out on B, signed out on A").isEqualTo("/console/sign-in");
	}

	private void startBoth(String url) throws Exception {
		// The first migrates the schema; the second joins.
		this.a = NodeProcess.start("node-a", url, this.smtp.port(), CAPACITY);
		this.a.awaitUp(START);
		this.b = NodeProcess.start("node-b", url, this.smtp.port(), CAPACITY);
		this.b.awaitUp(START);
	}

	/**
	 * Enrolls a partner through node A, then writes {@code total} contacts with a
	 * thank-you each straight into the database (the API's batch intake is measured in
	 * the benchmarks, not here), and makes them all due at once.
	 */
	private void load(int total) throws Exception {
		Api admin = new Api(this.a.port(), NodeProcess.ADMIN_TOKEN);
		Api.Response enrolled = admin.post("/api/v1/partners", """
				{"name":"Cluster shop","senderEmail":"thanks@shop.example","senderName":"Rosa",
				 "timeZone":"UTC","sendWindow":{"start":"00:00","end":"00:00"},"frequencyCapHours":0}""");
		assertThat(enrolled.status()).as(enrolled.raw().body()).isEqualTo(201);
		long partner = enrolled.json().get("id").asLong();
		this.shop = new Api(this.a.port(), enrolled.json().get("apiKey").asString());
		long now = Instant.now().toEpochMilli();
		long later = now + Duration.ofDays(1).toMillis();
		try (Connection connection = MariaDb.connect(this.database)) {
			connection.setAutoCommit(false);
			long program;
			try (Statement statement = connection.createStatement();
					ResultSet rs = statement.executeQuery("SELECT id FROM program WHERE partner_id = " + partner
							+ " AND program_key = 'after-sale-thanks'")) {
				rs.next();
				program = rs.getLong(1);
			}
			try (PreparedStatement insert = connection.prepareStatement(
					"""
							INSERT INTO contact (partner_id, external_ref, email, first_name, relationship, created_at, updated_at)
							VALUES (?, ?, ?, ?, 'CUSTOMER', ?, ?)""")) {
				for (int i = 1; i <= total; i++) {
					insert.setLong(1, partner);
					insert.setString(2, "c-" + i);
					insert.setString(3, "c-" + i + "@example.com");
					insert.setString(4, "C" + i);
					insert.setLong(5, now);
					insert.setLong(6, now);
					insert.addBatch();
				}
				insert.executeBatch();
			}
			try (PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO sale (partner_id, contact_id, external_ref, amount, currency, occurred_at, request_hash,
					                  created_at)
					SELECT partner_id, id, CONCAT('S-', SUBSTRING(external_ref, 3)), 25, 'EUR', ?, 'cluster-test', ?
					FROM contact WHERE partner_id = ?""")) {
				insert.setLong(1, now);
				insert.setLong(2, now);
				insert.setLong(3, partner);
				assertThat(insert.executeUpdate()).isEqualTo(total);
			}
			try (PreparedStatement insert = connection.prepareStatement("""
					INSERT INTO outreach (partner_id, program_id, contact_id, occasion, sale_id, status, due_at,
					                      expires_at, message_id, created_at, updated_at)
					SELECT s.partner_id, ?, s.contact_id, CONCAT('sale:', s.external_ref), s.id, 'SCHEDULED', ?, ?,
					       CONCAT('<cluster-', s.external_ref, '@shop.example>'), ?, ?
					FROM sale s WHERE s.partner_id = ?""")) {
				insert.setLong(1, program);
				insert.setLong(2, later);
				insert.setLong(3, later + Duration.ofDays(1).toMillis());
				insert.setLong(4, now);
				insert.setLong(5, now);
				insert.setLong(6, partner);
				assertThat(insert.executeUpdate()).isEqualTo(total);
			}
			connection.commit();
			// All due now, at once.
			try (Statement statement = connection.createStatement()) {
				statement.executeUpdate("UPDATE outreach SET due_at = " + Instant.now().toEpochMilli()
						+ " WHERE partner_id = " + partner);
			}
			connection.commit();
		}
	}

	/**
	 * The node whose accepted count grows between two looks 300 ms apart (the faster one
	 * when both do).
	 */
	private NodeProcess sendingNow() throws InterruptedException {
		NodeProcess[] sending = new NodeProcess[1];
		await("a node sending", () -> {
			long a0 = acceptedBy("node-a");
			long b0 = acceptedBy("node-b");
			try {
				Thread.sleep(300);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return true;
			}
			long byA = acceptedBy("node-a") - a0;
			long byB = acceptedBy("node-b") - b0;
			if (byA == 0 && byB == 0) {
				return false;
			}
			sending[0] = (byA >= byB) ? this.a : this.b;
			return true;
		});
		if (sending[0] == null) {
			throw new InterruptedException();
		}
		return sending[0];
	}

	private long acceptedBy(String node) {
		return count("SELECT COUNT(*) FROM attempt WHERE node = '" + node + "' AND outcome = 'ACCEPTED'");
	}

	private long count(String sql) {
		try (Connection connection = MariaDb.connect(this.database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery(sql)) {
			rs.next();
			return rs.getLong(1);
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private Set<String> messageIds() throws SQLException {
		Set<String> ids = new HashSet<>();
		try (Connection connection = MariaDb.connect(this.database);
				Statement statement = connection.createStatement();
				ResultSet rs = statement.executeQuery("SELECT message_id FROM outreach")) {
			while (rs.next()) {
				ids.add(rs.getString(1));
			}
		}
		return ids;
	}

	private Map<String, Long> deliveredByMessageId() {
		return this.smtp.accepted()
			.stream()
			.collect(Collectors.groupingBy(accepted -> String.valueOf(accepted.messageId()), HashMap::new,
					Collectors.counting()));
	}

	private static Set<String> duplicates(Map<String, Long> delivered) {
		return delivered.entrySet()
			.stream()
			.filter(e -> e.getValue() > 1)
			.map(Map.Entry::getKey)
			.collect(Collectors.toSet());
	}

	private void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + FINISH.toNanos();
		while (System.nanoTime() < deadline) {
			if (condition.getAsBoolean()) {
				return;
			}
			Thread.sleep(200);
		}
		StringBuilder nodes = new StringBuilder();
		for (NodeProcess node : new NodeProcess[] { this.a, this.b }) {
			if (node != null) {
				nodes.append("\n--- ").append(node.name()).append(" ---\n").append(node.tail());
			}
		}
		throw new AssertionError("timed out waiting for " + what + nodes);
	}

}
