package io.gratitude.contact;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A person a partner thanks. {@code externalRef} is the partner's own id for the person,
 * unique per partner. An erased contact keeps its row (so the send log stays consistent)
 * without personal data.
 */
public record Contact(long id, long partnerId, String externalRef, @Nullable String email, @Nullable String firstName,
		@Nullable String lastName, Relationship relationship, @Nullable String timeZone, @Nullable String locale,
		@Nullable LocalDate clientSince, Map<String, String> attributes, @Nullable Instant optedOutAt,
		@Nullable Instant erasedAt, List<SignificantDate> dates) {

	/** Whether the contact asked not to hear from the partner any more. */
	public boolean optedOut() {
		return this.optedOutAt != null;
	}

	/** Whether the contact's personal data was erased. */
	public boolean erased() {
		return this.erasedAt != null;
	}

	/** "First Last", or whichever is known, or the email. */
	public String fullName() {
		String name = ((this.firstName != null) ? this.firstName : "") + " "
				+ ((this.lastName != null) ? this.lastName : "");
		name = name.strip();
		return !name.isEmpty() ? name : ((this.email != null) ? this.email : this.externalRef);
	}

}
