package io.gratitude.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gratitude.system.Page;
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

	private static final int DAYS_OF_A_LEAP_YEAR = 366;

	private static final String DATED_CONTACTS = """
			SELECT c.id, c.relationship, c.time_zone, d.kind, d.date_month, d.date_day, d.date_year, d.label
			FROM significant_date d JOIN contact c ON c.id = d.contact_id
			WHERE d.partner_id = :partner AND d.kind = :kind""";

	/** The external reference of an erased contact: this prefix and its id. */
	static final String ERASED_PREFIX = "erased-";

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

	/**
	 * The partner's contacts with these external references, with their dates, by
	 * reference.
	 */
	Map<String, Contact> findByRefs(long partnerId, List<String> externalRefs) {
		if (externalRefs.isEmpty()) {
			return Map.of();
		}
		List<Contact> found = this.jdbc
			.sql("SELECT " + COLUMNS + " FROM contact WHERE partner_id = :partner AND external_ref IN (:refs)")
			.param("partner", partnerId)
			.param("refs", externalRefs)
			.query(this::map)
			.list();
		Map<String, Contact> byRef = new HashMap<>();
		withDates(found).forEach(c -> byRef.put(c.externalRef(), c));
		return byRef;
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
	 * The partner's contacts with these ids, with their dates, by id: two queries per
	 * hundred ids (H2 checks each row found against the whole IN list again, so a list of
	 * n ids costs about n²).
	 */
	public Map<Long, Contact> findByIds(long partnerId, Collection<Long> ids) {
		List<Long> all = List.copyOf(ids);
		Map<Long, Contact> byId = new HashMap<>();
		for (int from = 0; from < all.size(); from += 100) {
			List<Contact> found = this.jdbc
				.sql("SELECT " + COLUMNS + " FROM contact WHERE partner_id = :partner AND id IN (:ids)")
				.param("partner", partnerId)
				.param("ids", all.subList(from, Math.min(from + 100, all.size())))
				.query(this::map)
				.list();
			withDates(found).forEach(c -> byId.put(c.id(), c));
		}
		return byId;
	}

	/**
	 * The partner's contacts (not erased) who are clients since this day, with their
	 * dates, at most {@code limit} of them, by id; and how many there are in all (the
	 * staff digest's "new clients yesterday").
	 */
	public Page<Contact> findClientsSince(long partnerId, LocalDate day, int limit) {
		List<Contact> found = this.jdbc.sql("SELECT " + COLUMNS + " " + """
				FROM contact WHERE partner_id = ? AND relationship = 'CLIENT' AND client_since = ?
				AND erased_at IS NULL ORDER BY id LIMIT ?""").params(partnerId, day, limit).query(this::map).list();
		long total = this.jdbc.sql("""
				SELECT COUNT(*) FROM contact WHERE partner_id = ? AND relationship = 'CLIENT' AND client_since = ?
				AND erased_at IS NULL""").params(partnerId, day).query(Long.class).single();
		return new Page<>(withDates(found), 0, limit, total);
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
		if (monthDays.size() >= DAYS_OF_A_LEAP_YEAR) {
			// Every day of the year (check-ins): one read of the (partner, kind) range,
			// not one per month.
			return this.jdbc.sql(DATED_CONTACTS + " AND c.erased_at IS NULL")
				.param("partner", partnerId)
				.param("kind", kind.name())
				.query(Contacts::datedContact)
				.list();
		}
		// One query per month keeps the IN list short and the index range tight.
		List<DatedContact> found = new ArrayList<>();
		Map<Integer, List<Integer>> daysByMonth = new LinkedHashMap<>();
		monthDays.forEach(
				md -> daysByMonth.computeIfAbsent(md.getMonthValue(), m -> new ArrayList<>()).add(md.getDayOfMonth()));
		daysByMonth.forEach((month, days) -> found.addAll(this.jdbc
			.sql(DATED_CONTACTS + " AND d.date_month = :month AND d.date_day IN (:days) AND c.erased_at IS NULL")
			.param("partner", partnerId)
			.param("kind", kind.name())
			.param("month", month)
			.param("days", days)
			.query(Contacts::datedContact)
			.list()));
		return found;
	}

	private static DatedContact datedContact(ResultSet rs, int row) throws SQLException {
		return new DatedContact(rs.getLong("id"), Relationship.valueOf(rs.getString("relationship")),
				rs.getString("time_zone"), date(rs));
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

	/**
	 * What a contact list may be narrowed to; null means "any".
	 *
	 * @param text matched case-insensitively anywhere in the names, the email or the
	 * external reference
	 * @param monthDays only contacts with a significant date on one of these days of the
	 * year, each written {@code month * 100 + day} (1225 for 25 December)
	 */
	public record Filter(@Nullable Relationship relationship, @Nullable String text, @Nullable Boolean optedOut,
			boolean erased, @Nullable Collection<Integer> monthDays) {

		public Filter(@Nullable Relationship relationship, @Nullable String text, @Nullable Boolean optedOut,
				boolean erased) {
			this(relationship, text, optedOut, erased, null);
		}

	}

	/**
	 * One page of the partner's contacts matching {@code filter}, ordered by external
	 * reference, with their dates and the total.
	 */
	public Page<Contact> findPage(long partnerId, Filter filter, Page.Request request) {
		return new Page<>(find(partnerId, filter, request), request.page(), request.size(), count(partnerId, filter));
	}

	/**
	 * One page of the partner's contacts matching {@code filter}, ordered by external
	 * reference then id, with their dates (read in one query for the page).
	 */
	List<Contact> find(long partnerId, Filter filter, Page.Request page) {
		List<Contact> found = filtered("SELECT " + COLUMNS, partnerId, filter,
				" ORDER BY external_ref, id LIMIT :limit OFFSET :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.query(this::map)
			.list();
		return withDates(found);
	}

	/** The contacts with their dates, read in one query. */
	private List<Contact> withDates(List<Contact> found) {
		if (found.isEmpty()) {
			return found;
		}
		Map<Long, List<SignificantDate>> dates = new HashMap<>();
		this.jdbc.sql("""
				SELECT contact_id, kind, date_month, date_day, date_year, label FROM significant_date
				WHERE contact_id IN (:ids) ORDER BY kind, label""")
			.param("ids", found.stream().map(Contact::id).toList())
			.query((rs, row) -> Map.entry(rs.getLong("contact_id"), date(rs)))
			.list()
			.forEach(dated -> dates.computeIfAbsent(dated.getKey(), id -> new ArrayList<>()).add(dated.getValue()));
		return found.stream().map(c -> withDateList(c, dates.getOrDefault(c.id(), List.of()))).toList();
	}

	/** How many of the partner's contacts match {@code filter}. */
	long count(long partnerId, Filter filter) {
		return filtered("SELECT COUNT(*)", partnerId, filter, "").query(Long.class).single();
	}

	private JdbcClient.StatementSpec filtered(String select, long partnerId, Filter filter, String tail) {
		StringBuilder sql = new StringBuilder(select)
			.append(" FROM contact WHERE partner_id = :partner AND erased_at IS ")
			.append(filter.erased() ? "NOT NULL" : "NULL");
		if (filter.relationship() != null) {
			sql.append(" AND relationship = :relationship");
		}
		if (filter.optedOut() != null) {
			sql.append(filter.optedOut() ? " AND opted_out_at IS NOT NULL" : " AND opted_out_at IS NULL");
		}
		if (filter.text() != null) {
			// '!' as the LIKE escape: a backslash means different things in H2 and MySQL
			// string literals.
			sql.append(" AND ").append("""
					(LOWER(email) LIKE LOWER(:text) ESCAPE '!' OR LOWER(first_name) LIKE LOWER(:text) ESCAPE '!'
					      OR LOWER(last_name) LIKE LOWER(:text) ESCAPE '!'
					      OR LOWER(CONCAT(first_name, ' ', last_name)) LIKE LOWER(:text) ESCAPE '!'
					      OR LOWER(external_ref) LIKE LOWER(:text) ESCAPE '!')""");
		}
		boolean byDate = filter.monthDays() != null;
		if (byDate && filter.monthDays().isEmpty()) {
			sql.append(" AND 1 = 0");
			byDate = false;
		}
		else if (byDate) {
			sql.append(" AND EXISTS (SELECT 1 FROM significant_date d WHERE d.contact_id = contact.id")
				.append(" AND d.date_month * 100 + d.date_day IN (:monthDays))");
		}
		JdbcClient.StatementSpec spec = this.jdbc.sql(sql.append(tail).toString()).param("partner", partnerId);
		if (filter.relationship() != null) {
			spec = spec.param("relationship", filter.relationship().name());
		}
		if (filter.text() != null) {
			String escaped = filter.text().replace("!", "!!").replace("%", "!%").replace("_", "!_");
			spec = spec.param("text", "%" + escaped + "%");
		}
		if (byDate) {
			spec = spec.param("monthDays", List.copyOf(filter.monthDays()));
		}
		return spec;
	}

	/**
	 * Stores a date, replacing the contact's date of the same kind and label.
	 * @return whether the date is new
	 */
	boolean putDate(long partnerId, long contactId, SignificantDate date) {
		int updated = this.jdbc.sql("""
				UPDATE significant_date SET date_month = ?, date_day = ?, date_year = ?
				WHERE contact_id = ? AND kind = ? AND label = ?""")
			.params(date.month(), date.day(), date.year(), contactId, date.kind().name(), date.label())
			.update();
		if (updated > 0) {
			return false;
		}
		this.jdbc.sql("""
				INSERT INTO significant_date (partner_id, contact_id, kind, label, date_month, date_day, date_year)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(partnerId, contactId, date.kind().name(), date.label(), date.month(), date.day(), date.year())
			.update();
		return true;
	}

	/**
	 * Deletes the contact's date of this kind and label.
	 * @return whether there was one
	 */
	boolean deleteDate(long contactId, DateKind kind, String label) {
		return this.jdbc.sql("DELETE FROM significant_date WHERE contact_id = ? AND kind = ? AND label = ?")
			.params(contactId, kind.name(), label)
			.update() > 0;
	}

	/**
	 * Removes the contact's personal data: email, names, zone, locale, client-since date,
	 * attributes and significant dates. The external reference becomes
	 * {@code erased-<id>}; {@code refHash} remembers the old one without keeping it.
	 */
	void erase(long partnerId, long contactId, String refHash, Instant now) {
		this.jdbc.sql("DELETE FROM significant_date WHERE contact_id = ?").param(contactId).update();
		this.jdbc
			.sql("""
					UPDATE contact SET external_ref = ?, email = NULL, first_name = NULL, last_name = NULL, time_zone = NULL,
					                   locale = NULL, client_since = NULL, attributes = NULL, erased_ref_hash = ?,
					                   erased_at = ?, updated_at = ?
					WHERE partner_id = ? AND id = ?""")
			.params(ERASED_PREFIX + contactId, refHash, now.toEpochMilli(), now.toEpochMilli(), partnerId, contactId)
			.update();
		// A sale's reference names who bought; the history keeps that a sale did it.
		this.jdbc.sql(
				"UPDATE relationship_change SET actor = 'sale' WHERE partner_id = ? AND contact_id = ? AND actor LIKE 'sale:%'")
			.params(partnerId, contactId)
			.update();
	}

	/**
	 * Whether the partner erased a contact whose reference had this keyed hash (or, on a
	 * row not upgraded yet, this plain one).
	 */
	boolean isErasedRef(long partnerId, String refHash, String legacyRefHash) {
		return this.jdbc.sql("SELECT COUNT(*) FROM contact WHERE partner_id = ? AND erased_ref_hash IN (?, ?)")
			.params(partnerId, refHash, legacyRefHash)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * The erased contacts still keeping a plain (unkeyed) hash of their old reference.
	 */
	Map<Long, String> unkeyedErasedRefs() {
		Map<Long, String> found = new LinkedHashMap<>();
		this.jdbc.sql(
				"SELECT id, erased_ref_hash FROM contact WHERE erased_ref_hash IS NOT NULL AND erased_ref_hash NOT LIKE 'k1:%'")
			.query((rs, row) -> found.put(rs.getLong("id"), rs.getString("erased_ref_hash")))
			.list();
		return found;
	}

	/** Replaces one erased contact's plain reference hash by its keyed one. */
	void upgradeErasedRef(long contactId, String unkeyed, String keyed) {
		this.jdbc.sql("UPDATE contact SET erased_ref_hash = ? WHERE id = ? AND erased_ref_hash = ?")
			.params(keyed, contactId, unkeyed)
			.update();
	}

	private Contact withDates(Contact contact) {
		return withDateList(contact, this.jdbc.sql("""
				SELECT kind, date_month, date_day, date_year, label FROM significant_date
				WHERE contact_id = ? ORDER BY kind, label""").param(contact.id()).query((rs, row) -> date(rs)).list());
	}

	private static Contact withDateList(Contact contact, List<SignificantDate> dates) {
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
