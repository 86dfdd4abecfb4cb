package io.gratitude.outreach;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Predicate;

import io.gratitude.contact.Contact;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.suppression.Suppressions;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The send-time rules, in one place for the dispatcher (which applies them to each
 * claimed row) and the forecast (which applies them to what it expects to be due):
 * whether a message may still go, when the recipient's send window lets it, and when the
 * partner's frequency cap does. A new rule is added here and both follow it.
 */
@Component
public class SendRules {

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
	public Optional<SkipReason> reasonNotToSend(Instant expiresAt, Contact contact, Partner partner, Program program,
			Instant now) {
		return reasonNotToSend(expiresAt, contact, partner, program, now,
				(email) -> this.suppressions.isSuppressed(partner.id(), email));
	}

	/**
	 * As {@link #reasonNotToSend(Instant, Contact, Partner, Program, Instant)}, with the
	 * partner's suppression list already read ({@code suppressed} answers whether an
	 * address is on it).
	 */
	public static Optional<SkipReason> reasonNotToSend(Instant expiresAt, Contact contact, Partner partner,
			Program program, Instant now, Predicate<String> suppressed) {
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
		if (suppressed.test(contact.email())) {
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
	public Instant windowOpening(Instant now, ZoneId zone, Partner partner) {
		return partner.sendWindow().nextOpening(now.atZone(zone)).toInstant();
	}

	/**
	 * The first moment at or after {@code now} at which the partner's frequency cap lets
	 * {@code self} go to its contact: {@code now} itself when it may go at once.
	 * <p>
	 * At most one message goes to a contact per cap period. A message waits until the
	 * period after the contact's last message has passed, and it yields to a more
	 * important waiting message of the same contact due within the period from now (one
	 * that would otherwise be capped by it): it waits for the period after that one's due
	 * time, and is judged again then. Importance is the program's priority, then the
	 * earlier due time, then program key and occasion, so of two messages exactly one
	 * yields, whichever is looked at first.
	 * @param cap the partner's period, zero for no cap
	 * @param lastSent when the contact was last sent a message, if within the period
	 * before {@code now}
	 * @param waiting the contact's other messages still waiting to be sent
	 */
	public static Instant capOpening(Duration cap, Ranked self, Instant now, @Nullable Instant lastSent,
			Collection<Ranked> waiting) {
		if (cap.isZero()) {
			return now;
		}
		Instant opening = now;
		if (lastSent != null && lastSent.plus(cap).isAfter(now)) {
			opening = lastSent.plus(cap);
		}
		Instant horizon = now.plus(cap);
		Instant yieldUntil = null;
		for (Ranked other : waiting) {
			if (Ranked.IMPORTANCE.compare(other, self) < 0 && other.dueAt().isBefore(horizon)) {
				Instant until = other.dueAt().plus(cap);
				if (yieldUntil == null || until.isBefore(yieldUntil)) {
					yieldUntil = until;
				}
			}
		}
		if (yieldUntil != null && yieldUntil.isAfter(opening)) {
			opening = yieldUntil;
		}
		return opening;
	}

	/** The partner's frequency cap period; zero for none. */
	public static Duration capOf(Partner partner) {
		return Duration.ofHours(partner.frequencyCapHours());
	}

	/**
	 * A message as the frequency cap weighs it.
	 *
	 * @param priority its program's priority, lower first
	 * @param dueAt its current due time
	 */
	public record Ranked(int priority, Instant dueAt, String programKey, String occasion) {

		/** More important first. */
		static final Comparator<Ranked> IMPORTANCE = Comparator.comparingInt(Ranked::priority)
			.thenComparing(Ranked::dueAt)
			.thenComparing(Ranked::programKey)
			.thenComparing(Ranked::occasion);

	}

	/** The SKIPPED or CANCELLED status a row takes for this reason at send time. */
	public static OutreachStatus statusFor(SkipReason reason) {
		return (reason == SkipReason.PROGRAM_DISABLED || reason == SkipReason.NOT_IN_AUDIENCE)
				? OutreachStatus.CANCELLED : OutreachStatus.SKIPPED;
	}

}
