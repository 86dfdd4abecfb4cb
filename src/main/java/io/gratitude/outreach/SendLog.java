package io.gratitude.outreach;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import io.gratitude.system.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.jdbc.support.MetaDataAccessException;
import org.springframework.stereotype.Repository;

/**
 * The send log: what staff and the API read of the outreach table (the filtered, paged
 * log; one row and its attempts; the CSV export in keyset chunks; counts by program,
 * status and time slice; what is pending and upcoming). Read-only: every write goes
 * through {@link OutreachQueue}. Always scoped by partner.
 */
@Repository
public class SendLog {

	private static final String COLUMNS = OutreachQueue.COLUMNS;

	private final JdbcClient jdbc;

	SendLog(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** A partner's outreach, newest due first, optionally by status and contact. */
	public List<Listed> find(long partnerId, @Nullable OutreachStatus status, @Nullable String contactRef,
			Page.Request page) {
		return find(partnerId, Filter.of(status, contactRef), page);
	}

	/** How many of the partner's outreach rows match. */
	public long count(long partnerId, @Nullable OutreachStatus status, @Nullable String contactRef) {
		return count(partnerId, Filter.of(status, contactRef));
	}

	/**
	 * What the send log is filtered by; every part is optional. Ranges include their
	 * start and exclude their end ({@code dueFrom <= due_at < dueTo}).
	 */
	public record Filter(@Nullable OutreachStatus status, @Nullable String contactRef, @Nullable String programKey,
			@Nullable Instant dueFrom, @Nullable Instant dueTo, @Nullable Instant sentFrom, @Nullable Instant sentTo,
			@Nullable String contactText) {

		/** A filter without the console's contact search. */
		public Filter(@Nullable OutreachStatus status, @Nullable String contactRef, @Nullable String programKey,
				@Nullable Instant dueFrom, @Nullable Instant dueTo, @Nullable Instant sentFrom,
				@Nullable Instant sentTo) {
			this(status, contactRef, programKey, dueFrom, dueTo, sentFrom, sentTo, null);
		}

		public static Filter of(@Nullable OutreachStatus status, @Nullable String contactRef) {
			return new Filter(status, contactRef, null, null, null, null, null);
		}

	}

	/** A partner's outreach matching the filter, newest due first. */
	public List<Listed> find(long partnerId, Filter filter, Page.Request page) {
		return filtered("SELECT " + COLUMNS + ", p.program_key, c.external_ref", partnerId, filter,
				" ORDER BY o.due_at DESC, o.id DESC LIMIT :limit OFFSET :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.query(SendLog::listed)
			.list();
	}

	/** How many of the partner's outreach rows match the filter. */
	public long count(long partnerId, Filter filter) {
		return filtered("SELECT COUNT(*)", partnerId, filter, "").query(Long.class).single();
	}

	/** The partner's outreach with this id: another partner's is as absent as none. */
	public Optional<Listed> findOne(long partnerId, long id) {
		return filtered("SELECT " + COLUMNS + ", p.program_key, c.external_ref", partnerId, Filter.of(null, null),
				" AND o.id = :id")
			.param("id", id)
			.query(SendLog::listed)
			.optional();
	}

	/**
	 * A chunk of the export: the rows matching the filter after {@code afterId}, by id,
	 * each with its number of attempts. Keyset paging on the immutable id: an export read
	 * chunk by chunk while the queue moves never repeats nor skips a row.
	 */
	public List<Exported> exportChunk(long partnerId, Filter filter, long afterId, int limit) {
		return filtered("SELECT " + COLUMNS
				+ ", p.program_key, c.external_ref, (SELECT COUNT(*) FROM attempt a WHERE a.outreach_id = o.id) AS attempts",
				partnerId, filter, " AND o.id > :after ORDER BY o.id LIMIT :limit")
			.param("after", afterId)
			.param("limit", limit)
			.query((rs, row) -> new Exported(listed(rs, row), rs.getInt("attempts")))
			.list();
	}

	/** A row of the export. */
	public record Exported(Listed listed, int attempts) {
	}

	/**
	 * How many of the partner's rows due in [from, to) are in each status, by program.
	 */
	public List<Counted> countByProgramAndStatus(long partnerId, Instant from, Instant to) {
		return this.jdbc.sql("""
				SELECT p.program_key, o.status, COUNT(*) AS n
				FROM outreach o JOIN program p ON p.id = o.program_id
				WHERE o.partner_id = ? AND o.due_at >= ? AND o.due_at < ?
				GROUP BY p.program_key, o.status""")
			.params(partnerId, from.toEpochMilli(), to.toEpochMilli())
			.query((rs, row) -> new Counted(rs.getString("program_key"), OutreachStatus.valueOf(rs.getString("status")),
					rs.getLong("n")))
			.list();
	}

	/** A count of the stats. */
	public record Counted(String programKey, OutreachStatus status, long count) {
	}

	/**
	 * The partner's rows still waiting to be sent (SCHEDULED or RETRY) due in [from, to),
	 * by due time; reads the (partner, due) index.
	 */
	public List<Listed> findPending(long partnerId, Instant from, Instant to) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", p.program_key, c.external_ref" + """

				FROM outreach o JOIN program p ON p.id = o.program_id JOIN contact c ON c.id = o.contact_id
				WHERE o.partner_id = ? AND o.due_at >= ? AND o.due_at < ? AND o.status IN ('SCHEDULED', 'RETRY')
				ORDER BY o.due_at, o.id""")
			.params(partnerId, from.toEpochMilli(), to.toEpochMilli())
			.query(SendLog::listed)
			.list();
	}

