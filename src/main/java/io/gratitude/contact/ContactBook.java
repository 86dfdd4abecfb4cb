package io.gratitude.contact;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gratitude.audit.AuditLog;
import io.gratitude.system.ErasedValues;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contact use cases: upsert (one or a bulk row), erasure, significant dates, opt-out
 * and opt-in. Each one is a transaction.
 */
@Service
public class ContactBook {

	private final Contacts contacts;

	private final RelationshipHistory history;

	private final ApplicationEventPublisher events;

	private final ErasedValues erasedValues;

	private final Clock clock;

	private final AuditLog audit;

	ContactBook(Contacts contacts, RelationshipHistory history, ApplicationEventPublisher events,
			ErasedValues erasedValues, Clock clock, AuditLog audit) {
		this.contacts = contacts;
		this.history = history;
		this.events = events;
		this.erasedValues = erasedValues;
		this.clock = clock;
		this.audit = audit;
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
		return upsert(partnerId, data, RelationshipChange.Origin.API);
	}

	/**
	 * {@link #upsert(long, ContactData)}, a change of relationship being recorded in the
	 * contact's history as made by {@code origin}.
	 */
	@Transactional
	public Upserted upsert(long partnerId, ContactData data, RelationshipChange.Origin origin) {
		Written written = write(partnerId, data, this.contacts.findByRef(partnerId, data.externalRef()), origin);
		return new Upserted(this.contacts.findById(partnerId, written.id()).orElseThrow(), written.created());
	}

	/**
	 * Changes the relationship of the partner's live contact with this id, keeping all
	 * else, and records it as made by {@code origin}; a new client gets today as
	 * client-since. Publishes {@link ContactChanged} (promoted when it became a client),
	 * as an API upsert does, so a promotion gets the same welcome. Does nothing when the
	 * contact has that relationship already.
	 * @return whether the relationship changed
	 */
	@Transactional
	public boolean changeRelationship(long partnerId, long contactId, Relationship to,
			RelationshipChange.Origin origin) {
		Optional<Contact> found = this.contacts.findById(partnerId, contactId).filter(c -> !c.erased());
		if (found.isEmpty() || found.get().relationship() == to) {
			return false;
		}
		Contact c = found.get();
		write(partnerId, new ContactData(c.externalRef(), c.email(), c.firstName(), c.lastName(), to, c.timeZone(),
				c.locale(), c.clientSince(), c.attributes(), null), found, origin);
		return true;
	}

	/**
	 * Starts an at-risk episode of a client, once: recorded in its history with the
	 * episode's name, unless the client is at risk already or had this episode before.
	 * @param episode names the episode, e.g. {@code at-risk@2027-01-05} (the day of the
	 * last activity): the same name never starts twice
	 * @return whether the episode started now
	 */
	@Transactional
	public boolean startAtRisk(long partnerId, long contactId, String episode, String text) {
		Optional<Contact> found = this.contacts.findById(partnerId, contactId)
			.filter(c -> !c.erased() && c.relationship() == Relationship.CLIENT);
		Instant now = this.clock.instant();
		if (found.isEmpty() || !this.history.startAtRisk(partnerId, contactId, episode, now)) {
			return false;
		}
		this.history.record(partnerId, contactId, Relationship.CLIENT, Relationship.CLIENT, now,
				new RelationshipChange.Origin(ChangeReason.AT_RISK, text, "at-risk-review"), episode);
		return true;
	}

	/**
	 * Ends the client's at-risk episode, if any, recording it in its history.
	 * @return whether there was one
	 */
	@Transactional
	public boolean endAtRisk(long partnerId, long contactId, RelationshipChange.Origin origin) {
		if (!this.history.endAtRisk(partnerId, contactId)) {
			return false;
		}
		this.history.record(partnerId, contactId, Relationship.CLIENT, Relationship.CLIENT, this.clock.instant(),
				origin, null);
		return true;
	}

