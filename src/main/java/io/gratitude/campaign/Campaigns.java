package io.gratitude.campaign;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gratitude.contact.Relationship;
import io.gratitude.outreach.OutreachStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The campaign store, and the campaign's reads of the outreach table (its segment, its
 * progress); its rows are written and moved by {@code OutreachQueue}. Plain SQL, portable
 * across H2 2.x, MySQL 8 and MariaDB 10.6+, always scoped by partner.
 */
@Repository
class Campaigns {

	private static final String COLUMNS = """
			c.id, c.partner_id, c.campaign_key, c.program_id, p.program_key, c.name, c.template_key, c.state,
			c.relationship, c.min_tenure_months, c.min_lifetime_spend, c.spend_currency, c.last_purchase_before,
			c.last_purchase_after, c.send_date, c.send_time, c.spread_start, c.spread_days, c.segment_size,
			c.created_at, c.started_at, c.paused_at""";

	private static final String FROM = " FROM campaign c JOIN program p ON p.id = c.program_id";

	private final JdbcClient jdbc;

	Campaigns(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(long partnerId, String key, long programId, String name, String templateKey, CampaignSegment segment,
			CampaignSchedule schedule, Instant now) {
		this.jdbc.sql("""
				INSERT INTO campaign (partner_id, campaign_key, program_id, name, template_key, state, relationship,
				                      min_tenure_months, min_lifetime_spend, spend_currency, last_purchase_before,
				                      last_purchase_after, send_date, send_time, spread_start, spread_days, created_at,
				                      updated_at)
				VALUES (?, ?, ?, ?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(partnerId, key, programId, name, templateKey,
					(segment.relationship() != null) ? segment.relationship().name() : null, segment.minTenureMonths(),
					segment.minLifetimeSpend(), segment.currency(), segment.lastPurchaseBefore(),
					segment.lastPurchaseAfter(), schedule.sendDate(), schedule.sendTime(), schedule.spreadStart(),
					schedule.spreadDays(), now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	boolean exists(long partnerId, String key) {
		return this.jdbc.sql("SELECT COUNT(*) FROM campaign WHERE partner_id = ? AND campaign_key = ?")
			.params(partnerId, key)
			.query(Long.class)
			.single() > 0;
	}

	Optional<Campaign> findByKey(long partnerId, String key) {
		return this.jdbc.sql("SELECT " + COLUMNS + FROM + " WHERE c.partner_id = ? AND c.campaign_key = ?")
			.params(partnerId, key)
			.query(Campaigns::map)
			.optional();
	}

	/** The partner's campaigns, newest first. */
	List<Campaign> findByPartner(long partnerId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + FROM + " WHERE c.partner_id = ? ORDER BY c.created_at DESC, c.id DESC")
			.param(partnerId)
			.query(Campaigns::map)
			.list();
	}

	/**
	 * The campaign's state, its row locked until the transaction ends: every state change
	 * and every chunk of a start takes this lock, so they happen one after the other.
	 */
	CampaignState lockState(long partnerId, long id) {
		return CampaignState
			.valueOf(this.jdbc.sql("SELECT state FROM campaign WHERE id = ? AND partner_id = ? FOR UPDATE")
				.params(id, partnerId)
				.query(String.class)
				.single());
	}

	void markStarting(long id, Instant now) {
		this.jdbc.sql("""
				UPDATE campaign SET state = 'STARTING', started_at = COALESCE(started_at, ?), updated_at = ?
				WHERE id = ?""").params(now.toEpochMilli(), now.toEpochMilli(), id).update();
	}

	void markRunning(long id, int segmentSize, Instant now) {
		this.jdbc.sql("""
				UPDATE campaign SET state = 'RUNNING', segment_size = ?, paused_at = NULL, updated_at = ?
				WHERE id = ?""").params(segmentSize, now.toEpochMilli(), id).update();
	}

	void markState(long id, CampaignState state, @Nullable Instant pausedAt, Instant now) {
		this.jdbc.sql("UPDATE campaign SET state = ?, paused_at = ?, updated_at = ? WHERE id = ?")
			.params(state.name(), (pausedAt != null) ? pausedAt.toEpochMilli() : null, now.toEpochMilli(), id)
			.update();
	}

	/** A contact of the segment and its own zone, if it has one. */
	record Target(long contactId, @Nullable String timeZone) {
	}

	/**
	 * The segment's contacts, by id (a stable order, so a repeated start plans alike).
	 */
	List<Target> segment(long partnerId, CampaignSegment segment, ZoneId partnerZone, Instant now) {
		return segmentQuery("SELECT c.id, c.time_zone", partnerId, segment, partnerZone, now, " ORDER BY c.id")
			.query((rs, row) -> new Target(rs.getLong("id"), rs.getString("time_zone")))
			.list();
	}

	/** How many contacts the segment has now. */
	long countSegment(long partnerId, CampaignSegment segment, ZoneId partnerZone, Instant now) {
		return segmentQuery("SELECT COUNT(*)", partnerId, segment, partnerZone, now, "").query(Long.class).single();
	}

	private JdbcClient.StatementSpec segmentQuery(String select, long partnerId, CampaignSegment segment,
			ZoneId partnerZone, Instant now, String tail) {
		StringBuilder sql = new StringBuilder(select)
			.append("""

					FROM contact c
					WHERE c.partner_id = :partner AND c.erased_at IS NULL AND c.opted_out_at IS NULL AND c.email IS NOT NULL
					  AND NOT EXISTS (SELECT 1 FROM suppression x WHERE x.partner_id = c.partner_id AND x.email = LOWER(c.email))""");
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("partner", partnerId);
		if (segment.relationship() != null) {
			sql.append(" AND c.relationship = :relationship");
			params.put("relationship", segment.relationship().name());
		}
		LocalDate today = now.atZone(partnerZone).toLocalDate();
		if (segment.minTenureMonths() != null) {
			// A client since that day, or a first sale on or before it.
			LocalDate since = today.minusMonths(segment.minTenureMonths());
			sql.append(" AND (c.client_since <= :tenureDate OR EXISTS (SELECT 1 FROM sale s WHERE s.contact_id = c.id")
				.append(" AND s.occurred_at < :tenureEnd))");
			params.put("tenureDate", since);
			params.put("tenureEnd", since.plusDays(1).atStartOfDay(partnerZone).toInstant().toEpochMilli());
		}
		if (segment.minLifetimeSpend() != null) {
			sql.append(" AND (SELECT COALESCE(SUM(s.amount), 0) FROM sale s WHERE s.contact_id = c.id")
				.append(" AND s.currency = :currency) >= :minSpend");
			params.put("currency", segment.currency());
			params.put("minSpend", segment.minLifetimeSpend());
		}
		if (segment.lastPurchaseBefore() != null) {
			sql.append(" AND (SELECT MAX(s.occurred_at) FROM sale s WHERE s.contact_id = c.id) < :before");
			params.put("before", segment.lastPurchaseBefore().atStartOfDay(partnerZone).toInstant().toEpochMilli());
		}
		if (segment.lastPurchaseAfter() != null) {
			sql.append(" AND (SELECT MAX(s.occurred_at) FROM sale s WHERE s.contact_id = c.id) >= :after");
			params.put("after", segment.lastPurchaseAfter().atStartOfDay(partnerZone).toInstant().toEpochMilli());
		}
		return this.jdbc.sql(sql.append(tail).toString()).params(params);
	}

	/** The contacts the campaign's program already has a row for. */
	Set<Long> plannedContacts(long partnerId, long programId) {
		return new HashSet<>(this.jdbc.sql("SELECT contact_id FROM outreach WHERE partner_id = ? AND program_id = ?")
			.params(partnerId, programId)
			.query(Long.class)
			.list());
	}

	/** How many of the campaign's rows are in each status. */
	Campaign.Progress progress(long partnerId, long programId) {
		Map<OutreachStatus, Long> counts = new HashMap<>();
		this.jdbc.sql("""
				SELECT status, COUNT(*) AS n FROM outreach WHERE partner_id = ? AND program_id = ? GROUP BY status""")
			.params(partnerId, programId)
			.query(rs -> {
				counts.put(OutreachStatus.valueOf(rs.getString("status")), rs.getLong("n"));
			});
		return progressOf(counts);
	}

	/** Each of the partner's campaign programs' progress, by program id. */
	Map<Long, Campaign.Progress> progressByProgram(long partnerId) {
		Map<Long, Map<OutreachStatus, Long>> counts = new HashMap<>();
		this.jdbc.sql("""
				SELECT o.program_id, o.status, COUNT(*) AS n FROM outreach o
				WHERE o.partner_id = ? AND o.program_id IN (SELECT program_id FROM campaign WHERE partner_id = ?)
				GROUP BY o.program_id, o.status""").params(partnerId, partnerId).query(rs -> {
			counts.computeIfAbsent(rs.getLong("program_id"), id -> new HashMap<>())
				.put(OutreachStatus.valueOf(rs.getString("status")), rs.getLong("n"));
		});
		Map<Long, Campaign.Progress> progress = new HashMap<>();
		counts.forEach((program, byStatus) -> progress.put(program, progressOf(byStatus)));
		return progress;
	}

	private static Campaign.Progress progressOf(Map<OutreachStatus, Long> counts) {
		return new Campaign.Progress(
				counts.getOrDefault(OutreachStatus.SCHEDULED, 0L) + counts.getOrDefault(OutreachStatus.RETRY, 0L)
						+ counts.getOrDefault(OutreachStatus.SENDING, 0L),
				counts.getOrDefault(OutreachStatus.HELD, 0L), counts.getOrDefault(OutreachStatus.SENT, 0L),
				counts.getOrDefault(OutreachStatus.FAILED, 0L), counts.getOrDefault(OutreachStatus.SKIPPED, 0L),
				counts.getOrDefault(OutreachStatus.CANCELLED, 0L));
	}

	/** The programs of paused campaigns, every partner's. */
	List<Long> pausedPrograms() {
		return this.jdbc.sql("SELECT program_id FROM campaign WHERE state = 'PAUSED'").query(Long.class).list();
	}

	/**
	 * Of these programs, those whose campaign is still paused, their campaign rows locked
	 * until the caller's transaction ends: a resume (which takes the same lock first)
	 * then waits for the hold, and releases what it held.
	 */
	List<Long> lockStillPaused(List<Long> programIds) {
		return this.jdbc
			.sql("SELECT program_id FROM campaign WHERE program_id IN (:programs) AND state = 'PAUSED' ORDER BY id"
					+ " FOR UPDATE")
			.param("programs", programIds)
			.query(Long.class)
			.list();
	}

	/** The keys of the partner's templates, for the console's template choice. */
	List<String> templateKeys(long partnerId) {
		return this.jdbc
			.sql("SELECT DISTINCT template_key FROM message_template WHERE partner_id = ? ORDER BY template_key")
			.param(partnerId)
			.query(String.class)
			.list();
	}

	private static Campaign map(ResultSet rs, int row) throws SQLException {
		String relationship = rs.getString("relationship");
		CampaignSegment segment = new CampaignSegment(
				(relationship != null) ? Relationship.valueOf(relationship) : null,
				rs.getObject("min_tenure_months", Integer.class), rs.getObject("min_lifetime_spend", BigDecimal.class),
				rs.getString("spend_currency"), rs.getObject("last_purchase_before", LocalDate.class),
				rs.getObject("last_purchase_after", LocalDate.class));
		CampaignSchedule schedule = new CampaignSchedule(rs.getObject("send_date", LocalDate.class),
				rs.getObject("send_time", LocalTime.class), rs.getObject("spread_start", LocalDate.class),
				rs.getObject("spread_days", Integer.class));
		return new Campaign(rs.getLong("id"), rs.getLong("partner_id"), rs.getString("campaign_key"),
				rs.getLong("program_id"), rs.getString("program_key"), rs.getString("name"),
				rs.getString("template_key"), CampaignState.valueOf(rs.getString("state")), segment, schedule,
				rs.getObject("segment_size", Integer.class), instant(rs, "created_at"),
				optionalInstant(rs, "started_at"), optionalInstant(rs, "paused_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		return Instant.ofEpochMilli(rs.getLong(column));
	}

	private static @Nullable Instant optionalInstant(ResultSet rs, String column) throws SQLException {
		long millis = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(millis);
	}

}
