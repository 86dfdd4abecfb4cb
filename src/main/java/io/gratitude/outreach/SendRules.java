package io.gratitude.outreach;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import io.gratitude.contact.Contact;
import io.gratitude.mail.Suppressions;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;

import org.springframework.stereotype.Component;

/**
 * The send-time rules, in one place for the {@link Dispatcher} (which applies them to
 * each claimed row) and the forecast (which applies them to what it expects to be due):
 * whether a message may still go, and when the recipient's send window lets it. A new
 * rule (the frequency cap of issue 4) is added here and both follow it.
 */
@Component
class SendRules {

	private final Suppressions suppressions;

	SendRules(Suppressions suppressions) {
		this.suppressions = suppressions;
	}

	/**
	 * Why a message must not go at {@code now}, if it must not: too late, erased, no
	 * address, opted out, suppressed, program disabled, contact out of the audience — in
	 * that order.
	 * @param expiresAt the outreach's latest send time
	 */
	Optional<SkipReason> reasonNotToSend(Instant expiresAt, Contact contact, Partner partner, Program program,
			Instant now) {
		if (now.isAfter(expiresAt)) {
			return Optional.of(SkipReason.TOO_LATE);
		}
		if (contact.erased()) {
			return Optional.of(SkipReason.CONTACT_ERASED);
		}
		if (contact.email() == null) {
			return Optional.of(SkipReason.NO_ADDRESS);
		}
		if (contact.optedOut()) {
			return Optional.of(SkipReason.OPTED_OUT);
		}
		if (this.suppressions.isSuppressed(partner.id(), contact.email())) {
			return Optional.of(SkipReason.SUPPRESSED);
		}
		if (!program.enabled()) {
			return Optional.of(SkipReason.PROGRAM_DISABLED);
		}
		if (!program.audience().includes(contact.relationship())) {
			return Optional.of(SkipReason.NOT_IN_AUDIENCE);
		}
		return Optional.empty();
	}

	/**
	 * The first moment at or after {@code now} at which the partner's send window, in the
	 * recipient's zone, lets a message go: {@code now} itself inside the window.
	 */
	Instant windowOpening(Instant now, ZoneId zone, Partner partner) {
		return partner.sendWindow().nextOpening(now.atZone(zone)).toInstant();
	}

	/** The SKIPPED or CANCELLED status a row takes for this reason at send time. */
	static OutreachStatus statusFor(SkipReason reason) {
		return (reason == SkipReason.PROGRAM_DISABLED || reason == SkipReason.NOT_IN_AUDIENCE)
				? OutreachStatus.CANCELLED : OutreachStatus.SKIPPED;
	}

}