	/**
	 * {@link #endAtRisk(long, long, RelationshipChange.Origin)} for several clients at
	 * once, each with its origin: one read finds those in an episode, and only theirs are
	 * ended and recorded, in the order of {@code origins}.
	 * @return the contacts whose episode ended
	 */
	@Transactional
	public Set<Long> endAtRisk(long partnerId, Map<Long, RelationshipChange.Origin> origins) {
		Set<Long> atRisk = this.history.atRiskAmong(partnerId, origins.keySet());
		Set<Long> ended = new LinkedHashSet<>();
		origins.forEach((contactId, origin) -> {
			if (atRisk.contains(contactId) && endAtRisk(partnerId, contactId, origin)) {
				ended.add(contactId);
			}
		});
		return ended;
	}

	/**
	 * One row of a bulk write, in its own transaction: {@link #upsert} without reading
	 * the contact back. With {@code onlyKind}, {@code data.dates()} replaces only the
	 * contact's dates of that kind (a CSV {@code birthday} column) and the other dates
	 * stay.
	 * @return whether the contact was created
	 */
	@Transactional
	public boolean upsertRow(long partnerId, ContactData data, @Nullable DateKind onlyKind) {
		return upsertRow(partnerId, data, onlyKind, RelationshipChange.Origin.API);
	}

	/** {@link #upsertRow(long, ContactData, DateKind)} recorded as made by origin. */
	@Transactional
	public boolean upsertRow(long partnerId, ContactData data, @Nullable DateKind onlyKind,
			RelationshipChange.Origin origin) {
		return upsertRow(partnerId, data, onlyKind, this.contacts.findByRef(partnerId, data.externalRef()), origin);
	}

	/** A row of a bulk write: see {@link #upsertRow(long, ContactData, DateKind)}. */
	public record Row(ContactData data, @Nullable DateKind onlyKind) {
	}

	/**
	 * Several rows of a bulk write with distinct references, all in one transaction
	 * (fewer commits and one read of the existing contacts): any failure rolls back every
	 * one of them, and the caller may then write them one by one.
	 * @return for each row, whether its contact was created
	 */
	@Transactional
	public List<Boolean> upsertRows(long partnerId, List<Row> rows) {
		return upsertRows(partnerId, rows, RelationshipChange.Origin.API);
	}

	/** {@link #upsertRows(long, List)} recorded as made by origin. */
	@Transactional
	public List<Boolean> upsertRows(long partnerId, List<Row> rows, RelationshipChange.Origin origin) {
		Map<String, Contact> existing = this.contacts.findByRefs(partnerId,
				rows.stream().map(r -> r.data().externalRef()).toList());
		List<Boolean> created = new ArrayList<>();
		for (Row row : rows) {
			created.add(upsertRow(partnerId, row.data(), row.onlyKind(),
					Optional.ofNullable(existing.get(row.data().externalRef())), origin));
		}
		return created;
	}

	private boolean upsertRow(long partnerId, ContactData data, @Nullable DateKind onlyKind, Optional<Contact> existing,
			RelationshipChange.Origin origin) {
		if (onlyKind != null && data.dates() != null) {
			List<SignificantDate> dates = new ArrayList<>(existing.map(Contact::dates).orElse(List.of()));
			// The client-since date follows clientSince: upsert adds it again from there.
			dates.removeIf(d -> d.kind() == onlyKind || isClientSinceDate(d));
			dates.addAll(data.dates());
			data = new ContactData(data.externalRef(), data.email(), data.firstName(), data.lastName(),
					data.relationship(), data.timeZone(), data.locale(), data.clientSince(), data.attributes(), dates);
		}
		return write(partnerId, data, existing, origin).created();
	}

	private record Written(long id, boolean created) {
	}

