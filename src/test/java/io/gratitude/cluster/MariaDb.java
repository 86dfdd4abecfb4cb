package io.gratitude.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The MariaDB or MySQL server the cluster tests run against: 127.0.0.1:3306, user root,
 * empty password unless {@code GRATITUDE_TEST_MYSQL_HOST}, {@code _PORT}, {@code _USER}
 * and {@code _PASSWORD} say otherwise. Each test gets a database of its own, created
 * empty.
 */
final class MariaDb {

	static final String HOST = env("GRATITUDE_TEST_MYSQL_HOST", "127.0.0.1");

	static final int PORT = Integer.parseInt(env("GRATITUDE_TEST_MYSQL_PORT", "3306"));

	static final String USER = env("GRATITUDE_TEST_MYSQL_USER", "root");

	static final String PASSWORD = env("GRATITUDE_TEST_MYSQL_PASSWORD", "");

	private MariaDb() {
	}

	/** A JDBC URL for {@code database} on {@code host:port}. */
	static String url(String host, int port, String database) {
		return "jdbc:mysql://" + host + ":" + port + "/" + database
				+ "?useSSL=false&allowPublicKeyRetrieval=true&connectTimeout=5000";
	}

	/** Drops and creates {@code database}: a test starts from nothing. */
	static void recreate(String database) throws SQLException {
		if (!database.matches("[a-z0-9_]+")) {
			throw new IllegalArgumentException(database);
		}
		try (Connection connection = DriverManager.getConnection(url(HOST, PORT, ""), USER, PASSWORD);
				Statement statement = connection.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + database);
			statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
		}
	}

	/** A connection to {@code database}, directly (not through a test's proxy). */
	static Connection connect(String database) throws SQLException {
		return DriverManager.getConnection(url(HOST, PORT, database), USER, PASSWORD);
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
