package io.gratitude.outreach;

import java.time.Clock;
import java.util.List;

import io.gratitude.contact.ContactErased;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The send log's part of a contact's erasure, in the erasure's own transaction: pending
 * outreach (SCHEDULED, RETRY) is CANCELLED with reason {@code contact_erased}; the rows
 * themselves stay, as the log of what was sent, without what could identify the person:
 * SMTP replies (a server may echo the address) and the labels of custom dates. A message
 * being sent at that moment (SENDING) finishes its attempt; the dispatcher skips erased
 * contacts from then on.
 */
@Component
class Erasure {

	private static final Logger log = LoggerFactory.getLogger(Erasure.class);

	private final JdbcClient jdbc;

	private final MeterRegistry meters;

	private final Clock clock;

	Erasure(JdbcClient jdbc, MeterRegistry meters, Clock clock) {
		this.jdbc = jdbc;
		this.meters = meters;
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
		programs.forEach(
				program -> this.meters.counter("gratitude.outreach.cancelled", "program", program, "reason", reason)
					.increment());
		log.info("contact erased: partner={} contact={} cancelled={}", erased.partnerId(), erased.contactId(),
				cancelled);
	}

}
