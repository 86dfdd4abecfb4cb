package io.gratitude.partner;

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

	private static final String COLUMNS = "id, name, sender_email, sender_name, reply_to, time_zone, window_start, window_end, leap_day_policy, paused, created_at";

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
		this.jdbc.sql("""
				INSERT INTO partner (name, sender_email, sender_name, reply_to, time_zone, window_start, window_end,
				                     leap_day_policy, paused, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?)""")
			.params(partner.name(), partner.senderEmail(), partner.senderName(), partner.replyTo(),
					partner.timeZone().getId(), partner.sendWindow().start(), partner.sendWindow().end(),
					partner.leapDayPolicy().name(), now.toEpochMilli())
			.update(keys, "id");
		return keys.getKeyAs(Number.class).longValue();
	}

	private static Partner map(ResultSet rs, int row) throws SQLException {
		return new Partner(rs.getLong("id"), rs.getString("name"), rs.getString("sender_email"),
				rs.getString("sender_name"), rs.getString("reply_to"), ZoneId.of(rs.getString("time_zone")),
				new SendWindow(rs.getObject("window_start", LocalTime.class),
						rs.getObject("window_end", LocalTime.class)),
				LeapDayPolicy.valueOf(rs.getString("leap_day_policy")), rs.getBoolean("paused"),
				Instant.ofEpochMilli(rs.getLong("created_at")));
	}

}
