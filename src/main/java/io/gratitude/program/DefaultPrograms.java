package io.gratitude.program;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import io.gratitude.contact.DateKind;
import io.gratitude.partner.Partner;
import io.gratitude.partner.PartnerEnrolled;
import io.gratitude.partner.Partners;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Gives every new partner the default programs, each using the default template of the
 * same key.
 */
@Component
class DefaultPrograms {

	private final Programs programs;

	private final Partners partners;

	private final Clock clock;

	DefaultPrograms(Programs programs, Partners partners, Clock clock) {
		this.programs = programs;
		this.partners = partners;
		this.clock = clock;
	}

	/**
	 * The priority of a program with this trigger (lower wins when messages compete): the
	 * post-sale thank-you first, then the welcome, birthdays, client anniversaries,
	 * custom dates, check-ins and campaigns. Programs created over the API get it too.
	 */
	static int priorityOf(Trigger trigger, @Nullable DateKind dateKind) {
		return switch (trigger) {
			case AFTER_SALE -> 10;
			case PROMOTION -> 20;
			case DATE -> (dateKind == DateKind.BIRTHDAY) ? 30 : (dateKind == DateKind.CLIENT_ANNIVERSARY) ? 40 : 45;
			case CHECK_IN -> 50;
			case AT_RISK -> 55;
			case CAMPAIGN -> 60;
		};
	}

	static List<Program> forPartner(long partnerId) {
		return List.of(
				new Program(0, partnerId, "after-sale-thanks", "Thank you after a purchase", Trigger.AFTER_SALE, null,
						Audience.ANY, "after-sale-thanks", Duration.ofHours(2), 0, null, null, Duration.ofHours(24), 10,
						true, null),
				new Program(0, partnerId, "client-welcome", "Welcome, new client", Trigger.PROMOTION, null,
						Audience.CLIENT, "client-welcome", Duration.ofHours(1), 0, null, null, Duration.ofDays(3), 20,
						true, null),
				new Program(0, partnerId, "birthday", "Birthday greeting", Trigger.DATE, DateKind.BIRTHDAY,
						Audience.ANY, "birthday", Duration.ZERO, 0, null, LocalTime.of(9, 0), Duration.ofHours(24), 30,
						true, null),
				new Program(0, partnerId, "client-anniversary", "Client anniversary", Trigger.DATE,
						DateKind.CLIENT_ANNIVERSARY, Audience.CLIENT, "client-anniversary", Duration.ZERO, 0, null,
						LocalTime.of(10, 0), Duration.ofHours(24), 40, true, null),
				new Program(0, partnerId, "client-check-in", "Client check-in", Trigger.CHECK_IN, null, Audience.CLIENT,
						"client-check-in", Duration.ZERO, 0, 90, LocalTime.of(10, 0), Duration.ofHours(48), 50, true,
						null),
				new Program(0, partnerId, "client-at-risk", "Personal check-in with a client at risk", Trigger.AT_RISK,
						null, Audience.CLIENT, "client-at-risk", Duration.ofHours(1), 0, null, null, Duration.ofDays(3),
						55, true, null));
	}

	@EventListener
	void createFor(PartnerEnrolled enrolled) {
		Instant now = this.clock.instant();
		forPartner(enrolled.partnerId()).forEach(program -> this.programs.insert(program, now));
	}

	/**
	 * Gives partners enrolled before a default program shipped (client-at-risk, issue 7)
	 * that program, once: a key the partner has, or had and deleted, is left alone. Safe
	 * when several nodes start at once (the key is unique per partner).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void addMissingDefaults() {
		Instant now = this.clock.instant();
		for (Partner partner : this.partners.findAll()) {
			for (Program program : forPartner(partner.id())) {
				if (!this.programs.isKeyTaken(partner.id(), program.key())) {
					try {
						this.programs.insert(program, now);
					}
					catch (DuplicateKeyException ex) {
						// Another node added it a moment ago.
					}
				}
			}
		}
	}

}