	/**
	 * When each of the partner's contacts was last sent a message after {@code after}:
	 * the forecast's starting point for the frequency cap.
	 */
	public Map<Long, Instant> lastSentAfter(long partnerId, Instant after) {
		Map<Long, Instant> last = new HashMap<>();
		this.jdbc.sql("""
				SELECT contact_id, MAX(sent_at) AS last_sent FROM outreach
				WHERE partner_id = ? AND status = 'SENT' AND sent_at > ? GROUP BY contact_id""")
			.params(partnerId, after.toEpochMilli())
			.query((rs, row) -> Map.entry(rs.getLong("contact_id"), Instant.ofEpochMilli(rs.getLong("last_sent"))))
			.list()
			.forEach(entry -> last.put(entry.getKey(), entry.getValue()));
		return last;
	}

	/** A waiting outreach as the console lists it: when, for what and for whom. */
	public record Upcoming(long id, Instant dueAt, String occasion, String programKey, String contactRef,
			String contactName) {
	}

	/** The program's next SCHEDULED outreach, soonest first, at most {@code limit}. */
	public List<Upcoming> nextScheduled(long partnerId, long programId, int limit) {
		return this.jdbc.sql("""
				SELECT o.id, o.due_at, o.occasion, p.program_key, c.external_ref, c.first_name, c.last_name, c.email
				FROM outreach o JOIN program p ON p.id = o.program_id JOIN contact c ON c.id = o.contact_id
				WHERE o.partner_id = ? AND o.program_id = ? AND o.status = 'SCHEDULED'
				ORDER BY o.due_at, o.id LIMIT ?""").params(partnerId, programId, limit).query((rs, row) -> {
			String first = rs.getString("first_name");
			String last = rs.getString("last_name");
			String name = (((first != null) ? first : "") + " " + ((last != null) ? last : "")).strip();
			String email = rs.getString("email");
			String ref = rs.getString("external_ref");
			return new Upcoming(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("due_at")), rs.getString("occasion"),
					rs.getString("program_key"), ref, !name.isEmpty() ? name : (email != null) ? email : ref);
		}).list();
	}

	private JdbcClient.StatementSpec filtered(String select, long partnerId, Filter filter, String tail) {
		StringBuilder sql = new StringBuilder(select).append("""

				FROM outreach o JOIN program p ON p.id = o.program_id JOIN contact c ON c.id = o.contact_id
				WHERE o.partner_id = :partner""");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("partner", partnerId);
		if (filter.status() != null) {
			sql.append(" AND o.status = :status");
			params.put("status", filter.status().name());
		}
		if (filter.contactRef() != null) {
			sql.append(" AND c.external_ref = :contactRef");
			params.put("contactRef", filter.contactRef());
		}
		if (filter.programKey() != null) {
			sql.append(" AND p.program_key = :programKey");
			params.put("programKey", filter.programKey());
		}
		if (filter.dueFrom() != null) {
			sql.append(" AND o.due_at >= :dueFrom");
			params.put("dueFrom", filter.dueFrom().toEpochMilli());
		}
		if (filter.dueTo() != null) {
			sql.append(" AND o.due_at < :dueTo");
			params.put("dueTo", filter.dueTo().toEpochMilli());
		}
		if (filter.sentFrom() != null) {
			sql.append(" AND o.sent_at >= :sentFrom");
			params.put("sentFrom", filter.sentFrom().toEpochMilli());
		}
		if (filter.sentTo() != null) {
			sql.append(" AND o.sent_at < :sentTo");
			params.put("sentTo", filter.sentTo().toEpochMilli());
		}
		if (filter.contactText() != null) {
			// The console's contact search: the exact reference, or part of the email or
			// name. '!' as the LIKE escape, as in Contacts.
			sql.append(" AND (c.external_ref = :contactText OR LOWER(c.email) LIKE LOWER(:contactLike) ESCAPE '!'")
				.append(" OR LOWER(CONCAT(COALESCE(c.first_name, ''), ' ', COALESCE(c.last_name, '')))")
				.append(" LIKE LOWER(:contactLike) ESCAPE '!')");
			params.put("contactText", filter.contactText());
			params.put("contactLike",
					"%" + filter.contactText().replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
		}
		return this.jdbc.sql(sql.append(tail).toString()).params(params);
	}

	/** An outreach with the keys the API shows. */
	public record Listed(Outreach outreach, String programKey, String contactRef) {
	}

	private static Listed listed(ResultSet rs, int row) throws SQLException {
		return new Listed(OutreachQueue.map(rs, row), rs.getString("program_key"), rs.getString("external_ref"));
	}

	/** The attempts of an outreach, oldest first. */
	public List<Attempt> attempts(long outreachId) {
		return this.jdbc.sql("""
				SELECT attempted_at, node, outcome, smtp_code, smtp_reply, duration_ms FROM attempt
				WHERE outreach_id = ? ORDER BY id""").param(outreachId).query((rs, row) -> {
			int code = rs.getInt("smtp_code");
			Integer smtpCode = rs.wasNull() ? null : code;
			return new Attempt(Instant.ofEpochMilli(rs.getLong("attempted_at")), rs.getString("node"),
					rs.getString("outcome"), smtpCode, rs.getString("smtp_reply"), rs.getLong("duration_ms"));
		}).list();
	}

	/**
	 * The partner's next {@code limit} messages waiting to be sent (SCHEDULED or RETRY),
	 * soonest first: the console's "upcoming" list.
	 */
	public List<Listed> findUpcoming(long partnerId, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", p.program_key, c.external_ref" + """

				FROM outreach o JOIN program p ON p.id = o.program_id JOIN contact c ON c.id = o.contact_id
				WHERE o.partner_id = ? AND o.status IN ('SCHEDULED', 'RETRY')
				ORDER BY o.due_at, o.id LIMIT ?""").params(partnerId, limit).query(SendLog::listed).list();
	}

	/**
	 * How many of the partner's messages were sent in [from, to), by program and by slice
	 * of {@code sliceMillis} (from the epoch): grouped in SQL so that the answer's size
	 * follows the period, not the number of messages. A slice of 15 minutes fits every
	 * time zone's offset, so callers can sum slices into local days.
	 */
	public List<SentSlice> countSentBySlice(long partnerId, Instant from, Instant to, long sliceMillis) {
		// The slice is a number of ours, written into the statement so that the grouped
		// expression is the selected one, word for word.
		String slice = "FLOOR(o.sent_at / " + sliceMillis + ")";
		return this.jdbc.sql("SELECT p.program_key, " + slice + " AS slice, COUNT(*) AS n" + """

				FROM outreach o JOIN program p ON p.id = o.program_id
				WHERE o.partner_id = :partner AND o.status = 'SENT' AND o.sent_at >= :from AND o.sent_at < :to
				GROUP BY p.program_key, """ + slice)
			.param("partner", partnerId)
			.param("from", from.toEpochMilli())
			.param("to", to.toEpochMilli())
			.query((rs, row) -> new SentSlice(rs.getString("program_key"),
					Instant.ofEpochMilli(rs.getLong("slice") * sliceMillis), rs.getLong("n")))
			.list();
	}

	/** Messages of a program sent in the slice starting at {@code start}. */
	public record SentSlice(String programKey, Instant start, long count) {
	}

}
