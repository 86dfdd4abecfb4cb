package io.gratitude.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MariaDB or MySQL server the cluster tests run against, the one of the MySQL suite:
 * {@code GRATITUDE_TEST_MYSQL_URL} (default {@code jdbc:mysql://127.0.0.1:3306/test}),
 * {@code GRATITUDE_TEST_MYSQL_USER} (root) and {@code GRATITUDE_TEST_MYSQL_PASSWORD}
 * (empty). Each test gets a database of its own next to the suite's, named after it
 * ({@code test_cluster_kill}, …) and created empty.
 */
final class MariaDb {

	private static final Matcher URL = parse(env("GRATITUDE_TEST_MYSQL_URL", "jdbc:mysql://127.0.0.1:3306/test"));

	static final String HOST = URL.group(1);

	static final int PORT = (URL.group(2) != null) ? Integer.parseInt(URL.group(2)) : 3306;

	private static final String SUITE_DATABASE = URL.group(3);

	static final String USER = env("GRATITUDE_TEST_MYSQL_USER", "root");

	static final String PASSWORD = env("GRATITUDE_TEST_MYSQL_PASSWORD", "");

	private MariaDb() {
	}

	/** A JDBC URL for {@code database} on {@code host:port}. */
	static String url(String host, int port, String database) {
		return "jdbc:mysql://" + host + ":" + port + "/" + database
				+ "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000";
	}

	/**
	 * Drops and creates the test's database, {@code <suite database>_<name>}: a test
	 * starts from nothing.
	 * @return its name
	 */
	static String recreate(String name) throws SQLException {
		String database = SUITE_DATABASE + "_" + name;
		if (!database.matches("[A-Za-z0-9_]+")) {
			throw new IllegalArgumentException(database);
		}
		try (Connection connection = DriverManager.getConnection(url(HOST, PORT, ""), USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS `" + database + "`");
			statement.execute("CREATE DATABASE `" + database + "`");
		}
		return database;
	}

	/** A connection to {@code database}, directly (not through a test's proxy). */
	static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(url(HOST, PORT, database), USER, PASSWORD);
	}

	private static Matcher parse(String url) {
		Matcher matcher = Pattern.compile("^jdbc:mysql://([^/:?]+)(?::(\\d+))?/([A-Za-z0-9_]+)(\\?.*)?$").matcher(url);
		if (!matcher.matches()) {
			throw new IllegalStateException(
					"GRATITUDE_TEST_MYSQL_URL is not jdbc:mysql://host[:port]/database: " + url);
		}
		return matcher;
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
