package io.gratitude.staff;

import io.gratitude.audit.AuditLog;
import io.gratitude.partner.EmailAddresses;
import io.gratitude.system.InvalidField;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Console users: created by an admin (any partner) or a partner admin (their own),
 * signing in with their email and a password kept only as an adaptive hash. Emails are
 * compared case-insensitively (stored lower-cased).
 */
@Service
public class StaffUsers implements UserDetailsService {

	/** Shortest password accepted. */
	public static final int MIN_PASSWORD_LENGTH = 10;

	// BCrypt reads at most 72 bytes; a longer password would be cut silently.
	private static final int MAX_PASSWORD_BYTES = 72;

	private static final String COLUMNS = "id, partner_id, email, display_name, role, created_at, disabled_at, last_sign_in, receives_digest";

	private final JdbcClient jdbc;

	private final PasswordEncoder passwords;

	private final StaffSessions sessions;

	private final Clock clock;

	private final SignInThrottle throttle;

	private final AuditLog audit;

	StaffUsers(JdbcClient jdbc, PasswordEncoder passwords, StaffSessions sessions, Clock clock, SignInThrottle throttle,
			AuditLog audit) {
		this.jdbc = jdbc;
		this.passwords = passwords;
		this.sessions = sessions;
		this.clock = clock;
		this.throttle = throttle;
		this.audit = audit;
	}

	@Override
	public StaffPrincipal loadUserByUsername(String email) {
		return this.jdbc
			.sql("SELECT id, partner_id, email, display_name, role, password_hash, disabled_at FROM staff_user "
					+ "WHERE email = ?")
			.param(email.strip().toLowerCase(Locale.ROOT))
			.query((rs, row) -> new StaffPrincipal(rs.getLong("id"), nullableLong(rs, "partner_id"),
					rs.getString("email"), rs.getString("display_name"), StaffRole.valueOf(rs.getString("role")),
					rs.getString("password_hash"), rs.getObject("disabled_at") == null))
			.optional()
			.orElseThrow(() -> new UsernameNotFoundException("No such staff user"));
	}

	/**
	 * Creates a user. An admin has no partner; every other role has one.
	 * @throws InvalidField when the email is taken or not an address, the name is blank
	 * or the password too short or too long
	 */
	public StaffUser create(@Nullable Long partnerId, String email, String displayName, StaffRole role,
			String password) {
		if ((role == StaffRole.ADMIN) != (partnerId == null)) {
			throw new InvalidField("role", "An administrator belongs to no partner; other roles to one partner");
		}
		String address = EmailAddresses.require(email, "email").toLowerCase(Locale.ROOT);
		String name = requireName(displayName);
		String hash = hash(password);
		Instant now = this.clock.instant();
		GeneratedKeyHolder keys = new GeneratedKeyHolder();
		try {
			this.jdbc.sql("""
					INSERT INTO staff_user (partner_id, email, display_name, role, password_hash, created_at)
					VALUES (?, ?, ?, ?, ?, ?)""")
				.params(partnerId, address, name, role.name(), hash, now.toEpochMilli())
				.update(keys, "id");
		}
		catch (DuplicateKeyException ex) {
			throw new InvalidField("email", "A staff user with this email exists already");
		}
		long id = keys.getKey().longValue();
		this.audit.record(partnerId, "staff.created", "staff user #" + id + " " + address + " as " + role.label());
		return new StaffUser(id, partnerId, address, name, role, now, null, null);
	}

	/** The partner's users, by name. */
	public List<StaffUser> ofPartner(long partnerId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE partner_id = ? ORDER BY display_name, id")
			.param(partnerId)
			.query(StaffUsers::map)
			.list();
	}

	/** The operator admins, by name. */
	public List<StaffUser> admins() {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE role = 'ADMIN' ORDER BY display_name, id")
			.query(StaffUsers::map)
			.list();
	}

