package io.gratitude.sale;

/**
 * Published inside the transaction that recorded a sale: a listener that plans the
 * post-sale thank-you commits or rolls back together with the sale.
 */
public record SaleRecorded(long partnerId, long saleId, long contactId) {
}
