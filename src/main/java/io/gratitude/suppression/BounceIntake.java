package io.gratitude.suppression;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.gratitude.contact.ContactBook;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bounces and complaints reported by a mail provider, applied in one transaction: a hard
 * bounce suppresses the address ({@code hard_bounce}); a complaint suppresses it
 * ({@code complaint}) and opts the partner's contacts with that address out; a soft
 * bounce suppresses nothing. Each event is published as {@link BounceReceived} so that
 * the send log records it on the partner's sent message with its Message-ID. Everything
 * is idempotent: the same event again changes nothing more.
 */
@Service
class BounceIntake {

	private static final Logger log = LoggerFactory.getLogger(BounceIntake.class);

	private final Suppressions suppressions;

	private final ContactBook contacts;

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	BounceIntake(Suppressions suppressions, ContactBook contacts, JdbcClient jdbc, ApplicationEventPublisher events,
			Clock clock) {
		this.suppressions = suppressions;
		this.contacts = contacts;
		this.jdbc = jdbc;
		this.events = events;
		this.clock = clock;
	}

	/** One validated event. */
	record Bounce(String email, BounceType type, @Nullable String messageId, @Nullable String reason,
			@Nullable Instant occurredAt) {
	}

	/** What the intake did. */
	record Outcome(int received, int suppressed, int matched, int unmatched) {
	}

	/** Applies the (already validated) events, all or none. */
	@Transactional
	Outcome receive(long partnerId, List<Bounce> bounces) {
		Instant now = this.clock.instant();
		int suppressed = 0;
		int matched = 0;
		for (Bounce bounce : bounces) {
			if (bounce.type() == BounceType.HARD) {
				suppressed += this.suppressions.add(partnerId, bounce.email(), "hard_bounce", now).created() ? 1 : 0;
			}
			else if (bounce.type() == BounceType.COMPLAINT) {
				suppressed += this.suppressions.add(partnerId, bounce.email(), "complaint", now).created() ? 1 : 0;
				optOutContactsWith(partnerId, bounce.email());
			}
			BounceReceived event = new BounceReceived(partnerId, bounce.email(), bounce.type(), bounce.messageId(),
					bounce.reason(), (bounce.occurredAt() != null) ? bounce.occurredAt() : now);
			this.events.publishEvent(event);
			matched += event.isMatched() ? 1 : 0;
		}
		Outcome outcome = new Outcome(bounces.size(), suppressed, matched, bounces.size() - matched);
		log.info("bounces received: partner={} received={} suppressed={} matched={} unmatched={}", partnerId,
				outcome.received(), outcome.suppressed(), outcome.matched(), outcome.unmatched());
		return outcome;
	}

	/**
	 * Opts out the partner's (not erased) contacts with this address, compared ignoring
	 * case; the contact module keeps the first opt-out time.
	 */
	private void optOutContactsWith(long partnerId, String email) {
		this.jdbc.sql("""
				SELECT id FROM contact
				WHERE partner_id = ? AND LOWER(email) = ? AND erased_at IS NULL AND opted_out_at IS NULL
				ORDER BY id""")
			.params(partnerId, email.toLowerCase(Locale.ROOT))
			.query(Long.class)
			.list()
			.forEach(contactId -> this.contacts.optOut(partnerId, contactId));
	}

}
