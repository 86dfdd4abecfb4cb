package io.gratitude.sale;

import io.gratitude.contact.ContactErased;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The sales' part of a contact's erasure, in the erasure's own transaction: each sale
 * keeps its amount, currency and time (the partner's counts and totals, the contact's
 * sent thank-you) and loses what could identify the person: the description, the
 * partner's reference (now {@code erased-<sale id>}, freeing the old one) and the
 * fingerprint of the request, a plain hash of data that could be guessed.
 */
@Component
class SaleErasure {

	/** The reference of a sale of an erased contact: this prefix and the sale's id. */
	static final String ERASED_PREFIX = "erased-";

	/** What an erased sale's fingerprint becomes: no request has it. */
	static final String ERASED_FINGERPRINT = "erased";

	private final JdbcClient jdbc;

	SaleErasure(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@EventListener
	void scrub(ContactErased erased) {
		this.jdbc.sql("""
				UPDATE sale SET external_ref = CONCAT(?, id), description = NULL, request_hash = ?
				WHERE partner_id = ? AND contact_id = ?""")
			.params(ERASED_PREFIX, ERASED_FINGERPRINT, erased.partnerId(), erased.contactId())
			.update();
	}

}
