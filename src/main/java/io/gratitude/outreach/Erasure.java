package io.gratitude.outreach;

import java.time.Clock;
import java.util.List;
import java.util.Locale;

import io.gratitude.contact.ContactErased;
import io.gratitude.suppression.Suppressions;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The send log's part of a contact's erasure, in the erasure's own transaction: pending
 * outreach (SCHEDULED, RETRY) is CANCELLED with reason {@code contact_erased}; the rows
 * themselves stay, as the log of what was sent (never twice), without what could identify
 * the person: SMTP replies and bounce reasons (a server may echo the address), the labels
 * of custom dates and the sale references in occasions ({@code sale:erased-<sale id>}, as
 * the sale's own reference becomes). The partner's test sends to the address keep that
 * they happened, not to whom; the address stays suppressed as a keyed digest only
 * ({@link Suppressions#eraseAddress}). A message being sent at that moment (SENDING)
 * finishes its attempt; the dispatcher skips erased contacts from then on.
 */
@Component
class Erasure {

	private static final Logger log = LoggerFactory.getLogger(Erasure.class);

	/** What a test send to an erased person's address shows as its recipient. */
	static final String ERASED_ADDRESS = "(erased)";

	private final JdbcClient jdbc;

	private final MeterRegistry meters;

	private final Suppressions suppressions;

	private final Clock clock;

	Erasure(JdbcClient jdbc, MeterRegistry meters, Suppressions suppressions, Clock clock) {
		this.jdbc = jdbc;
		this.meters = meters;
		this.suppressions = suppressions;
		this.clock = clock;
	}

	@EventListener
	void cancelAndScrub(ContactErased erased) {
		long now = this.clock.millis();
		String reason = SkipReason.CONTACT_ERASED.code();
		List<String> programs = this.jdbc.sql("""
				SELECT p.program_key FROM outreach o JOIN program p ON p.id = o.program_id
				WHERE o.partner_id = ? AND o.contact_id = ? AND o.status IN ('SCHEDULED', 'RETRY')""")
			.params(erased.partnerId(), erased.contactId())
			.query(String.class)
			.list();
		int cancelled = this.jdbc.sql("""
				UPDATE outreach SET status = 'CANCELLED', reason = ?, version = version + 1, updated_at = ?
				WHERE partner_id = ? AND contact_id = ? AND status IN ('SCHEDULED', 'RETRY')""")
			.params(reason, now, erased.partnerId(), erased.contactId())
			.update();
		this.jdbc.sql("""
				UPDATE outreach SET last_reply = NULL
				WHERE partner_id = ? AND contact_id = ? AND last_reply IS NOT NULL""")
			.params(erased.partnerId(), erased.contactId())
			.update();
		this.jdbc.sql("""
				UPDATE attempt SET smtp_reply = NULL
				WHERE smtp_reply IS NOT NULL
				  AND outreach_id IN (SELECT id FROM outreach WHERE partner_id = ? AND contact_id = ?)""")
			.params(erased.partnerId(), erased.contactId())
			.update();
		// custom:<label>@<date>: the label is the partner's words about the person. The
		// row id keeps the key unique; occasion_date keeps the date.
		this.jdbc.sql("""
				UPDATE outreach SET occasion = CONCAT('custom:erased-', id)
				WHERE partner_id = ? AND contact_id = ? AND occasion LIKE 'custom:%'""")
			.params(erased.partnerId(), erased.contactId())
			.update();
		// sale:<ref>: the partner's reference of the person's purchase. The sale's id
		// keeps the key unique, as the sale's reference becomes erased-<id>.
		this.jdbc.sql("""
				UPDATE outreach SET occasion = CONCAT('sale:erased-', sale_id)
				WHERE partner_id = ? AND contact_id = ? AND occasion LIKE 'sale:%' AND sale_id IS NOT NULL""")
			.params(erased.partnerId(), erased.contactId())
			.update();
		this.jdbc.sql("""
				UPDATE outreach SET occasion = CONCAT('sale:erased-o', id)
				WHERE partner_id = ? AND contact_id = ? AND occasion LIKE 'sale:%' AND sale_id IS NULL""")
			.params(erased.partnerId(), erased.contactId())
			.update();
		String email = erased.email();
		if (email != null) {
			this.suppressions.eraseAddress(erased.partnerId(), email);
			// A server's reply to a test send may echo the address too.
			this.jdbc.sql("""
					UPDATE test_send SET to_address = ?, smtp_reply = ''
					WHERE partner_id = ? AND LOWER(to_address) = ?""")
				.params(ERASED_ADDRESS, erased.partnerId(), email.strip().toLowerCase(Locale.ROOT))
				.update();
		}
		programs.forEach(
				program -> this.meters.counter("gratitude.outreach.cancelled", "program", program, "reason", reason)
					.increment());
		log.info("contact erased: partner={} contact={} cancelled={}", erased.partnerId(), erased.contactId(),
				cancelled);
	}

}
