package io.gratitude.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gratitude's benchmark driver: runs the packaged application ({@code java -Xmx512m -jar})
 * against {@code smtp-sink} on loopback, on H2 or MariaDB, with a generated data set, and
 * measures what issue 8 asks for. One invocation is one (database, contact count) pair:
 * the data set is generated once, then each run starts a fresh application process on it
 * (the queue emptied) and measures planning, dispatch, the machine's SMTP limit with
 * {@code smtp-source}, due → sent latency under a steady load, sale intake (wrk and
 * batches), and peak heap and RSS. Results are appended to a TSV file
 * ({@code db size run metric value}) that {@link Report} turns into
 * {@code docs/benchmarks.md}. With {@code --only plan}, each run measures the plan run
 * alone (and no campaign runs).
 * <p>
 * Wall-clock times here are the measurement itself, so this code reads the system clock
 * directly; it is not part of the application.
 */
public final class Bench {

	static final String ADMIN_TOKEN = "bench-admin-token-0123456789";

	static final String[] ZONES = { "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York",
			"America/Sao_Paulo", "Europe/London", "Europe/Berlin", "Europe/Athens", "Asia/Kolkata", "Asia/Singapore",
			"Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland", "UTC" };

	static final String[] FIRST = { "Ana", "Ben", "Chloé", "Dmitri", "Eun-ji", "Farah", "Gustavo", "Hana", "Ines",
			"Jonas", "Kwame", "Leila", "Mateo", "Nadia", "Oskar", "Priya" };

	static final String[] LAST = { "Lima", "Carter", "Dubois", "Ivanov", "Kim", "Haddad", "Souza", "Novak", "García",
			"Berg", "Mensah", "Rahimi", "Rossi", "Khan", "Larsen", "Patel" };

	private final Map<String, String> options;

	private final String db;

	private final int contacts;

	private final Path work;

	private final Path results;

	private final int httpPort;

	private final int sinkPort;

	private final int connections;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private String apiKey = "";

	private long partnerId;

	private long programId;

	private Bench(Map<String, String> options) {
		this.options = options;
		this.db = options.getOrDefault("db", "h2");
		this.contacts = Integer.parseInt(options.getOrDefault("contacts", "10000"));
		this.work = Path.of(options.getOrDefault("work", "target/bench")).toAbsolutePath();
		this.results = Path.of(options.getOrDefault("results", this.work.resolve("results.tsv").toString()));
		this.httpPort = Integer.parseInt(options.getOrDefault("http-port", "18090"));
		this.sinkPort = Integer.parseInt(options.getOrDefault("sink-port", "2525"));
		this.connections = Integer.parseInt(options.getOrDefault("connections", "8"));
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		new Bench(options).run(Integer.parseInt(options.getOrDefault("runs", "3")));
	}

	private void run(int runs) throws Exception {
		Files.createDirectories(this.work);
		say("data set: %s, %,d contacts", this.db, this.contacts);
		freshDatabase();
		App setup = startApp("setup");
		try {
			enroll();
		}
		finally {
			setup.stop();
		}
		long generated = time(this::generate);
		record(0, "generate_ms", generated);
		explainPlanning();
		for (int run = 1; run <= runs; run++) {
			measure(run);
		}
		if (this.contacts == Integer.parseInt(this.options.getOrDefault("campaign-at", "100000"))
				&& !"plan".equals(this.options.get("only"))) {
			int campaignRuns = Integer.parseInt(this.options.getOrDefault("campaign-runs", String.valueOf(runs)));
			for (int run = 1; run <= campaignRuns; run++) {
				campaign(run);
			}
		}
	}

