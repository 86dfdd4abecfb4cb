package io.gratitude.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import freemarker.cache.StringTemplateLoader;
import freemarker.core.TemplateClassResolver;
import freemarker.template.Configuration;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.listeners.TriggerListenerSupport;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.LoggerFactory;

/**
 * Measures the design DESIGN.md warns against: one Quartz trigger (and one job) per message in
 * a clustered JDBC job store, for comparison with the outreach due-table.
 *
 * <p>
 * One run, on a fresh store: create Quartz's tables with the app's own migration
 * ({@code db/migration/V2__create_quartz_tables.sql}), schedule {@code --messages} one-shot
 * {@link org.quartz.SimpleTrigger}s, each for its own non-durable job carrying the recipient's
 * email, name and occasion key, measure the size of the QRTZ_ tables, make every trigger due at
 * one instant T and time how long the scheduler takes to fire them all. Each job does what a
 * message costs: renders a FreeMarker HTML and text template (one shared, caching
 * Configuration) and sends a multipart/alternative message of about 4 KB to an SMTP server on
 * loopback over a connection its worker thread keeps open.
 *
 * <p>
 * Quartz is configured as the app configures it (application.yml, application-mysql.yml):
 * JobStoreTX, clustered, StdJDBCDelegate, misfireThreshold 30 s (unless
 * {@code --misfire-threshold-ms} says otherwise), check-in every 10 s,
 * acquireTriggersWithinLock on MariaDB, a Hikari pool with READ COMMITTED on MariaDB. Naive gets
 * its best shot where the app has no setting: {@code batchTriggerAcquisitionMaxCount} = threads
 * (Quartz's default is 1), triggers stored {@code --schedule-batch} at a time in one transaction
 * ({@link Scheduler#scheduleJobs}), and reused SMTP connections.
 *
 * <p>
 * Triggers are stored with a start time a day ahead; once all are stored, one SQL UPDATE (not
 * timed) moves every trigger's start and next fire time to T, a few seconds ahead, and the
 * scheduler, started in the meantime, fires them from T on. A trigger still waiting more than
 * misfireThreshold after T is a misfire, handled as Quartz handles it (fire now); misfires are
 * counted and printed on stderr.
 *
 * <p>
 * Prints exactly one result line on stdout; progress and details go to stderr. Exits 1 on an
 * error, 2 on bad arguments, 3 if a message failed, 4 if firing took longer than
 * {@code --fire-timeout-min} (the line then reports what ran in that time).
 */
public final class NaiveQuartz {

	private static final String GROUP = "naive";

	private static final String SCHEDULER_NAME = "gratitude-naive";

	private static final String MARIADB_SCHEMA = "gratitude_naive";

	private static final AtomicLong SENT = new AtomicLong();

	private static final AtomicLong FAILED = new AtomicLong();

	private static final AtomicLong MISFIRES = new AtomicLong();

	private static final AtomicLong LAST_DONE_NANOS = new AtomicLong();

	private static final Queue<Transport> OPEN_TRANSPORTS = new ConcurrentLinkedQueue<>();

	private static final ThreadLocal<Transport> TRANSPORT = new ThreadLocal<>();

	private static volatile CountDownLatch remaining = new CountDownLatch(0);

	private static volatile Configuration freemarker;

	private static volatile Session mailSession;

	private NaiveQuartz() {
	}

