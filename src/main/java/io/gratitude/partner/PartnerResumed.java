package io.gratitude.partner;

/**
 * Published inside the transaction that resumes a paused partner, so that the messages
 * held while it was paused are released in the same transaction: they go out at once, not
 * at the dispatcher's next look.
 */
public record PartnerResumed(long partnerId) {
}
