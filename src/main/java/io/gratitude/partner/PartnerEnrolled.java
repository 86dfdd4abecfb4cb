package io.gratitude.partner;

/**
 * Published inside the enrollment transaction, so that listeners (default templates,
 * default programs) complete the partner atomically: a partner without its defaults never
 * exists.
 */
public record PartnerEnrolled(long partnerId) {
}