	/** A user, by email. */
	public Optional<StaffUser> findByEmail(String email) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE email = ?")
			.param(email.strip().toLowerCase(Locale.ROOT))
			.query(StaffUsers::map)
			.optional();
	}

	/** One of the partner's users; empty for another partner's (or an admin). */
	public Optional<StaffUser> findOfPartner(long partnerId, long id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM staff_user WHERE id = ? AND partner_id = ?")
			.params(id, partnerId)
			.query(StaffUsers::map)
			.optional();
	}

	/** Whether the user's password is this one. */
	public boolean hasPassword(long id, String password) {
		return this.jdbc.sql("SELECT password_hash FROM staff_user WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.filter(stored -> this.passwords.matches(password, stored))
			.isPresent();
	}

	/** Sets a new password; the user's sessions end. */
	public void setPassword(long id, String password) {
		this.jdbc.sql("UPDATE staff_user SET password_hash = ? WHERE id = ?").params(hash(password), id).update();
		endSessions(id, null);
	}

	/**
	 * Sets a new password for one of the partner's users; nothing changes for another
	 * partner's user.
	 * @return whether the partner has this user
	 * @throws InvalidField when the password is too short or too long
	 */
	public boolean setPasswordOfPartner(long partnerId, long id, String password) {
		boolean found = this.jdbc.sql("UPDATE staff_user SET password_hash = ? WHERE id = ? AND partner_id = ?")
			.params(hash(password), id, partnerId)
			.update() > 0;
		if (found) {
			this.audit.record(partnerId, "staff.password-set", "staff user #" + id);
			endSessions(id, null);
		}
		return found;
	}

	/**
	 * Changes the user's own password, once the current one is confirmed. Their other
	 * sessions end; {@code currentSession} (the one they changed it in) stays.
	 * @throws InvalidField {@code currentPassword} when the current password does not
	 * match, {@code password} when the new one is too short or too long
	 */
	public void changeOwnPassword(long id, String currentPassword, String newPassword,
			@Nullable String currentSession) {
		String stored = this.jdbc.sql("SELECT password_hash FROM staff_user WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.orElse(null);
		if (stored == null || currentPassword == null || !this.passwords.matches(currentPassword, stored)) {
			throw new InvalidField("currentPassword", "This is not your current password");
		}
		this.jdbc.sql("UPDATE staff_user SET password_hash = ? WHERE id = ?").params(hash(newPassword), id).update();
		endSessions(id, currentSession);
	}

	/**
	 * Changes a partner user's role between partner admin and staff; their sessions end
	 * (they held the old role).
	 */
	public void changeRole(long partnerId, long id, StaffRole role) {
		if (role == StaffRole.ADMIN) {
			throw new InvalidField("role", "A partner's user cannot become an administrator");
		}
		if (this.jdbc.sql("UPDATE staff_user SET role = ? WHERE id = ? AND partner_id = ?")
			.params(role.name(), id, partnerId)
			.update() > 0) {
			this.audit.record(partnerId, "staff.role-changed", "staff user #" + id + " to " + role.label());
			endSessions(id, null);
		}
	}

	/**
	 * Disables (or enables again) one of the partner's users: a disabled user cannot sign
	 * in, and is signed out everywhere at once.
	 */
	public void setEnabled(long partnerId, long id, boolean enabled) {
		if (this.jdbc.sql("UPDATE staff_user SET disabled_at = ? WHERE id = ? AND partner_id = ?")
			.params(enabled ? null : this.clock.instant().toEpochMilli(), id, partnerId)
			.update() > 0) {
			this.audit.record(partnerId, enabled ? "staff.enabled" : "staff.disabled", "staff user #" + id);
			if (!enabled) {
				endSessions(id, null);
			}
		}
	}

	/**
	 * The partner's users who get its morning digest: enabled, of this partner (never an
	 * operator admin), with the digest on. By id.
	 */
	public List<StaffUser> digestRecipients(long partnerId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " " + """
				FROM staff_user WHERE partner_id = ? AND disabled_at IS NULL AND receives_digest = TRUE
				AND role IN ('PARTNER_ADMIN', 'STAFF') ORDER BY id""").param(partnerId).query(StaffUsers::map).list();
	}

	/**
	 * Turns the morning digest on or off for one of the partner's users; nothing changes
	 * for another partner's user.
	 * @return whether the partner has this user
	 */
	public boolean setReceivesDigest(long partnerId, long id, boolean receives) {
		return this.jdbc.sql("UPDATE staff_user SET receives_digest = ? WHERE id = ? AND partner_id = ?")
			.params(receives, id, partnerId)
			.update() > 0;
	}

	/** Whether this user gets the morning digest (false for an unknown user). */
	public boolean receivesDigest(long id) {
		return this.jdbc.sql("SELECT receives_digest FROM staff_user WHERE id = ? AND partner_id IS NOT NULL")
			.param(id)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	private void endSessions(long id, @Nullable String keep) {
		this.jdbc.sql("SELECT email FROM staff_user WHERE id = ?")
			.param(id)
			.query(String.class)
			.optional()
			.ifPresent(email -> {
				this.sessions.end(email, keep);
				// A partner admin or an administrator acted on this user (a new password
				// above all): a lock-out from failed sign-ins ends too.
				this.throttle.clear(email);
			});
	}

	@EventListener
	void signedIn(AuthenticationSuccessEvent event) {
		if (event.getAuthentication().getPrincipal() instanceof StaffPrincipal staff) {
			this.jdbc.sql("UPDATE staff_user SET last_sign_in = ? WHERE id = ?")
				.params(this.clock.instant().toEpochMilli(), staff.id())
				.update();
		}
	}

	private String hash(String password) {
		if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
			throw new InvalidField("password", "A password needs at least " + MIN_PASSWORD_LENGTH + " characters");
		}
		if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
			throw new InvalidField("password", "A password may have at most " + MAX_PASSWORD_BYTES + " bytes");
		}
		return this.passwords.encode(password);
	}

	private static String requireName(@Nullable String name) {
		if (name == null || name.isBlank()) {
			throw new InvalidField("displayName", "A name is required");
		}
		String stripped = name.strip();
		if (stripped.length() > 200 || stripped.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidField("displayName", "A name has at most 200 characters and no control characters");
		}
		return stripped;
	}

	private static StaffUser map(ResultSet rs, int row) throws SQLException {
		return new StaffUser(rs.getLong("id"), nullableLong(rs, "partner_id"), rs.getString("email"),
				rs.getString("display_name"), StaffRole.valueOf(rs.getString("role")),
				Instant.ofEpochMilli(rs.getLong("created_at")), nullableInstant(rs, "disabled_at"),
				nullableInstant(rs, "last_sign_in"), rs.getBoolean("receives_digest"));
	}

	private static @Nullable Long nullableLong(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	private static @Nullable Instant nullableInstant(ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : Instant.ofEpochMilli(value);
	}

}