	public static void main(String[] args) {
		// Logback without a configuration file logs DEBUG to System.out: keep stdout for the
		// result line only.
		PrintStream stdout = System.out;
		System.setOut(System.err);
		quietLogging();
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println("naive: " + ex.getMessage());
			System.err.println(Options.USAGE);
			System.exit(2);
			return;
		}
		int status;
		try {
			status = run(options, stdout);
		}
		catch (Exception | Error ex) {
			System.err.println("naive: FAILED");
			ex.printStackTrace();
			status = 1;
		}
		stdout.flush();
		System.exit(status);
	}

	private static int run(Options options, PrintStream stdout) throws Exception {
		System.err.printf("naive: db=%s messages=%d threads=%d schedule-batch=%d misfireThreshold=%d ms"
				+ " batchTriggerAcquisitionMaxCount=%d%n", options.db, options.messages, options.threads,
				options.scheduleBatch, options.misfireThresholdMs, options.threads);
		freemarker = templates();
		mailSession = mailSession(options.smtpPort);
		System.err.printf("naive: sample message is %d bytes%n", sampleMessageSize());

		HikariDataSource dataSource = freshStore(options);
		Scheduler scheduler = null;
		Progress progress = new Progress();
		try {
			createQuartzTables(dataSource);
			DBConnectionManager.getInstance().addConnectionProvider("ds", new HikariProvider(dataSource));
			scheduler = new StdSchedulerFactory(quartzProperties(options)).getScheduler();
			scheduler.getListenerManager().addTriggerListener(new MisfireCounter());

			// schedule
			Date placeholder = new Date(System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1));
			AtomicLong scheduled = new AtomicLong();
			progress.start("scheduled", options.messages, scheduled);
			long scheduleStart = System.nanoTime();
			scheduleAll(scheduler, options, placeholder, scheduled);
			long scheduleNanos = System.nanoTime() - scheduleStart;
			progress.stop();
			double scheduleMs = scheduleNanos / 1e6;
			System.err.printf("naive: scheduled %d in %.0f ms (%.0f/s)%n", options.messages, scheduleMs,
					options.messages / (scheduleMs / 1000));

			long dbBytes = quartzBytes(dataSource, options);
			System.err.printf("naive: QRTZ_ tables %d bytes (%.0f bytes/message)%n", dbBytes,
					(double) dbBytes / options.messages);

			// make them all due at T, then fire
			remaining = new CountDownLatch(options.messages);
			long dueAt = moveDueTimes(dataSource, placeholder.getTime(), options);
			scheduler.start();
			long late = System.currentTimeMillis() - dueAt;
			if (late > 0) {
				System.err.printf("naive: WARNING the scheduler started %d ms after T; raise --lead-seconds%n", late);
			}
			else {
				Thread.sleep(-late);
			}
			while (System.currentTimeMillis() < dueAt) {
				Thread.onSpinWait();
			}
			long fireStart = System.nanoTime();
			progress.start("sent", options.messages, SENT);
			boolean complete = remaining.await(options.fireTimeoutMinutes, TimeUnit.MINUTES);
			long fireEnd = complete ? LAST_DONE_NANOS.get() : System.nanoTime();
			progress.stop();
			// Complete: waits for the jobs still running and for Quartz to delete their
			// triggers. Cut off: does not wait, as thousands of due triggers are still
			// being acquired.
			scheduler.shutdown(complete);
			long ran = SENT.get() + FAILED.get();
			double fireMs = Math.max(fireEnd - fireStart, 1) / 1e6;
			System.err.printf("naive: fired %d (sent %d, failed %d, misfired %d) in %.0f ms%n", ran, SENT.get(),
					FAILED.get(), MISFIRES.get(), fireMs);
			if (complete) {
				reportLeftovers(dataSource);
			}
			else {
				System.err.printf("naive: INCOMPLETE: stopped after %d minutes, %d of %d ran%n",
						options.fireTimeoutMinutes, ran, options.messages);
			}

			stdout.printf(Locale.ROOT,
					"naive db=%s messages=%d threads=%d schedule_ms=%.0f schedule_per_s=%.0f fired=%d%s fire_ms=%.0f fire_per_s=%.0f db_bytes=%d%n",
					options.db, options.messages, options.threads, scheduleMs, options.messages / (scheduleMs / 1000),
					ran, complete ? "" : " (cut_off)", fireMs, ran / (fireMs / 1000), dbBytes);
			if (!complete) {
				return 4;
			}
			return (FAILED.get() > 0 || SENT.get() != options.messages) ? 3 : 0;
		}
		finally {
			progress.stop();
			if (scheduler != null && !scheduler.isShutdown()) {
				scheduler.shutdown(true);
			}
			for (Transport transport : OPEN_TRANSPORTS) {
				closeQuietly(transport);
			}
			dataSource.close();
		}
	}

	/** Stores the triggers and their jobs, {@code --schedule-batch} per transaction. */
	private static void scheduleAll(Scheduler scheduler, Options options, Date startAt, AtomicLong scheduled)
			throws SchedulerException {
		Map<JobDetail, Set<? extends Trigger>> chunk = new LinkedHashMap<>();
		for (int i = 0; i < options.messages; i++) {
			String id = "m" + i;
			JobDetail job = JobBuilder.newJob(SendJob.class)
				.withIdentity(id, GROUP)
				.usingJobData("email", "contact" + i + "@example.test")
				.usingJobData("name", "Contact " + i)
				.usingJobData("occasion", "birthday@2027-03-14")
				.storeDurably(false)
				.build();
			Trigger trigger = TriggerBuilder.newTrigger()
				.withIdentity(id, GROUP)
				.forJob(job)
				.startAt(startAt)
				.withSchedule(SimpleScheduleBuilder.simpleSchedule())
				.build();
			if (options.scheduleBatch == 1) {
				scheduler.scheduleJob(job, trigger);
				scheduled.incrementAndGet();
				continue;
			}
			chunk.put(job, Set.of(trigger));
			if (chunk.size() == options.scheduleBatch) {
				scheduler.scheduleJobs(chunk, false);
				scheduled.addAndGet(chunk.size());
				chunk.clear();
			}
		}
		if (!chunk.isEmpty()) {
			scheduler.scheduleJobs(chunk, false);
			scheduled.addAndGet(chunk.size());
		}
	}

	/**
	 * Makes every trigger due at one instant T, a few seconds ahead, and returns T: the one write
	 * to Quartz's tables behind its back, so that all messages are due at the same instant however
	 * long scheduling took. The scheduler is still in standby; if the UPDATE outlasted the lead,
	 * it runs again with a longer one.
	 */
	private static long moveDueTimes(HikariDataSource dataSource, long placeholder, Options options)
			throws SQLException {
		long lead = TimeUnit.SECONDS.toMillis(options.leadSeconds);
		long from = placeholder;
		try (Connection connection = dataSource.getConnection();
				PreparedStatement update = connection.prepareStatement("UPDATE QRTZ_TRIGGERS"
						+ " SET START_TIME = ?, NEXT_FIRE_TIME = ? WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ?"
						+ " AND NEXT_FIRE_TIME = ?")) {
			connection.setAutoCommit(true);
			while (true) {
				long start = System.currentTimeMillis();
				long dueAt = start + lead;
				update.setLong(1, dueAt);
				update.setLong(2, dueAt);
				update.setString(3, SCHEDULER_NAME);
				update.setString(4, GROUP);
				update.setLong(5, from);
				int moved = update.executeUpdate();
				long took = System.currentTimeMillis() - start;
				System.err.printf("naive: moved %d triggers to T = now + %d ms in %d ms (not timed)%n", moved, lead,
						took);
				if (moved != options.messages) {
					throw new IllegalStateException("moved " + moved + " triggers, expected " + options.messages);
				}
				// a second's margin for start()
				if (took + 1000 < lead) {
					return dueAt;
				}
				from = dueAt;
				lead = 2 * took + 5000;
			}
		}
	}

	private static void reportLeftovers(HikariDataSource dataSource) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			for (String table : List.of("QRTZ_TRIGGERS", "QRTZ_JOB_DETAILS", "QRTZ_FIRED_TRIGGERS")) {
				try (ResultSet rows = statement
					.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE SCHED_NAME = '" + SCHEDULER_NAME + "'")) {
					rows.next();
					System.err.printf("naive: %s rows left: %d%n", table, rows.getLong(1));
				}
			}
		}
	}

	// ---- store

	/** A new, empty database for this run; a pool configured like the app's. */
	private static HikariDataSource freshStore(Options options) throws IOException, SQLException {
		HikariConfig config = new HikariConfig();
		config.setPoolName("naive");
		// the app's pool size (20 in application.yml and application-mysql.yml), at least
		// workers + Quartz's own threads
		if (options.db.equals("h2")) {
			Path dir = Path.of(options.workDir).toAbsolutePath();
			Files.createDirectories(dir);
			for (String suffix : List.of(".mv.db", ".trace.db", ".lock.db")) {
				Files.deleteIfExists(dir.resolve("naive" + suffix));
			}
			// async: Quartz interrupts its threads at shutdown, and an interrupt in the middle of
			// a read closes H2's default file channel, and with it the database.
			config.setJdbcUrl("jdbc:h2:async:" + dir.resolve("naive") + ";DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=10000");
			config.setUsername("sa");
			config.setPassword("");
			config.setMaximumPoolSize(Math.max(20, options.threads + 3));
		}
		else {
			try (Connection connection = DriverManager.getConnection("jdbc:mysql://127.0.0.1:3306/", "root", "");
					Statement statement = connection.createStatement()) {
				statement.execute("DROP DATABASE IF EXISTS " + MARIADB_SCHEMA);
				statement.execute("CREATE DATABASE " + MARIADB_SCHEMA + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
			}
			config.setJdbcUrl("jdbc:mysql://127.0.0.1:3306/" + MARIADB_SCHEMA);
			config.setUsername("root");
			config.setPassword("");
			config.setMaximumPoolSize(Math.max(20, options.threads + 3));
			config.setConnectionTimeout(10000);
			config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
			config.addDataSourceProperty("characterEncoding", "UTF-8");
			config.addDataSourceProperty("connectionCollation", "utf8mb4_bin");
			config.addDataSourceProperty("connectTimeout", "10000");
			config.addDataSourceProperty("socketTimeout", "60000");
			config.addDataSourceProperty("tcpKeepAlive", "true");
		}
		return new HikariDataSource(config);
	}

	/** Runs the app's Quartz migration, statement by statement. */
	private static void createQuartzTables(HikariDataSource dataSource) throws IOException, SQLException {
		String script;
		try (InputStream in = NaiveQuartz.class.getClassLoader()
			.getResourceAsStream("db/migration/V2__create_quartz_tables.sql")) {
			if (in == null) {
				throw new IllegalStateException("db/migration/V2__create_quartz_tables.sql is not on the classpath");
			}
			script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		StringBuilder withoutComments = new StringBuilder();
		for (String line : script.split("\n")) {
			if (!line.strip().startsWith("--")) {
				withoutComments.append(line).append('\n');
			}
		}
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(true);
			for (String sql : withoutComments.toString().split(";")) {
				if (!sql.isBlank()) {
					statement.execute(sql);
				}
			}
		}
	}

	/**
	 * The QRTZ_ tables' size. MariaDB: data and index length after ANALYZE TABLE. H2: the
	 * database file after a checkpoint (it holds nothing else); DISK_SPACE_USED goes to stderr.
	 */
	private static long quartzBytes(HikariDataSource dataSource, Options options) throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			connection.setAutoCommit(true);
			List<String> tables = new ArrayList<>();
			try (ResultSet rows = connection.getMetaData().getTables(null, null, "QRTZ%", new String[] { "TABLE" })) {
				while (rows.next()) {
					tables.add(rows.getString("TABLE_NAME"));
				}
			}
			if (options.db.equals("mariadb")) {
				for (String table : tables) {
					// the result set only reports "OK"
					statement.executeQuery("ANALYZE TABLE " + table).close();
				}
				try (ResultSet rows = statement.executeQuery("SELECT SUM(DATA_LENGTH + INDEX_LENGTH) "
						+ "FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + MARIADB_SCHEMA + "'")) {
					rows.next();
					return rows.getLong(1);
				}
			}
			long used = 0;
			for (String table : tables) {
				try (ResultSet rows = statement.executeQuery("CALL DISK_SPACE_USED('" + table + "')")) {
					rows.next();
					used += rows.getLong(1);
				}
			}
			statement.execute("CHECKPOINT SYNC");
			try {
				long file = Files.size(Path.of(options.workDir).toAbsolutePath().resolve("naive.mv.db"));
				System.err.printf("naive: H2 DISK_SPACE_USED of QRTZ_ tables %d bytes, file %d bytes%n", used, file);
				return file;
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private static Properties quartzProperties(Options options) {
		Properties properties = new Properties();
		properties.setProperty("org.quartz.scheduler.instanceName", SCHEDULER_NAME);
		properties.setProperty("org.quartz.scheduler.instanceId", "AUTO");
		properties.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
		properties.setProperty("org.quartz.threadPool.threadCount", Integer.toString(options.threads));
		properties.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
		properties.setProperty("org.quartz.jobStore.driverDelegateClass",
				"org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
		properties.setProperty("org.quartz.jobStore.dataSource", "ds");
		properties.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
		properties.setProperty("org.quartz.jobStore.isClustered", "true");
		properties.setProperty("org.quartz.jobStore.clusterCheckinInterval", "10000");
		properties.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(options.misfireThresholdMs));
		if (options.db.equals("mariadb")) {
			properties.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
		}
		// Not set by the app (Quartz's default is 1): naive's best shot, a batch per worker.
		properties.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount",
				Integer.toString(options.threads));
		return properties;
	}

	// ---- the job

	/**
	 * One message: render the templates with the recipient's data, build the MIME message and send
	 * it over this worker thread's SMTP connection.
	 */
	public static final class SendJob implements Job {

		@Override
		public void execute(JobExecutionContext context) {
			JobDataMap data = context.getMergedJobDataMap();
			String id = context.getJobDetail().getKey().getName();
			try {
				Map<String, Object> model = new HashMap<>();
				model.put("name", data.getString("name"));
				model.put("email", data.getString("email"));
				model.put("occasion", data.getString("occasion"));
				MimeMessage message = message(id, model);
				send(message);
				SENT.incrementAndGet();
			}
			catch (IOException | TemplateException | MessagingException | RuntimeException ex) {
				if (FAILED.incrementAndGet() <= 10) {
					System.err.println("naive: message " + id + " failed: " + ex);
				}
				Transport broken = TRANSPORT.get();
				TRANSPORT.remove();
				if (broken != null) {
					OPEN_TRANSPORTS.remove(broken);
					closeQuietly(broken);
				}
			}
			finally {
				LAST_DONE_NANOS.set(System.nanoTime());
				remaining.countDown();
			}
		}

	}

	private static MimeMessage message(String id, Map<String, Object> model)
			throws IOException, TemplateException, MessagingException {
		String subject = render("subject.ftl", model);
		String html = render("body.ftlh", model);
		String text = render("body.ftl", model);
		MimeMessage mime = new FixedIdMimeMessage(mailSession, "<" + id + ".naive@gratitude.test>");
		mime.setFrom(new InternetAddress("thanks@shop.example.test", "Corner Shop", StandardCharsets.UTF_8.name()));
		mime.setRecipient(jakarta.mail.Message.RecipientType.TO, new InternetAddress((String) model.get("email"),
				(String) model.get("name"), StandardCharsets.UTF_8.name()));
		mime.setSubject(subject, StandardCharsets.UTF_8.name());
		mime.setSentDate(new Date());
		mime.setHeader("List-Unsubscribe", "<https://gratitude.example.test/u/" + id + ">");
		mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
		mime.setHeader("Auto-Submitted", "auto-generated");
		MimeBodyPart textPart = new MimeBodyPart();
		textPart.setText(text, StandardCharsets.UTF_8.name(), "plain");
		MimeBodyPart htmlPart = new MimeBodyPart();
		htmlPart.setText(html, StandardCharsets.UTF_8.name(), "html");
		MimeMultipart alternative = new MimeMultipart("alternative");
		alternative.addBodyPart(textPart);
		alternative.addBodyPart(htmlPart);
		mime.setContent(alternative);
		mime.saveChanges();
		return mime;
	}

	private static String render(String name, Map<String, Object> model) throws IOException, TemplateException {
		StringWriter out = new StringWriter(4096);
		freemarker.getTemplate(name).process(model, out);
		return out.toString();
	}

	/** Sends over this thread's connection, opened on first use and kept. */
	private static void send(MimeMessage message) throws MessagingException {
		Transport transport = TRANSPORT.get();
		if (transport == null || !transport.isConnected()) {
			transport = mailSession.getTransport("smtp");
			transport.connect();
			TRANSPORT.set(transport);
			OPEN_TRANSPORTS.add(transport);
		}
		transport.sendMessage(message, message.getAllRecipients());
	}

	private static long sampleMessageSize() throws Exception {
		MimeMessage sample = message("m0", Map.of("name", "Contact 0", "email", "contact0@example.test", "occasion",
				"birthday@2027-03-14"));
		long[] size = new long[1];
		sample.writeTo(new OutputStream() {

			@Override
			public void write(int b) {
				size[0]++;
			}

			@Override
			public void write(byte[] b, int off, int len) {
				size[0] += len;
			}

		});
		return size[0];
	}

	/** One shared Configuration, set up like the app's sandbox; parsed templates are cached. */
	private static Configuration templates() {
		Configuration configuration = new Configuration(Configuration.VERSION_2_3_35);
		configuration.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		configuration.setAPIBuiltinEnabled(false);
		configuration.setLocalizedLookup(false);
		configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
		configuration.setLogTemplateExceptions(false);
		configuration.setDefaultEncoding(StandardCharsets.UTF_8.name());
		configuration.setLocale(Locale.ENGLISH);
		StringTemplateLoader loader = new StringTemplateLoader();
		loader.putTemplate("subject.ftl", "Thank you, ${name}!");
		loader.putTemplate("body.ftlh", htmlTemplate());
		loader.putTemplate("body.ftl", textTemplate());
		configuration.setTemplateLoader(loader);
		return configuration;
	}

	private static String htmlTemplate() {
		StringBuilder html = new StringBuilder("""
				<!DOCTYPE html>
				<html lang="en"><head><meta charset="utf-8"><title>Thank you, ${name}</title>
				<style>body{font-family:Georgia,serif;color:#333;max-width:40em;margin:auto}
				h1{color:#8a3b12;font-size:1.6em}p{line-height:1.5}.foot{font-size:.8em;color:#777}</style>
				</head><body>
				<h1>Dear ${name},</h1>
				<p>On this occasion (${occasion}) all of us at Corner Shop want to say thank you.</p>
				""");
		for (int i = 1; i <= 8; i++) {
			html.append("<p>Paragraph ").append(i).append(": it has been a pleasure to serve you, ${name}. ")
				.append("Every visit, every question and every recommendation you shared with your friends ")
				.append("helped a small business grow, and we do not take it for granted.</p>\n");
		}
		html.append("""
				<p>With gratitude,<br>The Corner Shop team</p>
				<p class="foot">You receive this message at ${email} because you are a customer of Corner Shop.
				<a href="https://gratitude.example.test/u">Unsubscribe</a> with one click.</p>
				</body></html>
				""");
		return html.toString();
	}

	private static String textTemplate() {
		StringBuilder text = new StringBuilder("""
				Dear ${name},

				On this occasion (${occasion}) all of us at Corner Shop want to say thank you.

				""");
		for (int i = 1; i <= 5; i++) {
			text.append("It has been a pleasure to serve you, ${name}. Every visit, every question and every\n")
				.append("recommendation you shared helped a small business grow.\n\n");
		}
		text.append("""
				With gratitude,
				The Corner Shop team

				You receive this message at ${email} because you are a customer of Corner Shop.
				Unsubscribe: https://gratitude.example.test/u
				""");
		return text.toString();
	}

	private static Session mailSession(int port) {
		Properties properties = new Properties();
		properties.setProperty("mail.smtp.host", "127.0.0.1");
		properties.setProperty("mail.smtp.port", Integer.toString(port));
		// the app's timeouts (application.yml)
		properties.setProperty("mail.smtp.connectiontimeout", "10000");
		properties.setProperty("mail.smtp.timeout", "30000");
		properties.setProperty("mail.smtp.writetimeout", "30000");
		return Session.getInstance(properties);
	}

	private static void closeQuietly(Transport transport) {
		try {
			transport.close();
		}
		catch (MessagingException | RuntimeException ex) {
			// the run's result does not depend on a clean QUIT
		}
	}

	private static void quietLogging() {
		try {
			((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
				.setLevel(ch.qos.logback.classic.Level.WARN);
		}
		catch (LinkageError | ClassCastException ex) {
			System.err.println("naive: could not quiet logging: " + ex);
		}
	}

	// ---- support

	/** Keeps the planned Message-ID, as the app's MessageBuilder does. */
	private static final class FixedIdMimeMessage extends MimeMessage {

		private final String messageId;

		FixedIdMimeMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

	/** Quartz's connections: the pool above, as Spring hands the app's DataSource to Quartz. */
	private static final class HikariProvider implements ConnectionProvider {

		private final HikariDataSource dataSource;

		HikariProvider(HikariDataSource dataSource) {
			this.dataSource = dataSource;
		}

		@Override
		public Connection getConnection() throws SQLException {
			return this.dataSource.getConnection();
		}

		@Override
		public void shutdown() {
			// closed by run()
		}

		@Override
		public void initialize() {
		}

	}

	/** Counts the triggers Quartz's misfire handler had to take over. */
	private static final class MisfireCounter extends TriggerListenerSupport {

		@Override
		public String getName() {
			return "misfire-counter";
		}

		@Override
		public void triggerMisfired(Trigger trigger) {
			MISFIRES.incrementAndGet();
		}

	}

	/** Prints a count and its rate to stderr every five seconds. */
	private static final class Progress {

		private Thread thread;

		void start(String what, long total, AtomicLong count) {
			stop();
			long start = System.nanoTime();
			this.thread = new Thread(() -> {
				try {
					while (true) {
						Thread.sleep(5000);
						long done = count.get();
						double seconds = (System.nanoTime() - start) / 1e9;
						System.err.printf("naive: %s %d/%d after %.0f s (%.0f/s), misfired %d%n", what, done, total,
								seconds, done / seconds, MISFIRES.get());
					}
				}
				catch (InterruptedException ex) {
					// stopped
				}
			}, "naive-progress");
			this.thread.setDaemon(true);
			this.thread.start();
		}

		void stop() {
			if (this.thread != null) {
				this.thread.interrupt();
				this.thread = null;
			}
		}

	}

	/** Command-line options. */
	private static final class Options {

		static final String USAGE = "usage: NaiveQuartz [--db h2|mariadb] [--messages 100000] [--smtp-port 2525]"
				+ " [--threads 4] [--work-dir target/bench/naive] [--schedule-batch 1000] [--lead-seconds 10]"
				+ " [--fire-timeout-min 30] [--misfire-threshold-ms 30000]";

		String db = "h2";

		int messages = 100_000;

		int smtpPort = 2525;

		int threads = 4;

		String workDir = "target/bench/naive";

		int scheduleBatch = 1000;

		int leadSeconds = 10;

		int fireTimeoutMinutes = 30;

		/** The app's value; a larger one shows the firing rate without Quartz's misfire handling. */
		int misfireThresholdMs = 30000;

		static Options parse(String[] args) {
			Options options = new Options();
			if (args.length % 2 != 0) {
				throw new IllegalArgumentException("every option takes a value");
			}
			for (int i = 0; i < args.length; i += 2) {
				String value = args[i + 1];
				switch (args[i]) {
					case "--db" -> options.db = value;
					case "--messages" -> options.messages = positive(args[i], value);
					case "--smtp-port" -> options.smtpPort = positive(args[i], value);
					case "--threads" -> options.threads = positive(args[i], value);
					case "--work-dir" -> options.workDir = value;
					case "--schedule-batch" -> options.scheduleBatch = positive(args[i], value);
					case "--lead-seconds" -> options.leadSeconds = positive(args[i], value);
					case "--fire-timeout-min" -> options.fireTimeoutMinutes = positive(args[i], value);
					case "--misfire-threshold-ms" -> options.misfireThresholdMs = positive(args[i], value);
					default -> throw new IllegalArgumentException("unknown option " + args[i]);
				}
			}
			if (!options.db.equals("h2") && !options.db.equals("mariadb")) {
				throw new IllegalArgumentException("--db must be h2 or mariadb, not " + options.db);
			}
			return options;
		}

		private static int positive(String name, String value) {
			try {
				int number = Integer.parseInt(value);
				if (number > 0) {
					return number;
				}
			}
			catch (NumberFormatException ex) {
				// reported below
			}
			throw new IllegalArgumentException(name + " must be a positive integer, not " + value);
		}

	}

}
