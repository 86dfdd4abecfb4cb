package io.gratitude.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Makes MySQL and MariaDB compare text as H2 does: exactly. Their default collations
 * ignore case and accents, so a partner's contacts "A-1" and "a-1", or two sales "ORD-é"
 * and "ORD-e", would collide on the unique keys that tell them apart. Before Flyway
 * migrates, this sets the database's default to a binary utf8mb4 collation (so that every
 * table the migrations create compares exactly and stores any character); a database
 * whose Gratitude tables already compare otherwise is refused with the way to convert
 * them, as starting on it would merge people. Does nothing on other databases.
 */
@Component
class BinaryCollation implements Callback {

	private static final Logger log = LoggerFactory.getLogger(BinaryCollation.class);

	/**
	 * Binary utf8mb4 collations, best first: the NO PAD ones keep trailing spaces too.
	 */
	private static final List<String> PREFERRED = List.of("utf8mb4_0900_bin", "utf8mb4_nopad_bin", "utf8mb4_bin");

	@Override
	public boolean supports(Event event, Context context) {
		return event == Event.BEFORE_MIGRATE || event == Event.BEFORE_EACH_MIGRATE;
	}

	@Override
	public boolean canHandleInTransaction(Event event, Context context) {
		return true;
	}

	@Override
	public String getCallbackName() {
		return "binary-collation";
	}

	@Override
	public void handle(Event event, Context context) {
		Connection connection = context.getConnection();
		try {
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			if (!product.contains("mysql") && !product.contains("mariadb")) {
				return;
			}
			if (event == Event.BEFORE_MIGRATE) {
				ensureBinary(connection, context.getConfiguration().getTable());
			}
			else {
				useCurrentDefault(connection);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not check the database's collation: " + ex.getMessage(), ex);
		}
	}

	private static void ensureBinary(Connection connection, String historyTable) throws SQLException {
		String database = single(connection, "SELECT DATABASE()");
		List<String> inexact = strings(connection, """
				SELECT CONCAT(TABLE_NAME, '.', COLUMN_NAME, ' ', COLLATION_NAME) FROM information_schema.COLUMNS
				WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> ? AND COLLATION_NAME IS NOT NULL
				  AND (CHARACTER_SET_NAME <> 'utf8mb4' OR RIGHT(COLLATION_NAME, 4) <> '_bin')
				ORDER BY TABLE_NAME, COLUMN_NAME""", historyTable);
		if (!inexact.isEmpty()) {
			throw new IllegalStateException("Database '" + database + "' has text columns that do not compare exactly "
					+ "(case- or accent-insensitive collation, or not utf8mb4): " + String.join(", ", inexact)
					+ ". Gratitude needs a binary utf8mb4 collation, as on H2. Convert the tables"
					+ " (SET foreign_key_checks = 0, then for each table ALTER TABLE <table>"
					+ " CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin), or start on a new database.");
		}
		String current = single(connection,
				"SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()");
		if (isBinary(current)) {
			return;
		}
		String collation = preferredCollation(connection);
		try (Statement statement = connection.createStatement()) {
			statement.execute("ALTER DATABASE " + quoted(database) + " CHARACTER SET utf8mb4 COLLATE " + collation);
		}
		log.info("Database '{}': default collation {} changed to {}, so that text compares exactly", database, current,
				collation);
	}

	/**
	 * Migrations run on a connection of their own, opened before the default changed, and
	 * a MariaDB session creates tables with the default its database had when the session
	 * selected it (selecting it again is a no-op): selecting another database and back
	 * makes the migration's tables take the binary default.
	 */
	private static void useCurrentDefault(Connection connection) throws SQLException {
		String session = single(connection, "SELECT @@collation_database");
		String current = single(connection,
				"SELECT DEFAULT_COLLATION_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = DATABASE()");
		if (!session.equals(current)) {
			String database = single(connection, "SELECT DATABASE()");
			try (Statement statement = connection.createStatement()) {
				statement.execute("USE information_schema");
				statement.execute("USE " + quoted(database));
			}
		}
	}

	private static boolean isBinary(String collation) {
		return collation.startsWith("utf8mb4_") && collation.endsWith("_bin");
	}

	private static String quoted(String identifier) {
		return "`" + identifier.replace("`", "``") + "`";
	}

	private static String preferredCollation(Connection connection) throws SQLException {
		List<String> available = strings(connection,
				"SELECT COLLATION_NAME FROM information_schema.COLLATIONS WHERE CHARACTER_SET_NAME = 'utf8mb4'");
		return PREFERRED.stream().filter(available::contains).findFirst().orElse("utf8mb4_bin");
	}

	private static String single(Connection connection, String sql) throws SQLException {
		List<String> values = strings(connection, sql);
		if (values.size() != 1 || values.get(0) == null) {
			throw new IllegalStateException("No answer to " + sql + " (is a database named in the JDBC URL?)");
		}
		return values.get(0);
	}

	private static List<String> strings(Connection connection, String sql, String... params) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				statement.setString(i + 1, params[i]);
			}
			List<String> values = new ArrayList<>();
			try (ResultSet rows = statement.executeQuery()) {
				while (rows.next()) {
					values.add(rows.getString(1));
				}
			}
			return values;
		}
	}

}
