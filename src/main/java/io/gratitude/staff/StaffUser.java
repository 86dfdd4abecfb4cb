package io.gratitude.staff;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A console user as the staff pages list it (no password hash).
 *
 * @param receivesDigest whether the user gets the partner's morning staff digest
 */
public record StaffUser(long id, @Nullable Long partnerId, String email, String displayName, StaffRole role,
		Instant createdAt, @Nullable Instant disabledAt, @Nullable Instant lastSignIn, boolean receivesDigest) {

	/** A user receiving the digest (the default). */
	public StaffUser(long id, @Nullable Long partnerId, String email, String displayName, StaffRole role,
			Instant createdAt, @Nullable Instant disabledAt, @Nullable Instant lastSignIn) {
		this(id, partnerId, email, displayName, role, createdAt, disabledAt, lastSignIn, role != StaffRole.ADMIN);
	}

	public boolean enabled() {
		return this.disabledAt == null;
	}

}
