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
 * The outreach table: the queue and the send log in one. Plain SQL; every status change
 * is a guarded update (expected status and, while SENDING, the claiming node) so a row
 * can never be moved by two workers or backwards.
 */
@Repository
class OutreachQueue {

	private static final String COLUMNS = "o.id, o.partner_id, o.program_id, o.contact_id, o.occasion, o.occasion_date, o.sale_id, o.status, o.due_at, o.expires_at, o.attempt_count, o.sent_at, o.message_id, o.reason, o.last_reply";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	/**
	 * Whether a locking read stops locking at its {@code LIMIT}, as InnoDB's does. H2's
	 * locks every row the condition matches before the limit applies: a whole backlog,
	 * and as long to release.
	 */
	private final boolean lockingReadsStopAtLimit;

	OutreachQueue(JdbcClient jdbc, JdbcTemplate batch, DataSource dataSource) {
		this.jdbc = jdbc;
		this.batch = batch;
		this.lockingReadsStopAtLimit = !"H2".equalsIgnoreCase(productName(dataSource));
	}

	private static String productName(DataSource dataSource) {
		try {
			return JdbcUtils.extractDatabaseMetaData(dataSource, DatabaseMetaData::getDatabaseProductName);
		}
		catch (MetaDataAccessException ex) {
			throw new IllegalStateException("cannot tell which database this is", ex);
		}
	}

	/**
	 * Stores the outreach unless one exists for the same (program, contact, occasion);
	 * idempotent. The unique key in the schema is the guarantee; the NOT EXISTS only
	 * spares the exception.
	 * @return whether a row was inserted
	 */
	boolean planIfAbsent(NewOutreach o, Instant now) {
		try {
			return this.jdbc
				.sql("""
						INSERT INTO outreach (partner_id, program_id, contact_id, occasion, occasion_date, sale_id, status,
						                      reason, due_at, expires_at, message_id, created_at, updated_at)
						SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? FROM (SELECT 1 AS one) x
						WHERE NOT EXISTS (SELECT 1 FROM outreach WHERE program_id = ? AND contact_id = ? AND occasion = ?)""")
				.params(o.partnerId(), o.programId(), o.contactId(), o.occasion(), o.occasionDate(), o.saleId(),
						o.status().name(), (o.reason() != null) ? o.reason().code() : null, o.dueAt().toEpochMilli(),
						o.expiresAt().toEpochMilli(), o.messageId(), now.toEpochMilli(), now.toEpochMilli(),
						o.programId(), o.contactId(), o.occasion())
				.update() == 1;
		}
		catch (DuplicateKeyException ex) {
			return false;
		}
	}

