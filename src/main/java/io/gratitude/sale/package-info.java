/**
 * Sales: a contact's purchases, ingested idempotently on the partner's external
 * reference, one or a batch at a time. Recording sales publishes SalesRecorded inside the
 * same transaction, so the post-sale thank-yous are planned atomically with the sales.
 */
@ApplicationModule(allowedDependencies = { "contact", "partner", "system" })
@NullMarked
package io.gratitude.sale;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
