package io.gratitude;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Where the tests keep their data: H2 by default; MariaDB or MySQL when the application's
 * {@code mysql} profile is active, as {@code mvn verify -Pmysql} does (system property
 * {@code spring.profiles.active=mysql}).
 * <p>
 * On MySQL the server and the shared context's database come from
 * {@code GRATITUDE_TEST_MYSQL_URL} (default {@code jdbc:mysql://127.0.0.1:3306/test}),
 * {@code GRATITUDE_TEST_MYSQL_USER} (default {@code root}) and
 * {@code GRATITUDE_TEST_MYSQL_PASSWORD} (default empty); the user must be allowed to
 * create and drop databases. That database is dropped and created again once per test
 * run, so every run starts clean; an application a test starts on its own gets a new
 * database next to it, dropped when the JVM exits. So that a mistyped setting can never
 * wipe real data, the shared database must be named like a test database ({@code test},
 * {@code test_…} or {@code …_test}) or the run stops before touching it.
 */
public final class TestDatabase {

	private static final Pattern MYSQL_URL = Pattern.compile("^(jdbc:mysql://[^/?]+)/([A-Za-z0-9_]+)(\\?.*)?$");

	private static final boolean MYSQL = requested(System.getProperty("spring.profiles.active"))
			|| requested(System.getenv("SPRING_PROFILES_ACTIVE"));

	private static final List<String> created = new ArrayList<>();

	private static boolean sharedReady;

	private TestDatabase() {
	}

	/** Whether the tests run on MariaDB/MySQL rather than H2. */
	public static boolean isMySql() {
		return MYSQL;
	}

	/**
	 * Whether another session's {@code INSERT INTO
	 *
	<table>
	 * } waits for a lock. H2 does not always show the waiting session's BLOCKER_ID while
	 * it waits on a row of a unique index, so on H2 it is that insert still executing in
	 * another session.
	 */
	public static boolean anInsertWaitsForALock(JdbcClient jdbc, String table) {
		String waiting = MYSQL ? "SELECT COUNT(*) FROM information_schema.INNODB_TRX WHERE trx_state = 'LOCK WAIT'"
				: "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE SESSION_ID <> SESSION_ID()"
						+ " AND (BLOCKER_ID IS NOT NULL OR UPPER(EXECUTING_STATEMENT) LIKE '%INSERT INTO "
						+ table.toUpperCase(Locale.ROOT) + " %')";
		return jdbc.sql(waiting).query(Long.class).single() > 0;
	}

	/**
	 * Registers the shared test context's database: H2 in memory, or the MySQL database
	 * of {@code GRATITUDE_TEST_MYSQL_URL}, recreated empty before the first context
	 * starts.
	 */
	static void registerShared(DynamicPropertyRegistry registry) {
		if (!MYSQL) {
			registry.add("spring.datasource.url",
					() -> "jdbc:h2:mem:gratitude-it;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
			return;
		}
		String url = recreateShared();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", TestDatabase::user);
		registry.add("spring.datasource.password", TestDatabase::password);
	}

	/**
	 * Command-line arguments that put an application a test starts on its own on the
	 * database {@code name}: the H2 database at {@code h2Url}, or on MySQL a database of
	 * its own, created on first use (the same {@code name} gives the same database again,
	 * for restarts).
	 */
	public static List<String> arguments(String name, String h2Url) {
		return MYSQL ? mysqlArguments(name) : List.of("--spring.datasource.url=" + h2Url);
	}

	/**
	 * Like {@link #arguments(String, String)}, but leaves an H2 run on the application's
	 * default database (the H2 file under {@code gratitude.data-dir}).
	 */
	public static List<String> arguments(String name) {
		return MYSQL ? mysqlArguments(name) : List.of();
	}

	private static List<String> mysqlArguments(String name) {
		String url = mysqlDatabase(name);
		return List.of("--spring.datasource.url=" + url, "--spring.datasource.username=" + user(),
				"--spring.datasource.password=" + password());
	}

	private static synchronized String recreateShared() {
		Matcher url = parsedUrl();
		String database = url.group(2);
		if (!sharedReady) {
			if (!database.equals("test") && !database.startsWith("test_") && !database.endsWith("_test")) {
				throw new IllegalStateException("The tests drop and recreate database '" + database
						+ "' of GRATITUDE_TEST_MYSQL_URL; its name must be 'test', 'test_…' or '…_test' so that a real"
						+ " database is never wiped");
			}
			execute("DROP DATABASE IF EXISTS `" + database + "`", "CREATE DATABASE `" + database + "`");
			sharedReady = true;
		}
		return url.group(0);
	}

	/**
	 * The URL of a MySQL database of its own for {@code name}, created empty on first use
	 * with the server's default character set and collation; dropped when the JVM exits.
	 */
	public static synchronized String mysqlDatabase(String name) {
		Matcher url = parsedUrl();
		String tag = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z].*$", "");
		tag = tag.substring(0, Math.min(tag.length(), 12));
		String hash = UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString().substring(0, 8);
		String database = url.group(2) + "_" + tag + "_" + hash;
		if (database.length() > 64) {
			throw new IllegalStateException("Database name too long for MySQL: " + database);
		}
		if (!created.contains(database)) {
			execute("CREATE DATABASE IF NOT EXISTS `" + database + "`");
			if (created.isEmpty()) {
				Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropCreated));
			}
			created.add(database);
		}
		return url.group(1) + "/" + database + ((url.group(3) != null) ? url.group(3) : "");
	}

	private static synchronized void dropCreated() {
		execute(created.stream().map(database -> "DROP DATABASE IF EXISTS `" + database + "`").toArray(String[]::new));
	}

	private static void execute(String... statements) {
		try (Connection connection = DriverManager.getConnection(parsedUrl().group(1) + "/", user(), password());
				Statement statement = connection.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("MySQL test database at " + parsedUrl().group(1) + ": " + ex.getMessage()
					+ " (set GRATITUDE_TEST_MYSQL_URL, _USER, _PASSWORD)", ex);
		}
	}

	private static Matcher parsedUrl() {
		String url = setting("GRATITUDE_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test");
		Matcher matcher = MYSQL_URL.matcher(url);
		if (!matcher.matches()) {
			throw new IllegalStateException(
					"GRATITUDE_TEST_MYSQL_URL must look like jdbc:mysql://host:port/database[?parameters], not " + url);
		}
		return matcher;
	}

	/** The MySQL user of the tests. */
	public static String user() {
		return setting("GRATITUDE_TEST_MYSQL_USER", "root");
	}

	/** The MySQL password of the tests. */
	public static String password() {
		return setting("GRATITUDE_TEST_MYSQL_PASSWORD", "");
	}

	private static String setting(String name, String defaultValue) {
		String value = System.getenv(name);
		return (value != null) ? value : defaultValue;
	}

	private static boolean requested(String profiles) {
		return profiles != null && Arrays.stream(profiles.split(",")).map(String::trim).anyMatch("mysql"::equals);
	}

}
