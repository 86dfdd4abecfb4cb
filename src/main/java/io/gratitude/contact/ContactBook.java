package io.gratitude.contact;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The contact use cases: upsert, opt-out and opt-in. Each one is a transaction. */
@Service
public class ContactBook {

	private final Contacts contacts;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	ContactBook(Contacts contacts, ApplicationEventPublisher events, Clock clock) {
		this.contacts = contacts;
		this.events = events;
		this.clock = clock;
	}

	/** The outcome of an upsert. */
	public record Upserted(Contact contact, boolean created) {
	}

	/**
	 * Creates or replaces the partner's contact with {@code data.externalRef()}. A
	 * contact that becomes a client gets a client-since date (today, when not given); a
	 * client-since date gives the contact a CLIENT_ANNIVERSARY date unless one is listed.
	 * Publishes {@link ContactChanged}.
	 */
	@Transactional
	public Upserted upsert(long partnerId, ContactData data) {
		Instant now = this.clock.instant();
		Optional<Contact> existing = this.contacts.findByRef(partnerId, data.externalRef());
		boolean promoted = data.relationship() == Relationship.CLIENT
				&& existing.map(c -> c.relationship() == Relationship.CUSTOMER).orElse(false);
		LocalDate clientSince = data.clientSince();
		if (clientSince == null && data.relationship() == Relationship.CLIENT) {
			clientSince = existing.map(Contact::clientSince).orElse(LocalDate.ofInstant(now, ZoneOffset.UTC));
		}
		ContactData complete = new ContactData(data.externalRef(), data.email(), data.firstName(), data.lastName(),
				data.relationship(), data.timeZone(), data.locale(), clientSince, data.attributes(),
				datesFor(data.dates(), existing, clientSince));
		long id;
		if (existing.isPresent()) {
			id = existing.get().id();
			this.contacts.update(id, complete, now);
		}
		else {
			id = this.contacts.insert(partnerId, complete, now);
		}
		if (complete.dates() != null) {
			this.contacts.replaceDates(partnerId, id, complete.dates());
		}
		this.events.publishEvent(new ContactChanged(partnerId, id, promoted));
		return new Upserted(this.contacts.findById(partnerId, id).orElseThrow(), existing.isEmpty());
	}

	/**
	 * Records that the contact wants nothing more; idempotent (the first opt-out time is
	 * kept).
	 */
	@Transactional
	public Contact optOut(long partnerId, String externalRef) {
		Contact contact = require(partnerId, externalRef);
		if (!contact.optedOut()) {
			this.contacts.setOptedOut(partnerId, contact.id(), this.clock.instant());
		}
		return this.contacts.findById(partnerId, contact.id()).orElseThrow();
	}

	/**
	 * Marks the contact with this id as opted out (from an unsubscribe link); idempotent.
	 */
	@Transactional
	public void optOut(long partnerId, long contactId) {
		this.contacts.findById(partnerId, contactId)
			.filter(c -> !c.optedOut())
			.ifPresent(c -> this.contacts.setOptedOut(partnerId, contactId, this.clock.instant()));
	}

	/** Clears an opt-out; idempotent. */
	@Transactional
	public Contact optIn(long partnerId, String externalRef) {
		Contact contact = require(partnerId, externalRef);
		this.contacts.setOptedOut(partnerId, contact.id(), null);
		this.events.publishEvent(new ContactChanged(partnerId, contact.id(), false));
		return this.contacts.findById(partnerId, contact.id()).orElseThrow();
	}

	private Contact require(long partnerId, String externalRef) {
		return this.contacts.findByRef(partnerId, externalRef)
			.orElseThrow(() -> new UnknownContact(externalRef, HttpStatus.NOT_FOUND));
	}

	/**
	 * The dates to store, or null to keep the stored ones. A client-since date implies a
	 * CLIENT_ANNIVERSARY date (label "") unless the caller lists one itself.
	 */
	private static @Nullable List<SignificantDate> datesFor(@Nullable List<SignificantDate> given,
			Optional<Contact> existing, @Nullable LocalDate clientSince) {
		boolean sinceChanged = clientSince != null
				&& !clientSince.equals(existing.map(Contact::clientSince).orElse(null));
		if (given == null && !sinceChanged) {
			return null;
		}
		List<SignificantDate> dates = new ArrayList<>(
				(given != null) ? given : existing.map(Contact::dates).orElse(List.of()));
		if (clientSince != null && (given == null || given.stream().noneMatch(ContactBook::isClientSinceDate))) {
			dates.removeIf(ContactBook::isClientSinceDate);
			dates.add(new SignificantDate(DateKind.CLIENT_ANNIVERSARY, clientSince.getMonthValue(),
					clientSince.getDayOfMonth(), clientSince.getYear(), ""));
		}
		return dates;
	}

	private static boolean isClientSinceDate(SignificantDate date) {
		return date.kind() == DateKind.CLIENT_ANNIVERSARY && date.label().isEmpty();
	}

}
