package io.gratitude.program;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Optional;

import io.gratitude.contact.DateKind;
import io.gratitude.system.Page;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The program store. A deleted program keeps its row (outreach refers to it) and its key,
 * but no finder returns it except {@link #findById}, which the send log and the
 * dispatcher need.
 */
@Repository
public class Programs {

	private static final String COLUMNS = "id, partner_id, program_key, name, trigger_type, date_kind, audience, template_key, delay_seconds, offset_days, period_days, send_at, max_lateness_seconds, priority, enabled, planned_through";

	private final JdbcClient jdbc;

	Programs(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The partner's programs, by priority. */
	public List<Program> findByPartner(long partnerId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM program WHERE partner_id = ? AND deleted_at IS NULL ORDER BY priority, id")
			.param(partnerId)
			.query(Programs::map)
			.list();
	}

	/** One page of the partner's programs, by priority. */
	List<Program> findPage(long partnerId, Page.Request page) {
		return this.jdbc.sql("SELECT " + COLUMNS
				+ " FROM program WHERE partner_id = ? AND deleted_at IS NULL ORDER BY priority, id LIMIT ? OFFSET ?")
			.params(partnerId, page.size(), page.offset())
			.query(Programs::map)
			.list();
	}

	/** How many programs the partner has. */
	long countByPartner(long partnerId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM program WHERE partner_id = ? AND deleted_at IS NULL")
			.param(partnerId)
			.query(Long.class)
			.single();
	}

	/** The partner's program with this key. */
	public Optional<Program> findByKey(long partnerId, String key) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM program WHERE partner_id = ? AND program_key = ? AND deleted_at IS NULL")
			.params(partnerId, key)
			.query(Programs::map)
			.optional();
	}

	/**
	 * Whether the key is taken by one of the partner's programs, a deleted one included
	 * (keys stay unique for good).
	 */
	boolean isKeyTaken(long partnerId, String key) {
		return this.jdbc.sql("SELECT COUNT(*) FROM program WHERE partner_id = ? AND program_key = ?")
			.params(partnerId, key)
			.query(Long.class)
			.single() > 0;
	}

	/**
	 * A program by id, within its partner; deleted programs too, since outreach planned
	 * before the deletion still refers to them (the dispatcher cancels it as the program
	 * is disabled).
	 */
	public Optional<Program> findById(long partnerId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM program WHERE partner_id = ? AND id = ?")
			.params(partnerId, id)
			.query(Programs::map)
			.optional();
	}

	/** The partner's enabled programs with this trigger. */
	public List<Program> findEnabled(long partnerId, Trigger trigger) {
		return this.jdbc.sql("SELECT " + COLUMNS
				+ " FROM program WHERE partner_id = ? AND trigger_type = ? AND enabled = TRUE AND deleted_at IS NULL"
				+ " ORDER BY priority, id")
			.params(partnerId, trigger.name())
			.query(Programs::map)
			.list();
	}

	/** Every partner's enabled programs with this trigger (for the plan job). */
	public List<Program> findAllEnabled(Trigger trigger) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM program WHERE trigger_type = ? AND enabled = TRUE AND deleted_at IS NULL ORDER BY id")
			.param(trigger.name())
			.query(Programs::map)
			.list();
	}

	/** Records that the program's dated occasions are planned up to {@code through}. */
	public void markPlannedThrough(long programId, Instant through) {
		this.jdbc.sql("UPDATE program SET planned_through = ? WHERE id = ?")
			.params(through.toEpochMilli(), programId)
			.update();
	}

	/**
	 * Records that these programs' dated occasions are planned up to {@code through}, in
	 * one statement per thousand programs.
	 */
	public void markPlannedThrough(List<Long> programIds, Instant through) {
		for (int start = 0; start < programIds.size(); start += 1000) {
			this.jdbc.sql("UPDATE program SET planned_through = :through WHERE id IN (:ids)")
				.param("through", through.toEpochMilli())
				.param("ids", programIds.subList(start, Math.min(programIds.size(), start + 1000)))
				.update();
		}
	}

	void insert(Program p, Instant now) {
		this.jdbc.sql("""
				INSERT INTO program (partner_id, program_key, name, trigger_type, date_kind, audience, template_key,
				                     delay_seconds, offset_days, period_days, send_at, max_lateness_seconds, priority,
				                     enabled, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(p.partnerId(), p.key(), p.name(), p.trigger().name(),
					(p.dateKind() != null) ? p.dateKind().name() : null, p.audience().name(), p.templateKey(),
					p.delay().toSeconds(), p.offsetDays(), p.periodDays(), p.sendAt(), p.maxLateness().toSeconds(),
					p.priority(), p.enabled(), now.toEpochMilli(), now.toEpochMilli())
			.update();
	}

	/**
	 * Stores a program's changeable settings (name, audience, template, timing,
	 * enablement).
	 */
	public void update(Program p, Instant now) {
		this.jdbc.sql("""
				UPDATE program SET name = ?, audience = ?, template_key = ?, delay_seconds = ?, offset_days = ?,
				                   period_days = ?, send_at = ?, max_lateness_seconds = ?, enabled = ?, updated_at = ?
				WHERE id = ? AND partner_id = ? AND deleted_at IS NULL""")
			.params(p.name(), p.audience().name(), p.templateKey(), p.delay().toSeconds(), p.offsetDays(),
					p.periodDays(), p.sendAt(), p.maxLateness().toSeconds(), p.enabled(), now.toEpochMilli(), p.id(),
					p.partnerId())
			.update();
	}

	/**
	 * Disables the program and marks it deleted: it disappears from every finder but
	 * {@link #findById}. Idempotent.
	 * @return whether a program that was not deleted yet was found
	 */
	boolean markDeleted(long partnerId, long id, Instant now) {
		return this.jdbc.sql("""
				UPDATE program SET enabled = FALSE, deleted_at = ?, updated_at = ?
				WHERE id = ? AND partner_id = ? AND deleted_at IS NULL""")
			.params(now.toEpochMilli(), now.toEpochMilli(), id, partnerId)
			.update() == 1;
	}

	private static Program map(ResultSet rs, int row) throws SQLException {
		String dateKind = rs.getString("date_kind");
		int period = rs.getInt("period_days");
		Integer periodDays = rs.wasNull() ? null : period;
		long planned = rs.getLong("planned_through");
		Instant plannedThrough = rs.wasNull() ? null : Instant.ofEpochMilli(planned);
		return new Program(rs.getLong("id"), rs.getLong("partner_id"), rs.getString("program_key"),
				rs.getString("name"), Trigger.valueOf(rs.getString("trigger_type")),
				(dateKind != null) ? DateKind.valueOf(dateKind) : null, Audience.valueOf(rs.getString("audience")),
				rs.getString("template_key"), Duration.ofSeconds(rs.getLong("delay_seconds")), rs.getInt("offset_days"),
				periodDays, rs.getObject("send_at", LocalTime.class),
				Duration.ofSeconds(rs.getLong("max_lateness_seconds")), rs.getInt("priority"), rs.getBoolean("enabled"),
				plannedThrough);
	}

}
