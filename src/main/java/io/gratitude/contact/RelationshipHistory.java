package io.gratitude.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The relationship history store (every change, with when, why and who) and the at-risk
 * episodes of clients. Written only through {@link ContactBook}, in the transaction of
 * the change; every finder is scoped to a partner.
 */
@Repository
public class RelationshipHistory {

	/** The most entries a contact's history is read with. */
	public static final int LIMIT = 200;

	private final JdbcClient jdbc;

	RelationshipHistory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The contact's history, latest first, at most {@link #LIMIT} entries. */
	public List<RelationshipChange> findByContact(long partnerId, long contactId) {
		return this.jdbc.sql("""
				SELECT from_relationship, to_relationship, changed_at, reason_code, reason_text, actor
				FROM relationship_change WHERE partner_id = ? AND contact_id = ?
				ORDER BY changed_at DESC, id DESC LIMIT ?""")
			.params(partnerId, contactId, LIMIT)
			.query(RelationshipHistory::map)
			.list();
	}

	/**
	 * The histories of these contacts of the partner, latest first, at most
	 * {@link #LIMIT} entries each, by contact id; contacts without one are left out. One
	 * query through the (partner, contact, changed) index, looked up by (partner,
	 * contact) pairs (H2 would use only the index's first column for
	 * {@code partner_id = ? AND contact_id IN (…)}).
	 */
	public Map<Long, List<RelationshipChange>> findByContacts(long partnerId, Collection<Long> contactIds) {
		Map<Long, List<RelationshipChange>> histories = new HashMap<>();
		if (contactIds.isEmpty()) {
			return histories;
		}
		this.jdbc.sql("""
				SELECT contact_id, from_relationship, to_relationship, changed_at, reason_code, reason_text, actor
				FROM relationship_change WHERE (partner_id, contact_id) IN (:contacts)
				ORDER BY contact_id, changed_at DESC, id DESC""")
			.param("contacts", contactIds.stream().map(id -> new Object[] { partnerId, id }).toList())
			.query((rs, row) -> Map.entry(rs.getLong("contact_id"), map(rs, row)))
			.list()
			.forEach(change -> {
				List<RelationshipChange> history = histories.computeIfAbsent(change.getKey(), id -> new ArrayList<>());
				if (history.size() < LIMIT) {
					history.add(change.getValue());
				}
			});
		return histories;
	}

	/** Whether the client is in an at-risk episode. */
	public boolean isAtRisk(long partnerId, long contactId) {
		return this.jdbc.sql("SELECT COUNT(*) FROM at_risk WHERE partner_id = ? AND contact_id = ?")
			.params(partnerId, contactId)
			.query(Long.class)
			.single() > 0;
	}

	/** The partner's clients in an at-risk episode. */
	public Set<Long> atRiskContacts(long partnerId) {
		return new HashSet<>(this.jdbc.sql("SELECT contact_id FROM at_risk WHERE partner_id = ?")
			.param(partnerId)
			.query(Long.class)
			.list());
	}

	/**
	 * Those of these contacts of the partner who are clients in an at-risk episode; a
	 * query per hundred of them (H2 checks each row found against the whole IN list
	 * again).
	 */
	public Set<Long> atRiskAmong(long partnerId, Collection<Long> contactIds) {
		List<Long> all = List.copyOf(contactIds);
		Set<Long> atRisk = new HashSet<>();
		for (int from = 0; from < all.size(); from += 100) {
			atRisk.addAll(this.jdbc
				.sql("SELECT contact_id FROM at_risk WHERE partner_id = :partner AND contact_id IN (:contacts)")
				.param("partner", partnerId)
				.param("contacts", all.subList(from, Math.min(from + 100, all.size())))
				.query(Long.class)
				.list());
		}
		return atRisk;
	}

	void record(long partnerId, long contactId, @Nullable Relationship from, Relationship to, Instant at,
			RelationshipChange.Origin origin, @Nullable String episode) {
		this.jdbc.sql("""
				INSERT INTO relationship_change (partner_id, contact_id, from_relationship, to_relationship, changed_at,
				                                 reason_code, reason_text, actor, episode)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(partnerId, contactId, (from != null) ? from.name() : null, to.name(), at.toEpochMilli(),
					origin.reason().name(), origin.text(), origin.actor(), episode)
			.update();
	}

	/**
	 * Starts an at-risk episode unless the client is in one, or had this very episode
	 * before: an insert-if-absent on the contact and on (contact, episode).
	 * @return whether the episode started now
	 */
	boolean startAtRisk(long partnerId, long contactId, String episode, Instant at) {
		boolean seen = this.jdbc
			.sql("SELECT COUNT(*) FROM relationship_change WHERE partner_id = ? AND contact_id = ? AND episode = ?")
			.params(partnerId, contactId, episode)
			.query(Long.class)
			.single() > 0;
		if (seen || isAtRisk(partnerId, contactId)) {
			return false;
		}
		try {
			this.jdbc.sql("INSERT INTO at_risk (contact_id, partner_id, episode, since) VALUES (?, ?, ?, ?)")
				.params(contactId, partnerId, episode, at.toEpochMilli())
				.update();
			return true;
		}
		catch (DuplicateKeyException ex) {
			// Another node started it a moment ago.
			return false;
		}
	}

	/**
	 * Ends the client's at-risk episode, if any.
	 * @return whether there was one
	 */
	boolean endAtRisk(long partnerId, long contactId) {
		return this.jdbc.sql("DELETE FROM at_risk WHERE partner_id = ? AND contact_id = ?")
			.params(partnerId, contactId)
			.update() > 0;
	}

	private static RelationshipChange map(ResultSet rs, int row) throws SQLException {
		String from = rs.getString("from_relationship");
		return new RelationshipChange((from != null) ? Relationship.valueOf(from) : null,
				Relationship.valueOf(rs.getString("to_relationship")), Instant.ofEpochMilli(rs.getLong("changed_at")),
				ChangeReason.valueOf(rs.getString("reason_code")), rs.getString("reason_text"), rs.getString("actor"));
	}

}