	/**
	 * Stores outreach for occasions that cannot have been planned before, with one JDBC
	 * batch (one multi-row INSERT on MySQL with {@code rewriteBatchedStatements}), in the
	 * caller's transaction: no NOT EXISTS probe per row. Should one exist after all, the
	 * unique key fails the batch with a {@link DuplicateKeyException} and the caller's
	 * transaction rolls back; nothing is stored twice.
	 */
	void insertNew(List<NewOutreach> rows, Instant now) {
		if (rows.isEmpty()) {
			return;
		}
		List<Object[]> args = new ArrayList<>(rows.size());
		for (NewOutreach o : rows) {
			args.add(new Object[] { o.partnerId(), o.programId(), o.contactId(), o.occasion(), o.occasionDate(),
					o.saleId(), o.status().name(), (o.reason() != null) ? o.reason().code() : null,
					o.dueAt().toEpochMilli(), o.expiresAt().toEpochMilli(), o.messageId(), now.toEpochMilli(),
					now.toEpochMilli() });
		}
		this.batch.batchUpdate(
				"""
						INSERT INTO outreach (partner_id, program_id, contact_id, occasion, occasion_date, sale_id, status, reason,
						                      due_at, expires_at, message_id, created_at, updated_at)
						VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
				args);
	}

	/**
	 * Whether any row is due: one probe of the (status, due) index, so that a round with
	 * nothing to send costs one query and takes no lock.
	 */
	boolean anyDue(Instant now) {
		return !this.jdbc.sql("""
				SELECT id FROM outreach WHERE status IN ('SCHEDULED', 'RETRY') AND due_at <= ? LIMIT 1""")
			.param(now.toEpochMilli())
			.query(Long.class)
			.list()
			.isEmpty();
	}

	/**
	 * Waits for this claim's turn: locks the one {@code claim_turn} row until the
	 * transaction ends, so claims on every worker and node run one after the other. Must
	 * run in a transaction, before the claim reads anything.
	 * @return the partner id the previous claim's window of partners ended with
	 */
	long awaitClaimTurn() {
		return this.jdbc.sql("SELECT after_partner_id FROM claim_turn WHERE id = 1 FOR UPDATE")
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("claim_turn has no row: is the V8 migration applied?"));
	}

	/** Records where this claim's window of partners ended, for the next claim. */
	void passClaimTurn(long afterPartnerId) {
		this.jdbc.sql("UPDATE claim_turn SET after_partner_id = ? WHERE id = 1").param(afterPartnerId).update();
	}

	/**
	 * A partner with due rows, and its own messages-per-minute limit (null: the default).
	 */
	record DuePartner(long partnerId, @Nullable Integer maxPerMinute) {
	}

	/**
	 * Up to {@code limit} partners with due rows, by id, starting after
	 * {@code afterPartnerId} and wrapping round to the lowest ids. Reads each partner's
	 * limit from the partner table; each EXISTS is one probe of the (partner, status,
	 * due) index, so the cost follows the number of partners, not the size of a backlog.
	 */
	List<DuePartner> duePartners(Instant now, long afterPartnerId, int limit) {
		List<DuePartner> window = new ArrayList<>(duePartners(now, "p.id > ?", afterPartnerId, limit));
		if (window.size() < limit) {
			window.addAll(duePartners(now, "p.id <= ?", afterPartnerId, limit - window.size()));
		}
		return window;
	}

	private List<DuePartner> duePartners(Instant now, String range, long afterPartnerId, int limit) {
		return this.jdbc.sql("SELECT p.id, p.max_per_minute FROM partner p WHERE " + range + """

				  AND EXISTS (SELECT 1 FROM outreach o WHERE o.partner_id = p.id AND o.status IN ('SCHEDULED', 'RETRY')
				              AND o.due_at <= ?)
				ORDER BY p.id LIMIT ?""")
			.params(afterPartnerId, now.toEpochMilli(), limit)
			.query((rs, row) -> new DuePartner(rs.getLong("id"), rs.getObject("max_per_minute", Integer.class)))
			.list();
	}

	/**
	 * How much of their rate each partner has used: its messages sent after {@code since}
	 * (whatever became of them since, e.g. a later bounce) plus its rows in flight
	 * (SENDING). Partners with neither are left out.
	 */
	Map<Long, Integer> rateUsed(Collection<Long> partnerIds, Instant since) {
		Map<Long, Integer> used = new HashMap<>();
		this.jdbc.sql("""
				SELECT partner_id, COUNT(*) AS n FROM outreach WHERE partner_id IN (:partners) AND sent_at > :since
				GROUP BY partner_id
				UNION ALL
				SELECT partner_id, COUNT(*) AS n FROM outreach WHERE partner_id IN (:partners) AND status = 'SENDING'
				GROUP BY partner_id""")
			.param("partners", partnerIds)
			.param("since", since.toEpochMilli())
			.query((rs, row) -> Map.entry(rs.getLong("partner_id"), rs.getInt("n")))
			.list()
			.forEach(count -> used.merge(count.getKey(), count.getValue(), Integer::sum));
		return used;
	}

	/**
	 * Claims up to {@code limit} of the partner's due rows for {@code node}, oldest due
	 * first: SENDING with a lease. Must run in a transaction, in the claim's turn
	 * ({@link #awaitClaimTurn()}). One range per status, each read in due order from the
	 * (partner, status, due) index so that it stops at the limit: an {@code IN} over both
	 * would sort, and on InnoDB lock, the partner's whole backlog. The order names the
	 * index's leading columns too: H2 does not see that they are fixed, and would sort
	 * the backlog otherwise.
	 * <p>
	 * On MySQL and MariaDB the read is {@code FOR UPDATE SKIP LOCKED}: it neither waits
	 * for nor takes rows another transaction holds. On H2, whose locking read would lock
	 * the whole backlog, the read takes no lock and the update claims only the rows still
	 * waiting; as claims take turns, those it updated are the ones it read back as this
	 * node's, SENDING.
	 * @return the ids claimed
	 */
	List<Long> claimDue(long partnerId, Instant now, int limit, String node, Duration lease) {
		record Due(long id, long dueAt) {
		}
		String lock = this.lockingReadsStopAtLimit ? " FOR UPDATE SKIP LOCKED" : "";
		List<Due> due = new ArrayList<>();
		for (OutreachStatus waiting : List.of(OutreachStatus.SCHEDULED, OutreachStatus.RETRY)) {
			due.addAll(this.jdbc.sql("""
					SELECT id, due_at FROM outreach WHERE partner_id = ? AND status = ? AND due_at <= ?
					ORDER BY partner_id, status, due_at LIMIT ?""" + lock)
				.params(partnerId, waiting.name(), now.toEpochMilli(), limit)
				.query((rs, row) -> new Due(rs.getLong("id"), rs.getLong("due_at")))
				.list());
		}
		List<Long> ids = due.stream()
			.sorted(Comparator.comparingLong(Due::dueAt).thenComparingLong(Due::id))
			.limit(limit)
			.map(Due::id)
			.toList();
		if (ids.isEmpty()) {
			return ids;
		}
		int claimed = this.jdbc.sql("""
				UPDATE outreach SET status = 'SENDING', claimed_by = :node, lease_until = :lease,
				       attempt_count = attempt_count + 1, version = version + 1, updated_at = :now
				WHERE id IN (:ids) AND status IN ('SCHEDULED', 'RETRY')""")
			.param("node", node)
			.param("lease", now.plus(lease).toEpochMilli())
			.param("now", now.toEpochMilli())
			.param("ids", ids)
			.update();
		if (claimed == ids.size()) {
			return ids;
		}
		// Some changed since they were read (cancelled, held): only those now this
		// node's.
		List<Long> ours = this.jdbc.sql("""
				SELECT id FROM outreach WHERE id IN (:ids) AND status = 'SENDING' AND claimed_by = :node
				  AND lease_until = :lease""")
			.param("ids", ids)
			.param("node", node)
			.param("lease", now.plus(lease).toEpochMilli())
			.query(Long.class)
			.list();
		return ids.stream().filter(ours::contains).toList();
	}

	/** The rows this node holds in SENDING among {@code ids}. */
	List<Outreach> findClaimed(List<Long> ids, String node) {
		if (ids.isEmpty()) {
			return List.of();
		}
		return this.jdbc.sql("SELECT " + COLUMNS
				+ " FROM outreach o WHERE o.id IN (:ids) AND o.status = 'SENDING' AND o.claimed_by = :node ORDER BY o.due_at")
			.param("ids", ids)
			.param("node", node)
			.query(OutreachQueue::map)
			.list();
	}

	/**
	 * Moves a row this node holds in SENDING to a final or waiting status.
	 * @param locale the template variant the message was rendered with ({@code ""} the
	 * base), recorded for the send log; null when it was not rendered, keeping what an
	 * earlier attempt recorded
	 */
	boolean release(long id, String node, OutreachStatus target, Instant now, @Nullable Instant sentAt,
			@Nullable Instant dueAt, @Nullable SkipReason reason, @Nullable String reply, @Nullable String locale) {
		OutreachStatus.SENDING.require(target);
		return this.jdbc
			.sql("""
					UPDATE outreach SET status = ?, sent_at = COALESCE(?, sent_at), due_at = COALESCE(?, due_at), reason = ?,
					       last_reply = COALESCE(?, last_reply), locale = COALESCE(?, locale), claimed_by = NULL,
					       lease_until = NULL, version = version + 1, updated_at = ?
					WHERE id = ? AND status = 'SENDING' AND claimed_by = ?""")
			.params(target.name(), (sentAt != null) ? sentAt.toEpochMilli() : null,
					(dueAt != null) ? dueAt.toEpochMilli() : null, (reason != null) ? reason.code() : null, reply,
					locale, now.toEpochMilli(), id, node)
			.update() == 1;
	}

	/** Records one delivery try. */
	void recordAttempt(long outreachId, Instant at, String node, String outcome, int smtpCode, String reply,
			long durationMs) {
		this.jdbc.sql("""
				INSERT INTO attempt (outreach_id, attempted_at, node, outcome, smtp_code, smtp_reply, duration_ms)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(outreachId, at.toEpochMilli(), node, outcome, (smtpCode > 0) ? smtpCode : null, reply, durationMs)
			.update();
	}

	/**
	 * Returns rows whose lease ran out (their node died or hung) to RETRY, due at once. A
	 * message that did reach the server before the crash is sent again with the same
	 * Message-ID.
	 */
	int recoverExpiredLeases(Instant now) {
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'RETRY', claimed_by = NULL, lease_until = NULL, version = version + 1,
				       updated_at = ?
				WHERE status = 'SENDING' AND lease_until < ?""")
			.params(now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	/**
	 * Cancels a contact's pending rows of a program whose occasion is no longer planned.
	 */
	int cancelPending(long programId, long contactId, List<String> keepOccasions, SkipReason reason, Instant now) {
		String keep = keepOccasions.isEmpty() ? "" : " AND occasion NOT IN (:keep)";
		var spec = this.jdbc.sql("""
				UPDATE outreach SET status = 'CANCELLED', reason = :reason, version = version + 1, updated_at = :now
				WHERE program_id = :program AND contact_id = :contact AND status IN ('SCHEDULED', 'RETRY')""" + keep)
			.param("reason", reason.code())
			.param("now", now.toEpochMilli())
			.param("program", programId)
			.param("contact", contactId);
		if (!keepOccasions.isEmpty()) {
			spec = spec.param("keep", keepOccasions);
		}
		return spec.update();
	}

	/**
	 * {@link #cancelPending} of every one of these programs and contacts, keeping
	 * nothing: an update per hundred contacts (H2 checks each row found against the whole
	 * IN list again, so a list of n costs about n²).
	 * @return how many rows were cancelled
	 */
	int cancelPending(Collection<Long> programIds, Collection<Long> contactIds, SkipReason reason, Instant now) {
		if (programIds.isEmpty()) {
			return 0;
		}
		List<Long> contacts = List.copyOf(contactIds);
		int cancelled = 0;
		for (int from = 0; from < contacts.size(); from += 100) {
			cancelled += this.jdbc
				.sql("""
						UPDATE outreach SET status = 'CANCELLED', reason = :reason, version = version + 1, updated_at = :now
						WHERE program_id IN (:programs) AND contact_id IN (:contacts) AND status IN ('SCHEDULED', 'RETRY')""")
				.param("reason", reason.code())
				.param("now", now.toEpochMilli())
				.param("programs", List.copyOf(programIds))
				.param("contacts", contacts.subList(from, Math.min(from + 100, contacts.size())))
				.update();
		}
		return cancelled;
	}

	/**
	 * When each of the partner's contacts was last sent a message (any program), for
	 * those ever sent one: one grouped pass over the partner's sent rows.
	 */
	Map<Long, Instant> lastSentAt(long partnerId) {
		Map<Long, Instant> last = new HashMap<>();
		this.jdbc.sql("""
				SELECT contact_id, MAX(sent_at) AS last_at FROM outreach
				WHERE partner_id = ? AND status = 'SENT' GROUP BY contact_id""").param(partnerId).query((rs) -> {
			last.put(rs.getLong("contact_id"), Instant.ofEpochMilli(rs.getLong("last_at")));
		});
		return last;
	}

	/**
	 * When each of these contacts was last sent a message (any program), for those ever
	 * sent one; read a thousand contacts at a time through the (partner, sent) index's
	 * partner range.
	 */
	Map<Long, Instant> lastSentAt(long partnerId, Collection<Long> contactIds) {
		Map<Long, Instant> last = new HashMap<>();
		List<Long> ids = List.copyOf(contactIds);
		for (int from = 0; from < ids.size(); from += 1000) {
			this.jdbc
				.sql("""
						SELECT contact_id, MAX(sent_at) AS last_at FROM outreach
						WHERE partner_id = :partner AND status = 'SENT' AND contact_id IN (:contacts) GROUP BY contact_id""")
				.param("partner", partnerId)
				.param("contacts", ids.subList(from, Math.min(from + 1000, ids.size())))
				.query((rs, row) -> Map.entry(rs.getLong("contact_id"), Instant.ofEpochMilli(rs.getLong("last_at"))))
				.list()
				.forEach(e -> last.put(e.getKey(), e.getValue()));
		}
		return last;
	}

	/** A partner's outreach, newest due first, optionally by status and contact. */
	List<Listed> find(long partnerId, @Nullable OutreachStatus status, @Nullable String contactRef, Page.Request page) {
		return find(partnerId, Filter.of(status, contactRef), page);
	}

	/** How many of the partner's outreach rows match. */
	long count(long partnerId, @Nullable OutreachStatus status, @Nullable String contactRef) {
		return count(partnerId, Filter.of(status, contactRef));
	}

	/**
	 * What the send log is filtered by; every part is optional. Ranges include their
	 * start and exclude their end ({@code dueFrom <= due_at < dueTo}).
	 */
	record Filter(@Nullable OutreachStatus status, @Nullable String contactRef, @Nullable String programKey,
			@Nullable Instant dueFrom, @Nullable Instant dueTo, @Nullable Instant sentFrom, @Nullable Instant sentTo,
			@Nullable String contactText) {

		/** A filter without the console's contact search. */
		Filter(@Nullable OutreachStatus status, @Nullable String contactRef, @Nullable String programKey,
				@Nullable Instant dueFrom, @Nullable Instant dueTo, @Nullable Instant sentFrom,
				@Nullable Instant sentTo) {
			this(status, contactRef, programKey, dueFrom, dueTo, sentFrom, sentTo, null);
		}

		static Filter of(@Nullable OutreachStatus status, @Nullable String contactRef) {
			return new Filter(status, contactRef, null, null, null, null, null);
		}

	}

	/** A partner's outreach matching the filter, newest due first. */
	List<Listed> find(long partnerId, Filter filter, Page.Request page) {
		return filtered("SELECT " + COLUMNS + ", p.program_key, c.external_ref", partnerId, filter,
				" ORDER BY o.due_at DESC, o.id DESC LIMIT :limit OFFSET :offset")
			.param("limit", page.size())
			.param("offset", page.offset())
			.query(OutreachQueue::listed)
			.list();
	}

	/** How many of the partner's outreach rows match the filter. */
	long count(long partnerId, Filter filter) {
		return filtered("SELECT COUNT(*)", partnerId, filter, "").query(Long.class).single();
	}

	/** The partner's outreach with this id: another partner's is as absent as none. */
	Optional<Listed> findOne(long partnerId, long id) {
		return filtered("SELECT " + COLUMNS + ", p.program_key, c.external_ref", partnerId, Filter.of(null, null),
				" AND o.id = :id")
			.param("id", id)
			.query(OutreachQueue::listed)
			.optional();
	}

	/**
	 * A chunk of the export: the rows matching the filter after {@code afterId}, by id,
	 * each with its number of attempts. Keyset paging on the immutable id: an export read
	 * chunk by chunk while the queue moves never repeats nor skips a row.
	 */
	List<Exported> exportChunk(long partnerId, Filter filter, long afterId, int limit) {
		return filtered("SELECT " + COLUMNS
				+ ", p.program_key, c.external_ref, (SELECT COUNT(*) FROM attempt a WHERE a.outreach_id = o.id) AS attempts",
				partnerId, filter, " AND o.id > :after ORDER BY o.id LIMIT :limit")
			.param("after", afterId)
			.param("limit", limit)
			.query((rs, row) -> new Exported(listed(rs, row), rs.getInt("attempts")))
			.list();
	}

	/** A row of the export. */
	record Exported(Listed listed, int attempts) {
	}

	/**
	 * How many of the partner's rows due in [from, to) are in each status, by program.
	 */
	List<Counted> countByProgramAndStatus(long partnerId, Instant from, Instant to) {
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
	record Counted(String programKey, OutreachStatus status, long count) {
	}

	/**
	 * The partner's rows still waiting to be sent (SCHEDULED or RETRY) due in [from, to),
	 * by due time; reads the (partner, due) index.
	 */
	List<Listed> findPending(long partnerId, Instant from, Instant to) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", p.program_key, c.external_ref" + """

				FROM outreach o JOIN program p ON p.id = o.program_id JOIN contact c ON c.id = o.contact_id
				WHERE o.partner_id = ? AND o.due_at >= ? AND o.due_at < ? AND o.status IN ('SCHEDULED', 'RETRY')
				ORDER BY o.due_at, o.id""")
			.params(partnerId, from.toEpochMilli(), to.toEpochMilli())
			.query(OutreachQueue::listed)
			.list();
	}

	/**
	 * Which of these (contact, occasion) pairs of a program already have a row, in any
	 * status: the unique key planning respects. Reads that key's index.
	 * @return the pairs found, as {@code contactId + "|" + occasion}
	 */
	Set<String> existingOccasions(long programId, Collection<Long> contactIds, Collection<String> occasions) {
		if (contactIds.isEmpty() || occasions.isEmpty()) {
			return Set.of();
		}
		Set<String> found = new HashSet<>();
		this.jdbc.sql("""
				SELECT contact_id, occasion FROM outreach
				WHERE program_id = :program AND contact_id IN (:contacts) AND occasion IN (:occasions)""")
			.param("program", programId)
			.param("contacts", contactIds)
			.param("occasions", occasions)
			.query((rs, row) -> rs.getLong("contact_id") + "|" + rs.getString("occasion"))
			.list()
			.forEach(found::add);
		return found;
	}

	/**
	 * What the frequency cap weighs for these contacts of the partner, by contact id,
	 * read in one statement so that a message moving from waiting to SENT meanwhile is
	 * seen as one or the other, never neither: their messages sent after
	 * {@code sentAfter}, and those waiting (or being sent) due before {@code dueBefore}.
	 * Contacts with neither are left out. Reads the (partner, contact) index: as pairs,
	 * since H2 uses only an index's first column for {@code partner_id = ? AND contact_id
	 * IN (…)}.
	 */
	Map<Long, List<CapEntry>> capEntries(long partnerId, Collection<Long> contactIds, Instant sentAfter,
			Instant dueBefore) {
		Map<Long, List<CapEntry>> entries = new HashMap<>();
		if (contactIds.isEmpty()) {
			return entries;
		}
		this.jdbc.sql("""
				SELECT o.id, o.contact_id, o.status, o.due_at, o.sent_at, o.occasion, p.priority, p.program_key
				FROM outreach o JOIN program p ON p.id = o.program_id
				WHERE (o.partner_id, o.contact_id) IN (:contacts)
				  AND ((o.status = 'SENT' AND o.sent_at > :sentAfter)
				    OR (o.status IN ('SCHEDULED', 'RETRY', 'SENDING') AND o.due_at < :dueBefore))""")
			.param("contacts", pairs(partnerId, contactIds))
			.param("sentAfter", sentAfter.toEpochMilli())
			.param("dueBefore", dueBefore.toEpochMilli())
			.query((rs, row) -> {
				boolean sent = "SENT".equals(rs.getString("status"));
				return new CapEntry(rs.getLong("id"), rs.getLong("contact_id"),
						sent ? Instant.ofEpochMilli(rs.getLong("sent_at")) : null,
						new SendRules.Ranked(rs.getInt("priority"), Instant.ofEpochMilli(rs.getLong("due_at")),
								rs.getString("program_key"), rs.getString("occasion")));
			})
			.list()
			.forEach(entry -> entries.computeIfAbsent(entry.contactId(), id -> new ArrayList<>()).add(entry));
		return entries;
	}

	/** (partner, id) pairs for a row-value {@code IN}. */
	static List<Object[]> pairs(long partnerId, Collection<?> ids) {
		return ids.stream().map(id -> new Object[] { partnerId, id }).toList();
	}

	/**
	 * A message the frequency cap weighs: sent at {@code sentAt}, or (null) waiting to be
	 * sent, ranked as {@code ranked}.
	 */
	record CapEntry(long outreachId, long contactId, @Nullable Instant sentAt, SendRules.Ranked ranked) {
	}

	/**
	 * What the frequency cap weighs for one message: its contact's other messages among
	 * {@code entries}.
	 */
	static CapView capView(List<CapEntry> entries, long exceptId) {
		Instant lastSent = null;
		List<SendRules.Ranked> waiting = new ArrayList<>();
		for (CapEntry entry : entries) {
			if (entry.outreachId() == exceptId) {
				continue;
			}
			Instant sent = entry.sentAt();
			if (sent != null) {
				lastSent = (lastSent == null || sent.isAfter(lastSent)) ? sent : lastSent;
			}
			else {
				waiting.add(entry.ranked());
			}
		}
		return new CapView(lastSent, waiting);
	}

	/**
	 * What the frequency cap weighs for one contact.
	 *
	 * @param lastSent when it was last sent a message, within the period looked at
	 * @param waiting its other messages waiting to be sent
	 */
	record CapView(@Nullable Instant lastSent, List<SendRules.Ranked> waiting) {
	}

	/**
	 * When each of the partner's contacts was last sent a message after {@code after}:
	 * the forecast's starting point for the frequency cap.
	 */
	Map<Long, Instant> lastSentAfter(long partnerId, Instant after) {
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

	/** The reason stored when a partner cancels an outreach over the API. */
	static final String CANCELLED_BY_PARTNER = "cancelled_by_partner";

	/**
	 * Cancels the partner's outreach if it is still waiting (SCHEDULED or RETRY): a
	 * guarded update, so a row a dispatcher has just claimed, or one already final, is
	 * never touched.
	 * @return whether it was cancelled
	 */
	boolean cancelByPartner(long partnerId, long id, Instant now) {
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'CANCELLED', reason = ?, version = version + 1, updated_at = ?
				WHERE id = ? AND partner_id = ? AND status IN ('SCHEDULED', 'RETRY')""")
			.params(CANCELLED_BY_PARTNER, now.toEpochMilli(), id, partnerId)
			.update() == 1;
	}

