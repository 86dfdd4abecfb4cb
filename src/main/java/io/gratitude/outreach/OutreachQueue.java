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
public class OutreachQueue {

	static final String COLUMNS = "o.id, o.partner_id, o.program_id, o.contact_id, o.occasion, o.occasion_date, o.sale_id, o.status, o.due_at, o.expires_at, o.attempt_count, o.sent_at, o.message_id, o.reason, o.last_reply";

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
	public boolean planIfAbsent(NewOutreach o, Instant now) {
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
	public void insertNew(List<NewOutreach> rows, Instant now) {
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
	public boolean anyDue(Instant now) {
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
	public long awaitClaimTurn() {
		return this.jdbc.sql("SELECT after_partner_id FROM claim_turn WHERE id = 1 FOR UPDATE")
			.query(Long.class)
			.optional()
			.orElseThrow(() -> new IllegalStateException("claim_turn has no row: is the V8 migration applied?"));
	}

	/** Records where this claim's window of partners ended, for the next claim. */
	public void passClaimTurn(long afterPartnerId) {
		this.jdbc.sql("UPDATE claim_turn SET after_partner_id = ? WHERE id = 1").param(afterPartnerId).update();
	}

	/**
	 * A partner with due rows, and its own messages-per-minute limit (null: the default).
	 */
	public record DuePartner(long partnerId, @Nullable Integer maxPerMinute) {
	}

	/**
	 * Up to {@code limit} partners with due rows, by id, starting after
	 * {@code afterPartnerId} and wrapping round to the lowest ids. Reads each partner's
	 * limit from the partner table; each EXISTS is one probe of the (partner, status,
	 * due) index, so the cost follows the number of partners, not the size of a backlog.
	 */
	public List<DuePartner> duePartners(Instant now, long afterPartnerId, int limit) {
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
	public Map<Long, Integer> rateUsed(Collection<Long> partnerIds, Instant since) {
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
	public List<Long> claimDue(long partnerId, Instant now, int limit, String node, Duration lease) {
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
	public List<Outreach> findClaimed(List<Long> ids, String node) {
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
	public boolean release(long id, String node, OutreachStatus target, Instant now, @Nullable Instant sentAt,
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
	public void recordAttempt(long outreachId, Instant at, String node, String outcome, int smtpCode, String reply,
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
	public int recoverExpiredLeases(Instant now) {
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
	public int cancelPending(long programId, long contactId, List<String> keepOccasions, SkipReason reason,
			Instant now) {
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
	public int cancelPending(Collection<Long> programIds, Collection<Long> contactIds, SkipReason reason, Instant now) {
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
	public Map<Long, Instant> lastSentAt(long partnerId) {
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
	public Map<Long, Instant> lastSentAt(long partnerId, Collection<Long> contactIds) {
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

	/**
	 * Which of these (contact, occasion) pairs of a program already have a row, in any
	 * status: the unique key planning respects. Reads that key's index.
	 * @return the pairs found, as {@code contactId + "|" + occasion}
	 */
	public Set<String> existingOccasions(long programId, Collection<Long> contactIds, Collection<String> occasions) {
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
	public Map<Long, List<CapEntry>> capEntries(long partnerId, Collection<Long> contactIds, Instant sentAfter,
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
	public record CapEntry(long outreachId, long contactId, @Nullable Instant sentAt, SendRules.Ranked ranked) {
	}

	/**
	 * What the frequency cap weighs for one message: its contact's other messages among
	 * {@code entries}.
	 */
	public static CapView capView(List<CapEntry> entries, long exceptId) {
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
	public record CapView(@Nullable Instant lastSent, List<SendRules.Ranked> waiting) {
	}

	/** The reason stored when a partner cancels an outreach over the API. */
	public static final String CANCELLED_BY_PARTNER = "cancelled_by_partner";

	/**
	 * Cancels the partner's outreach if it is still waiting (SCHEDULED or RETRY): a
	 * guarded update, so a row a dispatcher has just claimed, or one already final, is
	 * never touched.
	 * @return whether it was cancelled
	 */
	public boolean cancelByPartner(long partnerId, long id, Instant now) {
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'CANCELLED', reason = ?, version = version + 1, updated_at = ?
				WHERE id = ? AND partner_id = ? AND status IN ('SCHEDULED', 'RETRY')""")
			.params(CANCELLED_BY_PARTNER, now.toEpochMilli(), id, partnerId)
			.update() == 1;
	}

	static Outreach map(ResultSet rs, int row) throws SQLException {
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

	/** Which of these Message-IDs are the partner's outreach. */
	public Set<String> ownedMessageIds(long partnerId, Collection<String> messageIds) {
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

	/**
	 * Holds a program's waiting rows (SCHEDULED, RETRY: a paused campaign's) in one
	 * statement; rows being sent (SENDING) are the dispatcher's and finish normally.
	 */
	public int holdProgram(long partnerId, long programId, Instant now) {
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'HELD', version = version + 1, updated_at = ?
				WHERE partner_id = ? AND program_id = ? AND status IN ('SCHEDULED', 'RETRY')""")
			.params(now.toEpochMilli(), partnerId, programId)
			.update();
	}

	/**
	 * Makes a program's held rows SCHEDULED again (a resumed campaign's). Rows not due
	 * yet keep their due time; rows whose due time passed while held are moved later by
	 * {@code shiftMillis} (the length of the pause), with their latest send time, so they
	 * go at the pace they were planned at, from now.
	 */
	public int releaseProgram(long partnerId, long programId, long shiftMillis, Instant now) {
		int moved = this.jdbc.sql("""
				UPDATE outreach SET status = 'SCHEDULED', due_at = due_at + ?, expires_at = expires_at + ?,
				       version = version + 1, updated_at = ?
				WHERE partner_id = ? AND program_id = ? AND status = 'HELD' AND due_at <= ?""")
			.params(shiftMillis, shiftMillis, now.toEpochMilli(), partnerId, programId, now.toEpochMilli())
			.update();
		return moved + this.jdbc.sql("""
				UPDATE outreach SET status = 'SCHEDULED', version = version + 1, updated_at = ?
				WHERE partner_id = ? AND program_id = ? AND status = 'HELD'""")
			.params(now.toEpochMilli(), partnerId, programId)
			.update();
	}

	/** Cancels a program's waiting and held rows; rows being sent finish normally. */
	public int cancelProgram(long partnerId, long programId, SkipReason reason, Instant now) {
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'CANCELLED', reason = ?, version = version + 1, updated_at = ?
				WHERE partner_id = ? AND program_id = ? AND status IN ('SCHEDULED', 'RETRY', 'HELD')""")
			.params(reason.code(), now.toEpochMilli(), partnerId, programId)
			.update();
	}

	/**
	 * Holds waiting rows of these (paused) programs: a row that was being sent when its
	 * campaign paused, and that the dispatcher put back to wait (for the send window or
	 * the frequency cap), or that recovery returned.
	 */
	public int holdWaiting(List<Long> programIds, Instant now) {
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'HELD', version = version + 1, updated_at = :now
				WHERE program_id IN (:programs) AND status IN ('SCHEDULED', 'RETRY')""")
			.param("now", now.toEpochMilli())
			.param("programs", programIds)
			.update();
	}

	/**
	 * Puts a claimed row back when the mail server could not be reached: RETRY at
	 * {@code dueAt} (the end of the transport's outage pause), with the claim's attempt
	 * given back, so an outage never counts against the message's own retry backoff.
	 * Guarded: only a row this node still holds in SENDING moves.
	 * @param reply the connection error to keep as the row's last reply, or null to keep
	 * the previous one (a row that was never tried)
	 * @param locale the template variant the message was rendered with, or null to keep
	 * the previous one (see {@link #release})
	 * @return whether this node still held the row
	 */
	public boolean returnUnreached(long id, String node, Instant dueAt, Instant now, @Nullable String reply,
			@Nullable String locale) {
		OutreachStatus.SENDING.require(OutreachStatus.RETRY);
		return this.jdbc.sql("""
				UPDATE outreach SET status = 'RETRY', due_at = ?, reason = NULL, last_reply = COALESCE(?, last_reply),
				       locale = COALESCE(?, locale),
				       attempt_count = CASE WHEN attempt_count > 0 THEN attempt_count - 1 ELSE 0 END,
				       claimed_by = NULL, lease_until = NULL, version = version + 1, updated_at = ?
				WHERE id = ? AND status = 'SENDING' AND claimed_by = ?""")
			.params(dueAt.toEpochMilli(), reply, locale, now.toEpochMilli(), id, node)
			.update() == 1;
	}

	/**
	 * Brings a resumed partner's rows that were pushed back by the pause (due within
	 * {@code heldUntil}) forward to now; in the caller's transaction.
	 */
	public int bringForward(long partnerId, Instant heldUntil, Instant now) {
		return this.jdbc.sql("""
				UPDATE outreach SET due_at = :now, version = version + 1, updated_at = :now
				WHERE partner_id = :partner AND status = 'SCHEDULED' AND due_at > :now AND due_at <= :held""")
			.param("now", now.toEpochMilli())
			.param("held", heldUntil.toEpochMilli())
			.param("partner", partnerId)
			.update();
	}

}
