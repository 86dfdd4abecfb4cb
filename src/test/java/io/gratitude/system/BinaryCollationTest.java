package io.gratitude.system;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.gratitude.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * On MySQL and MariaDB, whose default collations ignore case and accents, Gratitude's
 * tables still compare text exactly, as on H2. Runs with {@code -Pmysql} only.
 */
@Tag("mysql")
class BinaryCollationTest {

	@Test
	void anEmptyDatabaseGetsABinaryCollationSoThatRefsDifferingOnlyInCaseOrAccentsAreTwoContacts() throws SQLException {
		String url = databaseIgnoringCase();

		migrate(url, true);

		assertThat(strings(url,
				"""
						SELECT DISTINCT COLLATION_NAME FROM information_schema.COLUMNS
						WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME <> 'flyway_schema_history' AND COLLATION_NAME IS NOT NULL"""))
			.isNotEmpty()
			.allSatisfy(collation -> assertThat(collation).startsWith("utf8mb4_").endsWith("_bin"));
		execute(url,
				"""
						INSERT INTO partner (id, name, sender_email, sender_name, time_zone, window_start, window_end, created_at)
						VALUES (1, 'Shop', 'shop@example.com', 'Shop', 'UTC', '09:00:00', '18:00:00', 0)""");
		for (String ref : List.of("A-1", "a-1", "Jose", "José", "😀")) {
			execute(url, """
					INSERT INTO contact (partner_id, external_ref, relationship, created_at, updated_at)
					VALUES (1, '%s', 'CUSTOMER', 0, 0)""".formatted(ref));
		}
		assertThat(strings(url, "SELECT external_ref FROM contact WHERE external_ref = 'a-1'")).containsExactly("a-1");
		assertThat(strings(url, "SELECT external_ref FROM contact ORDER BY id")).containsExactly("A-1", "a-1", "Jose",
				"José", "😀");
	}

	@Test
	void aDatabaseWhoseTablesIgnoreCaseIsRefusedNamingTheColumns() throws SQLException {
		String url = databaseIgnoringCase();
		// An installation made without the check: every table ignores case.
		migrate(url, false);

		assertThatThrownBy(() -> migrate(url, true)).hasStackTraceContaining("contact.external_ref utf8mb4_general_ci")
			.hasStackTraceContaining("CONVERT TO CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
	}

	private static String databaseIgnoringCase() throws SQLException {
		String url = TestDatabase.mysqlDatabase("collation-" + UUID.randomUUID());
		execute(url, "ALTER DATABASE CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
		return url;
	}

	private static void migrate(String url, boolean checked) {
		var configuration = Flyway.configure()
			.dataSource(url, TestDatabase.user(), TestDatabase.password())
			.locations("classpath:db/migration");
		if (checked) {
			configuration.callbacks(new BinaryCollation());
		}
		configuration.load().migrate();
	}

	private static void execute(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static List<String> strings(String url, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, TestDatabase.user(), TestDatabase.password());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			List<String> values = new ArrayList<>();
			while (rows.next()) {
				values.add(rows.getString(1));
			}
			return values;
		}
	}

}