	/** A waiting outreach as the console lists it: when, for what and for whom. */
	record Upcoming(long id, Instant dueAt, String occasion, String programKey, String contactRef, String contactName) {
	}

	/** The program's next SCHEDULED outreach, soonest first, at most {@code limit}. */
	List<Upcoming> nextScheduled(long partnerId, long programId, int limit) {
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
	record Listed(Outreach outreach, String programKey, String contactRef) {
	}

	private static Listed listed(ResultSet rs, int row) throws SQLException {
		return new Listed(map(rs, row), rs.getString("program_key"), rs.getString("external_ref"));
	}

	/** The attempts of an outreach, oldest first. */
	List<Attempt> attempts(long outreachId) {
		return this.jdbc.sql("""
				SELECT attempted_at, node, outcome, smtp_code, smtp_reply, duration_ms FROM attempt
				WHERE outreach_id = ? ORDER BY id""").param(outreachId).query((rs, row) -> {
			int code = rs.getInt("smtp_code");
			Integer smtpCode = rs.wasNull() ? null : code;
			return new Attempt(Instant.ofEpochMilli(rs.getLong("attempted_at")), rs.getString("node"),
					rs.getString("outcome"), smtpCode, rs.getString("smtp_reply"), rs.getLong("duration_ms"));
		}).list();
	}

	private static Outreach map(ResultSet rs, int row) throws SQLException {
		long sale = rs.getLong("sale_id");
		Long saleId = rs.wasNull() ? null : sale;
		long sent = rs.getLong("sent_at");
		Instant sentAt = rs.wasNull() ? null : Instant.ofEpochMilli(sent);
		return new Outreach(rs.getLong("id"), rs.getLong("partner_id"), rs.getLong("program_id"),
				rs.getLong("contact_id"), rs.getString("occasion"), rs.getObject("occasion_date", LocalDate.class),
				saleId, OutreachStatus.valueOf(rs.getString("status")), Instant.ofEpochMilli(rs.getLong("due_at")),
				Instant.ofEpochMilli(rs.getLong("expires_at")), rs.getInt("attempt_count"), sentAt,
				rs.getString("message_id"), rs.getString("reason"), rs.getString("last_reply"));
	}

	/**
	 * The partner's next {@code limit} messages waiting to be sent (SCHEDULED or RETRY),
	 * soonest first: the console's "upcoming" list.
	 */
	List<Listed> findUpcoming(long partnerId, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + ", p.program_key, c.external_ref" + """

				FROM outreach o JOIN program p ON p.id = o.program_id JOIN contact c ON c.id = o.contact_id
				WHERE o.partner_id = ? AND o.status IN ('SCHEDULED', 'RETRY')
				ORDER BY o.due_at, o.id LIMIT ?""").params(partnerId, limit).query(OutreachQueue::listed).list();
	}

	/**
	 * How many of the partner's messages were sent in [from, to), by program and by slice
	 * of {@code sliceMillis} (from the epoch): grouped in SQL so that the answer's size
	 * follows the period, not the number of messages. A slice of 15 minutes fits every
	 * time zone's offset, so callers can sum slices into local days.
	 */
	List<SentSlice> countSentBySlice(long partnerId, Instant from, Instant to, long sliceMillis) {
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
	record SentSlice(String programKey, Instant start, long count) {
	}

	/** Which of these Message-IDs are the partner's outreach. */
	Set<String> ownedMessageIds(long partnerId, Collection<String> messageIds) {
		if (messageIds.isEmpty()) {
			return Set.of();
		}
		return new HashSet<>(
				this.jdbc.sql("SELECT message_id FROM outreach WHERE partner_id = :partner AND message_id IN (:ids)")
					.param("partner", partnerId)
					.param("ids", messageIds)
					.query(String.class)
					.list());
	}

}
