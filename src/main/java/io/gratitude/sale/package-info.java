/**
 * Sales: a contact's purchases, ingested idempotently on the partner's external
 * reference. Recording a sale publishes SaleRecorded inside the same transaction, so the
 * post-sale thank-you is planned atomically with the sale.
 */
@NullMarked
package io.gratitude.sale;

import org.jspecify.annotations.NullMarked;
