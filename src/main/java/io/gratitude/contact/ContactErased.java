package io.gratitude.contact;

/**
 * Published inside the transaction that erased a contact's personal data, so that its
 * pending outreach is cancelled and its send log scrubbed atomically with the erasure.
 */
public record ContactErased(long partnerId, long contactId) {
}
