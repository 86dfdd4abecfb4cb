package io.gratitude.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The contact store: contacts and their significant dates. Every finder is scoped to a
 * partner.
 */
@Repository
public class Contacts {

	private static final String COLUMNS = "id, partner_id, external_ref, email, first_name, last_name, relationship, time_zone, locale, client_since, attributes, opted_out_at, erased_at";

	private static final TypeReference<LinkedHashMap<String, String>> ATTRIBUTES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	Contacts(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The partner's contact with this external reference, with its dates. */
	public Optional<Contact> findByRef(long partnerId, String externalRef) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE partner_id = ? AND external_ref = ?")
			.params(partnerId, externalRef)
			.query(this::map)
			.optional()
			.map(this::withDates);
	}

	/** The partner's contact with this id, with its dates. */
	public Optional<Contact> findById(long partnerId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM contact WHERE partner_id = ? AND id = ?")
			.params(partnerId, id)
			.query(this::map)
			.optional()
			.map(this::withDates);
	}

	/**
	 * A partner's significant dates of one kind on any of the given (month, day) pairs,
	 * joined with what planning needs of their contacts. Erased contacts are left out.
	 * Reads the (partner_id, kind, date_month, date_day) index, never a scan of contacts.
	 */
	public List<DatedContact> findDatedContacts(long partnerId, DateKind kind, Collection<MonthDay> monthDays) {
		if (monthDays.isEmpty()) {
			return List.of();
		}
		List<DatedContact> found = new ArrayList<>();
		// One query per month keeps the IN list short and the index range tight.
		Map<Integer, List<Integer>> daysByMonth = new LinkedHashMap<>();
		monthDays.forEach(
				md -> daysByMonth.computeIfAbsent(md.getMonthValue(), m -> new ArrayList<>()).add(md.getDayOfMonth()));
		daysByMonth.forEach((month, days) -> found.addAll(this.jdbc.sql("""
				SELECT c.id, c.relationship, c.time_zone, d.kind, d.date_month, d.date_day, d.date_year, d.label
				FROM significant_date d JOIN contact c ON c.id = d.contact_id
				WHERE d.partner_id = :partner AND d.kind = :kind AND d.date_month = :month AND d.date_day IN (:days)
				  AND c.erased_at IS NULL""")
			.param("partner", partnerId)
			.param("kind", kind.name())
			.param("month", month)
			.param("days", days)
			.query((rs, row) -> new DatedContact(rs.getLong("id"), Relationship.valueOf(rs.getString("relationship")),
					rs.getString("time_zone"), date(rs)))
			.list()));
		return found;
	}

	/** A contact and one of its dates, as planning sees them. */
	public record DatedContact(long contactId, Relationship relationship, @Nullable String timeZone,
			SignificantDate date) {
	}

	long insert(long partnerId, ContactData data, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				INSERT INTO contact (partner_id, external_ref, email, first_name, last_name, relationship, time_zone,
				                     locale, client_since, attributes, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(partnerId, data.externalRef(), data.email(), data.firstName(), data.lastName(),
					data.relationship().name(), data.timeZone(), data.locale(), data.clientSince(),
					this.json.writeValueAsString(data.attributes()), now.toEpochMilli(), now.toEpochMilli())
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	void update(long contactId, ContactData data, Instant now) {
		this.jdbc
			.sql("""
					UPDATE contact SET email = ?, first_name = ?, last_name = ?, relationship = ?, time_zone = ?, locale = ?,
					                   client_since = ?, attributes = ?, updated_at = ?
					WHERE id = ?""")
			.params(data.email(), data.firstName(), data.lastName(), data.relationship().name(), data.timeZone(),
					data.locale(), data.clientSince(), this.json.writeValueAsString(data.attributes()),
					now.toEpochMilli(), contactId)
			.update();
	}

	void replaceDates(long partnerId, long contactId, List<SignificantDate> dates) {
		this.jdbc.sql("DELETE FROM significant_date WHERE contact_id = ?").param(contactId).update();
		for (SignificantDate date : dates) {
			this.jdbc.sql("""
					INSERT INTO significant_date (partner_id, contact_id, kind, label, date_month, date_day, date_year)
					VALUES (?, ?, ?, ?, ?, ?, ?)""")
				.params(partnerId, contactId, date.kind().name(), date.label(), date.month(), date.day(), date.year())
				.update();
		}
	}

	int setOptedOut(long partnerId, long contactId, @Nullable Instant at) {
		return this.jdbc.sql("UPDATE contact SET opted_out_at = ? WHERE partner_id = ? AND id = ?")
			.params((at != null) ? at.toEpochMilli() : null, partnerId, contactId)
			.update();
	}

	private Contact withDates(Contact contact) {
		List<SignificantDate> dates = this.jdbc.sql("""
				SELECT kind, date_month, date_day, date_year, label FROM significant_date
				WHERE contact_id = ? ORDER BY kind, label""").param(contact.id()).query((rs, row) -> date(rs)).list();
		return new Contact(contact.id(), contact.partnerId(), contact.externalRef(), contact.email(),
				contact.firstName(), contact.lastName(), contact.relationship(), contact.timeZone(), contact.locale(),
				contact.clientSince(), contact.attributes(), contact.optedOutAt(), contact.erasedAt(), dates);
	}

	private static SignificantDate date(ResultSet rs) throws SQLException {
		int storedYear = rs.getInt("date_year");
		Integer year = rs.wasNull() ? null : storedYear;
		return new SignificantDate(DateKind.valueOf(rs.getString("kind")), rs.getInt("date_month"),
				rs.getInt("date_day"), year, rs.getString("label"));
	}

	private Contact map(ResultSet rs, int row) throws SQLException {
		String attributes = rs.getString("attributes");
		return new Contact(rs.getLong("id"), rs.getLong("partner_id"), rs.getString("external_ref"),
				rs.getString("email"), rs.getString("first_name"), rs.getString("last_name"),
				Relationship.valueOf(rs.getString("relationship")), rs.getString("time_zone"), rs.getString("locale"),
				rs.getObject("client_since", LocalDate.class),
				(attributes != null) ? this.json.readValue(attributes, ATTRIBUTES) : Map.of(),
				instant(rs, "opted_out_at"), instant(rs, "erased_at"), List.of());
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

}