	/**
	 * The due-table side of the naive comparison: a Customer Appreciation Month campaign
	 * to every contact, through the API. Scheduling is the campaign start (one message
	 * row per contact, written in batches); firing is until the last is sent. The
	 * partner's frequency cap is off for this, so that no message waits behind a birthday
	 * greeting sent the same day.
	 */
	private void campaign(int run) throws Exception {
		resetQueue();
		App app = startApp("campaign" + run);
		try {
			app.awaitLog(Pattern.compile("plan run: "), Duration.ofMinutes(10));
			awaitNothingDue(Duration.ofMinutes(10));
			send(HttpRequest.newBuilder(uri("/api/v1/partners/" + this.partnerId))
				.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"frequencyCapHours\":0}")), ADMIN_TOKEN, 200);
			String key = "appreciation-" + run + "-" + (System.currentTimeMillis() % 100000);
			LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
			post("/api/v1/campaigns", this.apiKey, "{\"key\":\"" + key
					+ "\",\"name\":\"Customer Appreciation Month\",\"template\":\"bench-appreciation\","
					+ "\"segment\":{},\"schedule\":{\"localDate\":\"" + yesterday + "\",\"localTime\":\"00:00\"}}", 201);
			long start = System.nanoTime();
			post("/api/v1/campaigns/" + key + "/start", this.apiKey, "", 200);
			long scheduled = (System.nanoTime() - start) / 1_000_000;
			record(run, "campaign_schedule_ms", scheduled);
			try (Connection c = connect()) {
				String occasion = "campaign:" + key;
				int total;
				try (Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM outreach WHERE occasion = '" + occasion + "'")) {
					rs.next();
					total = rs.getInt(1);
				}
				long[] done = awaitSent(c, occasion, total, Duration.ofMinutes(30));
				record(run, "campaign_messages", total);
				record(run, "campaign_fire_ms", done[1] - done[0]);
				record(run, "campaign_total_ms", scheduled + (done[1] - done[0]));
				record(run, "campaign_db_bytes", tableBytes(c));
			}
			send(HttpRequest.newBuilder(uri("/api/v1/partners/" + this.partnerId))
				.method("PATCH", HttpRequest.BodyPublishers.ofString("{\"frequencyCapHours\":72}")), ADMIN_TOKEN, 200);
		}
		finally {
			app.stop();
		}
	}

	/** Bytes the outreach and attempt tables take, with their indexes. */
	private long tableBytes(Connection c) throws SQLException {
		if (this.db.equals("mariadb")) {
			fix(c, "ANALYZE TABLE outreach, attempt");
			try (Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SELECT SUM(data_length + index_length) FROM information_schema.TABLES "
							+ "WHERE table_schema = '" + mysqlDatabase() + "' AND table_name IN ('outreach', 'attempt')")) {
				rs.next();
				return rs.getLong(1);
			}
		}
		try (Statement s = c.createStatement();
				ResultSet rs = s.executeQuery("SELECT DISK_SPACE_USED('PUBLIC.OUTREACH') + DISK_SPACE_USED('PUBLIC.ATTEMPT')")) {
			rs.next();
			return rs.getLong(1);
		}
	}

	// --- one run ---------------------------------------------------------------------

	private void measure(int run) throws Exception {
		say("run %d of %s %,d", run, this.db, this.contacts);
		resetQueue();
		App app = startApp("run" + run);
		try {
			// Planning: the plan job's first run at start covers the whole horizon.
			Matcher plan = app.awaitLog(Pattern.compile("plan run: (\\d+) occasions .* in (\\d+) ms"),
					Duration.ofMinutes(10));
			record(run, "plan_occasions", Long.parseLong(plan.group(1)));
			record(run, "plan_ms", Long.parseLong(plan.group(2)));
			if ("plan".equals(this.options.get("only"))) {
				return;
			}
			awaitNothingDue(Duration.ofMinutes(10));

			int messages = Math.min(this.contacts, Integer.parseInt(this.options.getOrDefault("messages", "50000")));
			dispatch(run, messages);
			smtpSource(run, messages);
			if (this.contacts >= 100_000) {
				latency(run, 1000, Duration.ofSeconds(Long.parseLong(this.options.getOrDefault("latency-seconds", "40"))));
			}
			salesSingle(run);
			salesBatch(run);
			record(run, "peak_rss_mb", app.peakRssKb() / 1024);
			record(run, "peak_heap_mb", app.peakHeapMb());
		}
		finally {
			app.stop();
		}
	}

	/**
	 * Dispatch throughput: {@code messages} rows written HELD (which no dispatcher
	 * claims), then made due at once by one UPDATE, and timed from that commit to the last
	 * SMTP 250 recorded. Only contacts with nothing in the queue yet are taken, so the
	 * partner's frequency cap (on, as by default) holds none back.
	 */
	private void dispatch(int run, int messages) throws Exception {
		String occasion = "dispatch:" + run;
		try (Connection c = connect()) {
			int written;
			try (PreparedStatement insert = c.prepareStatement(INSERT_OUTREACH + " ORDER BY c.id LIMIT ?")) {
				long now = System.currentTimeMillis();
				bind(insert, occasion, "HELD", now);
				insert.setLong(10, 0);
				insert.setInt(11, messages);
				written = insert.executeUpdate();
			}
			long due = System.currentTimeMillis();
			fix(c, "UPDATE outreach SET status = 'SCHEDULED', due_at = " + due + " WHERE occasion = '" + occasion
					+ "'");
			long[] done = awaitSent(c, occasion, written, Duration.ofMinutes(15));
			long firstSent = done[0];
			long lastSent = done[1];
			// From the moment they were made due, the UPDATE's own time included.
			record(run, "dispatch_messages", written);
			record(run, "dispatch_per_s", written * 1000L / Math.max(1, lastSent - due));
			record(run, "dispatch_steady_per_s", (written - 1) * 1000L / Math.max(1, lastSent - firstSent));
			record(run, "dispatch_first_ms", firstSent - due);
		}
	}

	/**
	 * Bench messages for the partner's contacts after a given id that have nothing in the
	 * queue yet; parameters: program, occasion, status, due, expires, occasion again (for
	 * the Message-ID), partner, now, the id after which to start, then the caller's.
	 */
	private static final String INSERT_OUTREACH = """
			INSERT INTO outreach (partner_id, program_id, contact_id, occasion, status, due_at, expires_at,
			                      message_id, created_at, updated_at)
			SELECT c.partner_id, ?, c.id, ?, ?, ?, ?, CONCAT('<bench-', ?, '-', c.id, '@bench.example>'), ?, ?
			FROM contact c
			WHERE c.partner_id = ? AND c.id > ?
			  AND NOT EXISTS (SELECT 1 FROM outreach o WHERE o.partner_id = c.partner_id AND o.contact_id = c.id)""";

	private void bind(PreparedStatement insert, String occasion, String status, long due) throws SQLException {
		insert.setLong(1, this.programId);
		insert.setString(2, occasion);
		insert.setString(3, status);
		insert.setLong(4, due);
		insert.setLong(5, due + Duration.ofHours(6).toMillis());
		insert.setString(6, occasion.replace(':', '-'));
		insert.setLong(7, due);
		insert.setLong(8, due);
		insert.setLong(9, this.partnerId);
	}

	/**
	 * Waits until the occasion's messages are all sent, and returns when the first and the
	 * last were. The poll reads only the rows still waiting, through the (status, due)
	 * index, twice a second: the application's own database serves it (on H2, in the
	 * application's process), and a scan of the whole table ten times a second took a
	 * quarter of the application's CPU. The times come from sent_at, not from the poll.
	 */
	private long[] awaitSent(Connection c, String occasion, int messages, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			long waiting;
			try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM outreach "
					+ "WHERE status IN ('SCHEDULED', 'SENDING', 'RETRY') AND occasion = ?")) {
				s.setString(1, occasion);
				try (ResultSet rs = s.executeQuery()) {
					rs.next();
					waiting = rs.getLong(1);
				}
			}
			if (waiting == 0) {
				try (Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT COUNT(*), MIN(sent_at), MAX(sent_at), "
								+ "SUM(CASE WHEN status IN ('FAILED','SKIPPED','CANCELLED') THEN 1 ELSE 0 END) "
								+ "FROM outreach WHERE occasion = '" + occasion + "' AND status <> 'SCHEDULED' "
								+ "AND status <> 'SENDING' AND status <> 'RETRY'")) {
					rs.next();
					if (rs.getLong(4) > 0) {
						throw new IllegalStateException(rs.getLong(4) + " messages of " + occasion + " did not go");
					}
					if (rs.getLong(1) >= messages) {
						return new long[] { rs.getLong(2), rs.getLong(3) };
					}
				}
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException(waiting + " of " + messages + " still waiting to be sent");
			}
			Thread.sleep(500);
		}
	}

	/**
	 * The machine's SMTP limit in the same run: {@code smtp-source} to the same sink, the
	 * same message size and number of connections.
	 */
	private void smtpSource(int run, int messages) throws Exception {
		int size = Integer.parseInt(this.options.getOrDefault("message-bytes", "4096"));
		long start = System.nanoTime();
		Process source = new ProcessBuilder("smtp-source", "-c", "-l", String.valueOf(size), "-m",
				String.valueOf(messages), "-s", String.valueOf(this.connections), "-f", "bench@bench.example", "-t",
				"sink@bench.example", "127.0.0.1:" + this.sinkPort)
			.redirectErrorStream(true)
			.redirectOutput(this.work.resolve("smtp-source.log").toFile())
			.start();
		if (!source.waitFor(10, TimeUnit.MINUTES) || source.exitValue() != 0) {
			throw new IllegalStateException("smtp-source failed; see " + this.work.resolve("smtp-source.log"));
		}
		long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
		record(run, "smtp_source_per_s", messages * 1000L / ms);
	}

	/**
	 * Due → sent latency under a steady load: {@code rate} messages a second made due (a
	 * tenth every 100 ms, each written SCHEDULED and due the moment it is written) for
	 * {@code length}, to contacts the dispatch measurement did not write to.
	 */
	private void latency(int run, int rate, Duration length) throws Exception {
		String occasion = "latency:" + run;
		int perTick = rate / 10;
		int ticks = (int) (length.toMillis() / 100);
		int written = 0;
		try (Connection c = connect();
				PreparedStatement insert = c.prepareStatement(INSERT_OUTREACH + " AND c.id < ?")) {
			long firstId;
			try (Statement s = c.createStatement();
					ResultSet rs = s.executeQuery("SELECT MAX(contact_id) FROM outreach WHERE occasion LIKE 'dispatch:%'")) {
				rs.next();
				firstId = rs.getLong(1);
			}
			long next = System.nanoTime();
			for (int tick = 0; tick < ticks; tick++) {
				long from = firstId + (long) tick * perTick;
				bind(insert, occasion, "SCHEDULED", System.currentTimeMillis());
				insert.setLong(10, from);
				insert.setLong(11, from + perTick + 1);
				written += insert.executeUpdate();
				next += 100_000_000L;
				long sleep = next - System.nanoTime();
				if (sleep > 0) {
					Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
				}
			}
			awaitSent(c, occasion, written, Duration.ofMinutes(10));
			List<Long> delays = new ArrayList<>();
			try (Statement s = c.createStatement();
					ResultSet rs = s
						.executeQuery("SELECT sent_at - due_at FROM outreach WHERE occasion = '" + occasion + "'")) {
				while (rs.next()) {
					delays.add(rs.getLong(1));
				}
			}
			delays.sort(null);
			record(run, "latency_offered_per_s", written * 1000L / length.toMillis());
			record(run, "latency_p50_ms", delays.get(delays.size() / 2));
			record(run, "latency_p99_ms", delays.get((int) Math.min(delays.size() - 1, delays.size() * 0.99)));
			record(run, "latency_max_ms", delays.get(delays.size() - 1));
		}
	}

	/** Single sale requests with wrk (keep-alive), each a new sale of a random contact. */
	private void salesSingle(int run) throws Exception {
		Path out = this.work.resolve("wrk.log");
		String token = "w" + run + "x" + (System.currentTimeMillis() % 100000);
		Process wrk = new ProcessBuilder("wrk", "-t2", "-c" + this.options.getOrDefault("wrk-connections", "32"),
				"-d" + this.options.getOrDefault("wrk-seconds", "20") + "s", "--latency", "-s",
				Path.of(this.options.getOrDefault("sale-script", "bench/sale.lua")).toAbsolutePath().toString(), "http://127.0.0.1:" + this.httpPort, "--",
				this.apiKey, String.valueOf(this.contacts), token)
			.redirectErrorStream(true)
			.redirectOutput(out.toFile())
			.start();
		if (!wrk.waitFor(5, TimeUnit.MINUTES) || wrk.exitValue() != 0) {
			throw new IllegalStateException("wrk failed; see " + out);
		}
		String text = Files.readString(out);
		Matcher rate = Pattern.compile("Requests/sec:\\s+([\\d.]+)").matcher(text);
		if (!rate.find()) {
			throw new IllegalStateException("no rate in " + out);
		}
		if (text.contains("Non-2xx")) {
			throw new IllegalStateException("wrk saw errors; see " + out);
		}
		record(run, "sale_single_per_s", Math.round(Double.parseDouble(rate.group(1))));
		Matcher p99 = Pattern.compile("99%\\s+([\\d.]+)(us|ms|s)").matcher(text);
		if (p99.find()) {
			double value = Double.parseDouble(p99.group(1));
			double ms = switch (p99.group(2)) {
				case "us" -> value / 1000;
				case "s" -> value * 1000;
				default -> value;
			};
			record(run, "sale_single_p99_ms", Math.round(ms));
		}
	}

	/** Sale batches of 10,000 new sales each, timed from request to answer. */
	private void salesBatch(int run) throws Exception {
		int rows = 10_000;
		Random random = new Random(run);
		List<Long> rates = new ArrayList<>();
		// Recent sales, as a live feed sends: each plans its thank-you (an old date would
		// store it skipped as too late, and log a line for it).
		String occurred = Instant.now().minusSeconds(300).truncatedTo(ChronoUnit.SECONDS).toString();
		for (int batch = 0; batch < 3; batch++) {
			StringBuilder body = new StringBuilder(rows * 160).append('[');
			for (int i = 0; i < rows; i++) {
				if (i > 0) {
					body.append(',');
				}
				body.append("{\"externalRef\":\"b")
					.append(run)
					.append('-')
					.append(batch)
					.append('-')
					.append(i)
					.append("\",\"contactRef\":\"c")
					.append(1 + random.nextInt(this.contacts))
					.append("\",\"amount\":\"")
					.append(5 + random.nextInt(200))
					.append(".50\",\"currency\":\"EUR\",\"occurredAt\":\"")
					.append(occurred)
					.append("\"}");
			}
			body.append(']');
			long start = System.nanoTime();
			HttpResponse<String> answer = this.http.send(
					HttpRequest.newBuilder(uri("/api/v1/sales:batch"))
						.header("Authorization", "Bearer " + this.apiKey)
						.header("Content-Type", "application/json")
						.timeout(Duration.ofMinutes(10))
						.POST(HttpRequest.BodyPublishers.ofString(body.toString()))
						.build(),
					HttpResponse.BodyHandlers.ofString());
			long ms = Math.max(1, (System.nanoTime() - start) / 1_000_000);
			if (answer.statusCode() != 200 || !answer.body().contains("\"created\":" + rows)) {
				throw new IllegalStateException("sales:batch answered " + answer.statusCode() + " "
						+ answer.body().substring(0, Math.min(300, answer.body().length())));
			}
			rates.add(rows * 1000L / ms);
		}
		rates.sort(null);
		record(run, "sale_batch_rows_per_s", rates.get(1));
	}

	// --- the data set ----------------------------------------------------------------

	private void freshDatabase() throws Exception {
		if (this.db.equals("h2")) {
			Path dir = this.work.resolve("h2-" + this.contacts);
			if (Files.exists(dir)) {
				try (var files = Files.walk(dir)) {
					files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
				}
			}
			Files.createDirectories(dir);
		}
		else {
			try (Connection c = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", "root", "")) {
				fix(c, "DROP DATABASE IF EXISTS " + mysqlDatabase());
				fix(c, "CREATE DATABASE " + mysqlDatabase() + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
			}
		}
	}

	private String mysqlDatabase() {
		return "gratitude_bench";
	}

	private String jdbcUrl() {
		return this.db.equals("h2")
				? "jdbc:h2:file:" + this.work.resolve("h2-" + this.contacts).resolve("gratitude")
						+ ";LOCK_TIMEOUT=10000;AUTO_SERVER=TRUE"
				: "jdbc:mysql://127.0.0.1:3306/" + mysqlDatabase();
	}

	Connection connect() throws SQLException {
		if (this.db.equals("h2")) {
			return DriverManager.getConnection(jdbcUrl(), "sa", "");
		}
		return DriverManager.getConnection(jdbcUrl() + "?rewriteBatchedStatements=true", "root", "");
	}

	/**
	 * Enrolls the bench partner through the API (its default programs and templates come
	 * with it), publishes a template of about 4 KB of HTML and text and adds a CAMPAIGN
	 * program that the dispatch measurement hangs its rows on.
	 */
	private void enroll() throws Exception {
		String partner = post("/api/v1/partners", ADMIN_TOKEN, """
				{"name":"Bench Bakery","senderEmail":"hello@bench.example","senderName":"Rosa at Bench Bakery",
				 "timeZone":"Europe/Berlin","sendWindow":{"start":"00:00","end":"00:00"}}""", 201);
		this.apiKey = field(partner, "apiKey");
		this.partnerId = Long.parseLong(field(partner, "id"));
		String html = Files.readString(Path.of("bench/template/appreciation.html"));
		String text = Files.readString(Path.of("bench/template/appreciation.txt"));
		put("/api/v1/templates/bench-appreciation",
				"{\"subject\":\"Thank you, ${contact.firstName}!\",\"html\":" + json(html) + ",\"text\":" + json(text)
						+ ",\"name\":\"Customer Appreciation Month\"}",
				201);
		post("/api/v1/templates/bench-appreciation/publish", this.apiKey, "{}", 200);
		post("/api/v1/programs", this.apiKey, """
				{"key":"bench-appreciation","name":"Customer Appreciation Month","trigger":"CAMPAIGN",
				 "audience":"ANY","template":"bench-appreciation","maxLateness":"PT6H"}""", 201);
		String preview = post("/api/v1/templates/bench-appreciation/preview", this.apiKey, "{}", 200);
		record(0, "template_bytes", field(preview, "html").length() + field(preview, "text").length());
		Files.writeString(this.work.resolve("partner-" + this.db + "-" + this.contacts),
				this.partnerId + " " + this.apiKey);
		try (Connection c = connect();
				ResultSet rs = c.createStatement()
					.executeQuery("SELECT id FROM program WHERE program_key = 'bench-appreciation'")) {
			rs.next();
			this.programId = rs.getLong(1);
		}
	}

	/**
	 * Writes the data set inside the database, set-based ({@code INSERT … SELECT} over a
	 * row generator: H2's {@code SYSTEM_RANGE}, MariaDB's sequence engine), the way a
	 * bulk load would: 30 % clients, spread over 14 zones; a birthday for 80 % spread over
	 * the year, an anniversary for each client, one sale per contact over the last three
	 * years. Deterministic: the same size gives the same data.
	 */
	private void generate() {
		boolean h2 = this.db.equals("h2");
		String rows = h2 ? "SYSTEM_RANGE(1, " + this.contacts + ") r" : "seq_1_to_" + this.contacts + " r";
		String n = h2 ? "r.X" : "r.seq";
		long now = System.currentTimeMillis();
		String client = "MOD(" + n + " * 37, 10) < 3";
		String since = h2 ? "DATEADD(DAY, -(30 + MOD(" + n + " * 7919, 3650)), CURRENT_DATE)"
				: "DATE_SUB(CURRENT_DATE, INTERVAL (30 + MOD(" + n + " * 7919, 3650)) DAY)";
		String birthday = h2 ? "DATEADD(DAY, MOD(c.id * 7877, 365), DATE '2023-01-01')"
				: "DATE_ADD(DATE '2023-01-01', INTERVAL MOD(c.id * 7877, 365) DAY)";
		try (Connection c = connect()) {
			fix(c, "INSERT INTO contact (partner_id, external_ref, email, first_name, last_name, relationship, time_zone,"
					+ " locale, client_since, attributes, created_at, updated_at) SELECT " + this.partnerId
					+ ", CONCAT('c', " + n + "), CONCAT('c', " + n + ", '@bench.example'), " + pick(FIRST, n + " * 3")
					+ ", " + pick(LAST, n + " * 5") + ", CASE WHEN " + client + " THEN 'CLIENT' ELSE 'CUSTOMER' END, "
					+ pick(ZONES, n + " * 11") + ", 'en', CASE WHEN " + client + " THEN " + since
					+ " END, '{\"favourite\":\"rye\"}', " + now + ", " + now + " FROM " + rows);
			say("contacts written");
			fix(c, "INSERT INTO significant_date (partner_id, contact_id, kind, label, date_month, date_day, date_year)"
					+ " SELECT c.partner_id, c.id, 'BIRTHDAY', '', EXTRACT(MONTH FROM " + birthday + "), EXTRACT(DAY FROM "
					+ birthday + "), 1950 + MOD(c.id * 13, 56) FROM contact c WHERE c.partner_id = " + this.partnerId
					+ " AND MOD(c.id * 17, 10) < 8");
			fix(c, "INSERT INTO significant_date (partner_id, contact_id, kind, label, date_month, date_day, date_year)"
					+ " SELECT c.partner_id, c.id, 'CLIENT_ANNIVERSARY', '', EXTRACT(MONTH FROM c.client_since),"
					+ " EXTRACT(DAY FROM c.client_since), EXTRACT(YEAR FROM c.client_since) FROM contact c"
					+ " WHERE c.partner_id = " + this.partnerId + " AND c.client_since IS NOT NULL");
			say("dates written");
			fix(c, "INSERT INTO sale (partner_id, contact_id, external_ref, amount, currency, occurred_at, request_hash,"
					+ " created_at) SELECT c.partner_id, c.id, CONCAT('s', c.id), 5.50 + MOD(c.id * 31, 200), 'EUR', "
					+ now + " - CAST(MOD(c.id * 104729, 26280) AS " + (h2 ? "BIGINT" : "SIGNED") + ") * 3600000, CONCAT('bench', c.id), " + now
					+ " FROM contact c WHERE c.partner_id = " + this.partnerId);
			say("sales written");
			fix(c, h2 ? "ANALYZE" : "ANALYZE TABLE contact, significant_date, sale, outreach");
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A SQL expression choosing one of {@code values} by {@code MOD(expression, length)}. */
	private static String pick(String[] values, String expression) {
		StringBuilder sql = new StringBuilder("CASE MOD(" + expression + ", " + values.length + ")");
		for (int i = 0; i < values.length; i++) {
			sql.append(" WHEN ").append(i).append(" THEN '").append(values[i]).append('\'');
		}
		return sql.append(" END").toString();
	}

	/**
	 * The plan of the planner's query for one day's birthdays: it must read the
	 * significant-date index, not scan contacts. Recorded as text for the report.
	 */
	private void explainPlanning() throws Exception {
		LocalDate day = LocalDate.now(ZoneOffset.UTC);
		String query = "SELECT c.id, c.relationship, c.time_zone, d.kind, d.date_month, d.date_day, d.date_year, d.label"
				+ " FROM significant_date d JOIN contact c ON c.id = d.contact_id" + " WHERE d.partner_id = "
				+ this.partnerId + " AND d.kind = 'BIRTHDAY' AND d.date_month = " + day.getMonthValue()
				+ " AND d.date_day IN (" + day.getDayOfMonth() + ", " + day.plusDays(1).getDayOfMonth()
				+ ") AND c.erased_at IS NULL";
		StringBuilder plan = new StringBuilder();
		try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("EXPLAIN " + query)) {
			int columns = rs.getMetaData().getColumnCount();
			if (this.db.equals("mariadb")) {
				for (int i = 1; i <= columns; i++) {
					plan.append(rs.getMetaData().getColumnLabel(i)).append(i < columns ? " | " : "\n");
				}
			}
			while (rs.next()) {
				for (int i = 1; i <= columns; i++) {
					plan.append(rs.getString(i)).append(i < columns ? " | " : "\n");
				}
			}
		}
		String text = plan.toString();
		boolean indexed = text.toUpperCase(Locale.ROOT).contains("IX_SIGNIFICANT_DATE_DUE");
		Files.writeString(this.work.resolve("plan-" + this.db + "-" + this.contacts + ".txt"),
				query + "\n\n" + text + "\nuses ix_significant_date_due: " + indexed + "\n");
		record(0, "plan_uses_index", indexed ? 1 : 0);
	}

	private void resetQueue() throws SQLException {
		try (Connection c = connect()) {
			fix(c, "DELETE FROM attempt");
			fix(c, "DELETE FROM outreach");
			fix(c, "DELETE FROM relationship_change WHERE actor LIKE 'rule:%'");
			fix(c, "DELETE FROM sale WHERE external_ref LIKE 'b%' OR external_ref LIKE 'w%'");
			fix(c, "UPDATE program SET planned_through = NULL");
		}
	}

	private void awaitNothingDue(Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		try (Connection c = connect()) {
			while (true) {
				try (Statement s = c.createStatement();
						ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM outreach WHERE status IN "
								+ "('SCHEDULED','RETRY','SENDING') AND due_at <= " + System.currentTimeMillis())) {
					rs.next();
					if (rs.getLong(1) == 0) {
						return;
					}
				}
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("planned messages still due after " + timeout);
				}
				Thread.sleep(500);
			}
		}
	}

	// --- the application process -----------------------------------------------------

	private App startApp(String name) throws Exception {
		List<String> command = new ArrayList<>(List.of("java", "-Xmx512m"));
		// Extra JVM options for the application, e.g. -XX:StartFlightRecording=... to profile.
		String extra = System.getenv().getOrDefault("BENCH_APP_JAVA_OPTS", "").trim();
		if (!extra.isEmpty()) {
			command.addAll(List.of(extra.split("\\s+")));
		}
		command.addAll(List.of(
				"-Xlog:gc:file=" + this.work.resolve("gc-" + name + ".log"), "-jar",
				this.options.getOrDefault("jar", "target/gratitude.jar"), "--server.port=" + this.httpPort,
				"--gratitude.data-dir=" + this.work.resolve("data-" + this.db), "--gratitude.demo.enabled=false",
				"--gratitude.public-url=http://127.0.0.1:" + this.httpPort, "--spring.mail.host=127.0.0.1",
				"--spring.mail.port=" + this.sinkPort, "--gratitude.delivery.max-per-minute=0", "--gratitude.api.rate-limit.per-second=0",
				"--gratitude.delivery.max-connections=" + this.connections, "--spring.datasource.url=" + jdbcUrl()));
		if (this.db.equals("mariadb")) {
			command.add("--spring.profiles.active=mysql");
			command.add("--spring.datasource.username=root");
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("GRATITUDE_ADMIN_TOKEN", ADMIN_TOKEN);
		Path log = this.work.resolve("app-" + this.db + "-" + this.contacts + "-" + name + ".log");
		builder.redirectErrorStream(true).redirectOutput(log.toFile());
		App app = new App(builder.start(), log, this.work.resolve("gc-" + name + ".log"));
		long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
		while (true) {
			if (!app.process.isAlive()) {
				throw new IllegalStateException("the application stopped; see " + log);
			}
			try {
				HttpResponse<String> ready = this.http.send(HttpRequest.newBuilder(uri("/readyz")).build(),
						HttpResponse.BodyHandlers.ofString());
				if (ready.statusCode() == 200) {
					return app;
				}
			}
			catch (IOException notYet) {
				// Still starting.
			}
			if (System.nanoTime() > deadline) {
				app.stop();
				throw new IllegalStateException("the application did not become ready; see " + log);
			}
			Thread.sleep(250);
		}
	}

	/** A started application process, its log and its GC log. */
	record App(Process process, Path log, Path gcLog) {

		Matcher awaitLog(Pattern pattern, Duration timeout) throws Exception {
			long deadline = System.nanoTime() + timeout.toNanos();
			while (System.nanoTime() < deadline) {
				Matcher matcher = pattern.matcher(Files.readString(this.log, StandardCharsets.UTF_8));
				if (matcher.find()) {
					return matcher;
				}
				Thread.sleep(200);
			}
			throw new IllegalStateException("no '" + pattern + "' in " + this.log);
		}

		long peakRssKb() throws IOException {
			for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(this.process.pid()), "status"))) {
				if (line.startsWith("VmHWM:")) {
					return Long.parseLong(line.replaceAll("\\D", ""));
				}
			}
			return -1;
		}

		/** The most heap in use that the GC log saw: the largest "before" of a collection. */
		long peakHeapMb() throws IOException {
			Matcher matcher = Pattern.compile("(\\d+)M->(\\d+)M\\(").matcher(Files.readString(this.gcLog));
			long peak = 0;
			while (matcher.find()) {
				peak = Math.max(peak, Long.parseLong(matcher.group(1)));
			}
			return peak;
		}

		void stop() throws InterruptedException {
			this.process.destroy();
			if (!this.process.waitFor(60, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor();
			}
		}

	}

	// --- small things ----------------------------------------------------------------

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.httpPort + path);
	}

	private String post(String path, String token, String body, int expected) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body)), token,
				expected);
	}

	private String put(String path, String body, int expected) throws Exception {
		return send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body)), this.apiKey,
				expected);
	}

	private String send(HttpRequest.Builder request, String token, int expected) throws Exception {
		HttpResponse<String> answer = this.http.send(
				request.header("Authorization", "Bearer " + token)
					.header("Content-Type", "application/json")
					.timeout(Duration.ofMinutes(2))
					.build(),
				HttpResponse.BodyHandlers.ofString());
		if (answer.statusCode() != expected) {
			throw new IllegalStateException(request.build().uri() + " answered " + answer.statusCode() + " "
					+ answer.body());
		}
		return answer.body();
	}

	/** The first string or number field of that name in a JSON answer (enough for these). */
	static String field(String json, String name) {
		int at = json.indexOf("\"" + name + "\":");
		if (at < 0) {
			throw new IllegalStateException("no " + name + " in " + json);
		}
		int i = at + name.length() + 3;
		if (json.charAt(i) != '"') {
			int end = i;
			while (end < json.length() && (Character.isDigit(json.charAt(end)) || json.charAt(end) == '-')) {
				end++;
			}
			return json.substring(i, end);
		}
		StringBuilder value = new StringBuilder();
		for (i++; json.charAt(i) != '"'; i++) {
			char ch = json.charAt(i);
			if (ch == '\\') {
				char next = json.charAt(++i);
				switch (next) {
					case 'n' -> value.append('\n');
					case 't' -> value.append('\t');
					case 'r' -> value.append('\r');
					case 'u' -> {
						value.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
						i += 4;
					}
					default -> value.append(next);
				}
			}
			else {
				value.append(ch);
			}
		}
		return value.toString();
	}

	static String json(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char ch : text.toCharArray()) {
			switch (ch) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> out.append(ch);
			}
		}
		return out.append('"').toString();
	}

	private static void fix(Connection c, String sql) throws SQLException {
		try (Statement s = c.createStatement()) {
			s.execute(sql);
		}
		if (!c.getAutoCommit()) {
			c.commit();
		}
	}

	private void record(int run, String metric, long value) {
		String line = String.join("\t", this.db, String.valueOf(this.contacts), String.valueOf(run), metric,
				String.valueOf(value)) + "\n";
		say("%s", line.strip());
		try {
			Files.writeString(this.results, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private interface Step {

		void run() throws Exception;

	}

	private static long time(Step step) throws Exception {
		long start = System.nanoTime();
		step.run();
		return (System.nanoTime() - start) / 1_000_000;
	}

	static void say(String format, Object... args) {
		System.err.printf("[bench] " + format + "%n", args);
	}

}
