package io.gratitude.staff;

import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/**
 * Ends a console user's sessions (on every node: they live in the database) when what
 * their session vouches for stops being true: the user was disabled, their role changed,
 * their password was set or changed. Without it, a disabled user would stay signed in
 * until their session expired.
 */
@Component
class StaffSessions {

	private final FindByIndexNameSessionRepository<? extends Session> sessions;

	StaffSessions(FindByIndexNameSessionRepository<? extends Session> sessions) {
		this.sessions = sessions;
	}

	/**
	 * Ends every session of the user signed in as {@code email}, except {@code keep} (the
	 * session of a user who changed their own password).
	 */
	void end(String email, @Nullable String keep) {
		this.sessions.findByPrincipalName(email)
			.keySet()
			.stream()
			.filter(id -> !Objects.equals(id, keep))
			.forEach(this.sessions::deleteById);
	}

}
