package io.gratitude.partner;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** A console user as the staff pages list it (no password hash). */
public record StaffUser(long id, @Nullable Long partnerId, String email, String displayName, StaffRole role,
		Instant createdAt, @Nullable Instant disabledAt, @Nullable Instant lastSignIn) {

	public boolean enabled() {
		return this.disabledAt == null;
	}

}
