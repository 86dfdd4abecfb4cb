package io.gratitude.contact;

import org.jspecify.annotations.Nullable;

/**
 * Published inside the transaction that erased a contact's personal data, so that its
 * pending outreach is cancelled and everything else kept of the person (send log, sales,
 * suppression, test sends) is scrubbed atomically with the erasure.
 *
 * @param email the address the contact had, for the listeners to remove what they keep of
 * it; never to be stored
 */
public record ContactErased(long partnerId, long contactId, @Nullable String email) {

	@Override
	public String toString() {
		// An event may be logged: never with the address.
		return "ContactErased[partnerId=" + this.partnerId + ", contactId=" + this.contactId + "]";
	}

}
