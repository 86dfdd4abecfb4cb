package io.gratitude.partner;

import io.gratitude.audit.AuditLog;

import java.time.Clock;
import java.time.Instant;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Enrolls partners: the partner, its first API key and (through {@link PartnerEnrolled})
 * its defaults, atomically.
 */
@Service
public class PartnerEnrollment {

	private final Partners partners;

	private final ApiKeys keys;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final AuditLog audit;

	PartnerEnrollment(Partners partners, ApiKeys keys, ApplicationEventPublisher events, Clock clock, AuditLog audit) {
		this.partners = partners;
		this.keys = keys;
		this.events = events;
		this.clock = clock;
		this.audit = audit;
	}

	/**
	 * The result of an enrollment: the partner and its API key in plain text, shown this
	 * once.
	 */
	public record Enrolled(Partner partner, String apiKey) {
	}

	/**
	 * Creates the partner with a first API key, default templates and default programs.
	 */
	@Transactional
	public Enrolled enroll(NewPartner partner) {
		Instant now = this.clock.instant();
		long id = this.partners.insert(partner, now);
		ApiKeys.IssuedKey issued = this.keys.create(id, "default", now);
		String key = issued.key();
		this.audit.record(id, "partner.enrolled", "partner #" + id + ", first API key " + issued.prefix());
		this.events.publishEvent(new PartnerEnrolled(id));
		return new Enrolled(this.partners.findById(id).orElseThrow(), key);
	}

}
