package io.gratitude.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.gratitude.system.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

/**
 * The audit log: who changed what that matters for trust (a template published, a program
 * changed, a contact erased, an API key issued or revoked, a staff user or partner
 * changed, a campaign started). Features call {@link #record} inside the transaction of
 * the change, so an entry exists exactly when the change does. Who acted is the request's
 * {@link Actor}, set where the request was authenticated (the console's signed-in user,
 * the API key, the admin token); work outside a request is the system's. Entries name
 * things by key or id, never by a contact's personal data.
 */
@Component
public class AuditLog {

	private static final String ACTOR = Actor.class.getName();

	private final JdbcClient jdbc;

	private final Clock clock;

	AuditLog(JdbcClient jdbc, Clock clock) {
		this.jdbc = jdbc;
		this.clock = clock;
	}

	/** Who did it: a kind (STAFF, API_KEY, ADMIN_TOKEN, SYSTEM), an id and a name. */
	public record Actor(String kind, @Nullable Long id, String name) {

		public static final Actor SYSTEM = new Actor("SYSTEM", null, "system");

		public static Actor staff(long id, String email) {
			return new Actor("STAFF", id, email);
		}

		public static Actor apiKey(String prefix) {
			return new Actor("API_KEY", null, "API key " + prefix);
		}

		public static Actor adminToken() {
			return new Actor("ADMIN_TOKEN", null, "admin token");
		}

	}

	/** One entry, as read back. */
	public record Entry(long id, Instant at, String actorKind, @Nullable Long actorId, String actor,
			@Nullable Long partnerId, String action, String target) {
	}

	/** Names who acts in the current request (by whoever authenticated it). */
	public static void actingNow(Actor actor) {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		if (request != null) {
			request.setAttribute(ACTOR, actor, RequestAttributes.SCOPE_REQUEST);
		}
	}

	/**
	 * Records an action on a partner's thing ({@code partnerId} null: on the service).
	 */
	public void record(@Nullable Long partnerId, String action, String target) {
		Actor actor = current();
		this.jdbc.sql("""
				INSERT INTO audit_event (at, actor_kind, actor_id, actor, partner_id, action, target)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(this.clock.millis(), actor.kind(), actor.id(), clip(actor.name(), 320), partnerId, action,
					clip(target, 300))
			.update();
	}

	/**
	 * The newest entries, newest first: of one partner (or all, for null), with ids below
	 * {@code before} (or from the newest, for null).
	 */
	public List<Entry> newest(@Nullable Long partnerId, @Nullable Long before, int limit) {
		List<Object> params = new ArrayList<>();
		StringBuilder where = new StringBuilder(" WHERE 1 = 1");
		if (partnerId != null) {
			where.append(" AND partner_id = ?");
			params.add(partnerId);
		}
		if (before != null) {
			where.append(" AND id < ?");
			params.add(before);
		}
		params.add(limit);
		return this.jdbc
			.sql("SELECT id, at, actor_kind, actor_id, actor, partner_id, action, target FROM audit_event" + where
					+ " ORDER BY id DESC LIMIT ?")
			.params(params)
			.query(AuditLog::entry)
			.list();
	}

	/**
	 * One page of a partner's entries, newest first.
	 */
	public List<Entry> find(long partnerId, Page.Request request) {
		return this.jdbc.sql("""
				SELECT id, at, actor_kind, actor_id, actor, partner_id, action, target FROM audit_event
				WHERE partner_id = ? ORDER BY id DESC LIMIT ? OFFSET ?""")
			.params(partnerId, request.size(), request.offset())
			.query(AuditLog::entry)
			.list();
	}

	/** How many entries a partner has. */
	public long count(long partnerId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM audit_event WHERE partner_id = ?")
			.param(partnerId)
			.query(Long.class)
			.single();
	}

	private static Entry entry(ResultSet rs, int row) throws SQLException {
		return new Entry(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor_kind"),
				rs.getObject("actor_id", Long.class), rs.getString("actor"), rs.getObject("partner_id", Long.class),
				rs.getString("action"), rs.getString("target"));
	}

	private static Actor current() {
		RequestAttributes request = RequestContextHolder.getRequestAttributes();
		Object actor = (request != null) ? request.getAttribute(ACTOR, RequestAttributes.SCOPE_REQUEST) : null;
		return (actor instanceof Actor named) ? named : Actor.SYSTEM;
	}

	private static String clip(String text, int max) {
		return (text.length() <= max) ? text : text.substring(0, max);
	}

}
