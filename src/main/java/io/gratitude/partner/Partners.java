package io.gratitude.partner;

import io.gratitude.system.Page;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The partner store. */
@Repository
public class Partners {

	private static final String COLUMNS = "id, name, sender_email, sender_name, reply_to, time_zone, window_start, window_end, skip_weekends, leap_day_policy, frequency_cap_hours, paused, created_at, max_per_minute, default_locale";

	private final JdbcClient jdbc;

	Partners(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The partner with this id, if any. */
	public Optional<Partner> findById(long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM partner WHERE id = ?")
			.param(id)
			.query(Partners::map)
			.optional();
	}

	/** Every partner, by id. */
	public List<Partner> findAll() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM partner ORDER BY id").query(Partners::map).list();
	}

	/** One page of partners, by id. */
	public List<Partner> findPage(Page.Request page) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM partner ORDER BY id LIMIT ? OFFSET ?")
			.params(page.size(), page.offset())
			.query(Partners::map)
			.list();
	}

	/** How many partners there are. */
	public long count() {
		return this.jdbc.sql("SELECT COUNT(*) FROM partner").query(Long.class).single();
	}

	/** The first partner with exactly this name (used by the demo to stay idempotent). */
	public Optional<Partner> findByName(String name) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM partner WHERE name = ? ORDER BY id")
			.param(name)
			.query(Partners::map)
			.list()
			.stream()
			.findFirst();
	}

	long insert(NewPartner partner, Instant now) {
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		this.jdbc
			.sql("""
					INSERT INTO partner (name, sender_email, sender_name, reply_to, time_zone, window_start, window_end,
					                     skip_weekends, leap_day_policy, frequency_cap_hours, max_per_minute, default_locale, paused,
					                     created_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)""")
			.params(partner.name(), partner.senderEmail(), partner.senderName(), partner.replyTo(),
					partner.timeZone().getId(), partner.sendWindow().start(), partner.sendWindow().end(),
					partner.sendWindow().skipWeekends(), partner.leapDayPolicy().name(), partner.frequencyCapHours(),
					partner.maxPerMinute(), partner.defaultLocale(), now.toEpochMilli())
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	/** Replaces the partner's settings; false when there is no such partner. */
	boolean updateSettings(long id, NewPartner settings) {
		return this.jdbc
			.sql("""
					UPDATE partner SET name = ?, sender_email = ?, sender_name = ?, reply_to = ?, time_zone = ?,
					       window_start = ?, window_end = ?, skip_weekends = ?, leap_day_policy = ?, frequency_cap_hours = ?,
					       max_per_minute = ?, default_locale = ?
					WHERE id = ?""")
			.params(settings.name(), settings.senderEmail(), settings.senderName(), settings.replyTo(),
					settings.timeZone().getId(), settings.sendWindow().start(), settings.sendWindow().end(),
					settings.sendWindow().skipWeekends(), settings.leapDayPolicy().name(), settings.frequencyCapHours(),
					settings.maxPerMinute(), settings.defaultLocale(), id)
			.update() == 1;
	}

	/**
	 * Sets whether the partner is paused. Returns true only when the flag changed, so
	 * that a repeated pause or resume is a no-op.
	 */
	boolean changePaused(long id, boolean paused) {
		return this.jdbc.sql("UPDATE partner SET paused = ? WHERE id = ? AND paused = ?")
			.params(paused, id, !paused)
			.update() == 1;
	}

	/**
	 * Locks the partner's row until the transaction ends, so that changes to its keys
	 * (revoking the last active one) are serialized. Returns false when there is no such
	 * partner.
	 */
	boolean lock(long id) {
		return !this.jdbc.sql("SELECT id FROM partner WHERE id = ? FOR UPDATE")
			.param(id)
			.query(Long.class)
			.list()
			.isEmpty();
	}

	private static Partner map(ResultSet rs, int row) throws SQLException {
		return new Partner(rs.getLong("id"), rs.getString("name"), rs.getString("sender_email"),
				rs.getString("sender_name"), rs.getString("reply_to"), ZoneId.of(rs.getString("time_zone")),
				new SendWindow(rs.getObject("window_start", LocalTime.class),
						rs.getObject("window_end", LocalTime.class), rs.getBoolean("skip_weekends")),
				LeapDayPolicy.valueOf(rs.getString("leap_day_policy")), rs.getInt("frequency_cap_hours"),
				rs.getBoolean("paused"), Instant.ofEpochMilli(rs.getLong("created_at")),
				rs.getObject("max_per_minute", Integer.class), rs.getString("default_locale"));
	}

}
