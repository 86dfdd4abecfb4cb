package io.gratitude.outreach;

import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The template editor's contact picker: a few of the partner's contacts (never erased
 * ones) whose name, email or reference contains what staff typed. Read here because the
 * contact module offers no search (as {@link PreviewModels} reads the latest sale).
 */
@Repository
class ContactChoices {

	private final JdbcClient jdbc;

	ContactChoices(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A contact to preview with: its reference, a display name and its email. */
	record Choice(String ref, String name, @Nullable String email) {
	}

	/**
	 * Up to {@code limit} matching contacts of the partner, by name; empty query: the
	 * first ones.
	 */
	List<Choice> search(long partnerId, String query, int limit) {
		String like = "%"
				+ query.strip().toLowerCase(Locale.ROOT).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
		return this.jdbc.sql("""
				SELECT external_ref, first_name, last_name, email FROM contact
				WHERE partner_id = ? AND erased_at IS NULL
				  AND (LOWER(external_ref) LIKE ? ESCAPE '!' OR LOWER(COALESCE(email, '')) LIKE ? ESCAPE '!'
				       OR LOWER(COALESCE(first_name, '')) LIKE ? ESCAPE '!'
				       OR LOWER(COALESCE(last_name, '')) LIKE ? ESCAPE '!'
				       OR LOWER(CONCAT(COALESCE(first_name, ''), ' ', COALESCE(last_name, ''))) LIKE ? ESCAPE '!')
				ORDER BY first_name, last_name, external_ref
				LIMIT ?""").params(partnerId, like, like, like, like, like, limit).query((rs, row) -> {
			String first = rs.getString("first_name");
			String last = rs.getString("last_name");
			String name = ((first != null ? first : "") + " " + (last != null ? last : "")).strip();
			return new Choice(rs.getString("external_ref"), name.isEmpty() ? rs.getString("external_ref") : name,
					rs.getString("email"));
		}).list();
	}

}
