package io.gratitude.sale;

import io.gratitude.contact.Relationship;
import org.jspecify.annotations.Nullable;

/**
 * The contact of a sale as it is when the sale is recorded: what the sale's listeners
 * need to know of it, read together with the sale so that they need not read the contact
 * again.
 */
public record Buyer(long contactId, Relationship relationship, @Nullable String timeZone, boolean erased) {
}
