package io.gratitude.contact;

/**
 * Published inside the transaction that created or changed a contact, so that its
 * occasions are planned atomically with the change. {@code promoted} is true when the
 * contact just became a client.
 */
public record ContactChanged(long partnerId, long contactId, boolean promoted) {
}