	private Written write(long partnerId, ContactData data, Optional<Contact> existing,
			RelationshipChange.Origin origin) {
		Instant now = this.clock.instant();
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
		Relationship before = existing.map(Contact::relationship).orElse(null);
		if (before != complete.relationship() && (before != null || complete.relationship() == Relationship.CLIENT)) {
			// A contact created as a customer is no change worth a line; one created as a
			// client is.
			this.history.record(partnerId, id, before, complete.relationship(), now, origin, null);
			if (complete.relationship() == Relationship.CUSTOMER) {
				this.history.endAtRisk(partnerId, id);
			}
		}
		this.events.publishEvent(new ContactChanged(partnerId, id, promoted));
		return new Written(id, existing.isEmpty());
	}

	/**
	 * Erases the contact's personal data (GDPR): email, names, zone, locale, client-since
	 * date, attributes and significant dates; its reference becomes {@code erased-<id>}
	 * so the partner may use the old one again. Publishes {@link ContactErased} (the
	 * outreach module cancels what is pending and scrubs the send log). Idempotent: the
	 * old reference of an erased contact, or its {@code erased-<id>}, is erased already.
	 * @throws UnknownContact (404) when the partner never had such a contact
	 */
	@Transactional
	public void erase(long partnerId, String externalRef) {
		String legacy = legacyRefHash(partnerId, externalRef);
		String hash = this.erasedValues.keyed(legacy);
		Optional<Contact> contact = this.contacts.findByRef(partnerId, externalRef);
		if (contact.isPresent() && !contact.get().erased()) {
			this.contacts.erase(partnerId, contact.get().id(), hash, this.clock.instant());
			// An erased contact is nobody's client at risk any more.
			this.history.endAtRisk(partnerId, contact.get().id());
			// The address, for the other modules to remove what they keep of it.
			this.events.publishEvent(new ContactErased(partnerId, contact.get().id(), contact.get().email()));
			// By id only: the log must not keep what the erasure removed.
			this.audit.record(partnerId, "contact.erased", "contact #" + contact.get().id());
		}
		else if (contact.isEmpty() && !this.contacts.isErasedRef(partnerId, hash, legacy)) {
			throw new UnknownContact(externalRef, HttpStatus.NOT_FOUND);
		}
	}

	/**
	 * Sets one significant date of a contact, replacing the one of the same kind and
	 * label, and plans again like an upsert (pending occasions of a changed date are
	 * cancelled). Publishes {@link ContactChanged}.
	 * @return whether the date is new
	 * @throws UnknownContact (404) for an unknown or erased contact
	 */
	@Transactional
	public boolean putDate(long partnerId, String externalRef, SignificantDate date) {
		Contact contact = requireLive(partnerId, externalRef);
		boolean created = this.contacts.putDate(partnerId, contact.id(), date);
		this.events.publishEvent(new ContactChanged(partnerId, contact.id(), false));
		return created;
	}

	/**
	 * Deletes one significant date of a contact and cancels its pending occasions.
	 * Publishes {@link ContactChanged}.
	 * @return whether the contact had that date
	 * @throws UnknownContact (404) for an unknown or erased contact
	 */
	@Transactional
	public boolean removeDate(long partnerId, String externalRef, DateKind kind, String label) {
		Contact contact = requireLive(partnerId, externalRef);
		boolean removed = this.contacts.deleteDate(contact.id(), kind, label);
		if (removed) {
			this.events.publishEvent(new ContactChanged(partnerId, contact.id(), false));
		}
		return removed;
	}

	private Contact requireLive(long partnerId, String externalRef) {
		return this.contacts.findByRef(partnerId, externalRef)
			.filter(c -> !c.erased())
			.orElseThrow(() -> new UnknownContact(externalRef, HttpStatus.NOT_FOUND));
	}

	/**
	 * What earlier versions kept of an erased contact's reference: a plain SHA-256 of
	 * (partner, reference). Now only the input of the keyed digest kept instead (see
	 * {@link ErasedValues}), so that rows of earlier versions can be upgraded without the
	 * reference ({@link ErasedRefUpgrade}).
	 */
	static String legacyRefHash(long partnerId, String externalRef) {
		return ErasedValues.sha256Hex(partnerId + ":" + externalRef);
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
