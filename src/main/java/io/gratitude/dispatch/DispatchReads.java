package io.gratitude.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.outreach.Outreach;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.outreach.SendRules;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.sale.Sale;
import io.gratitude.suppression.Suppressions;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.PublishedTemplate;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * What the dispatcher reads about a slice of a claimed batch before sending it, in a
 * fixed number of set-based queries instead of a dozen per message: the partners and
 * programs, the contacts with their dates, which of their addresses are suppressed, what
 * the frequency cap weighs for them, their relationship with the partner
 * ({@link ClientRecords}), the sales thanked for and the programs' published templates.
 * The send log's preview reads a slice of one the same way, so that what it shows and
 * what is sent cannot differ.
 * <p>
 * A {@link Snapshot} is read at one moment; the {@link Dispatcher} uses one for a short
 * while only (a slice of rows, and never longer than {@link Dispatcher#RECHECK_AGE}), so
 * that the send-time checks (opt-out, suppression, audience, the cap, a published
 * template) see the state of the database from just before each send. What the slice's
 * own messages become meanwhile (sent, or waiting again) is written into the snapshot as
 * it happens, so that the cap weighs them as a fresh read would.
 */
@Component
class DispatchReads {

	private final Partners partners;

	private final Programs programs;

	private final Contacts contacts;

	private final Suppressions suppressions;

	private final OutreachQueue queue;

	private final ClientRecords clients;

	private final MessageTemplates templates;

	DispatchReads(Partners partners, Programs programs, Contacts contacts, Suppressions suppressions,
			OutreachQueue queue, ClientRecords clients, MessageTemplates templates) {
		this.partners = partners;
		this.programs = programs;
		this.contacts = contacts;
		this.suppressions = suppressions;
		this.queue = queue;
		this.clients = clients;
		this.templates = templates;
	}

	/**
	 * Everything sending {@code rows} needs, read at {@code now}: the cap's view covers
	 * checks made up to {@code validFor} later.
	 */
	Snapshot readForSending(List<Outreach> rows, Instant now, Duration validFor) {
		Snapshot snapshot = readForRendering(rows);
		Map<Long, List<Long>> contactsByPartner = new LinkedHashMap<>();
		for (Outreach row : rows) {
			contactsByPartner.computeIfAbsent(row.partnerId(), id -> new ArrayList<>()).add(row.contactId());
		}
		contactsByPartner.forEach((partnerId, contactIds) -> {
			Partner partner = snapshot.partners.get(partnerId);
			if (partner == null) {
				return;
			}
			List<Contact> found = contactIds.stream().map(snapshot.contacts::get).filter(c -> c != null).toList();
			List<String> emails = found.stream().map(Contact::email).filter(e -> e != null).distinct().toList();
			Set<String> suppressed = this.suppressions.suppressedAmong(partnerId, emails);
			for (Contact contact : found) {
				if (contact.email() != null && suppressed.contains(contact.email())) {
					snapshot.suppressed.add(contact.id());
				}
			}
			Duration cap = SendRules.capOf(partner);
			if (!cap.isZero()) {
				snapshot.capEntries.putAll(this.queue.capEntries(partnerId, new LinkedHashSet<>(contactIds),
						now.minus(cap), now.plus(cap).plus(validFor)));
			}
		});
		return snapshot;
	}

	/**
	 * What rendering {@code rows} needs: partners, programs, contacts, published
	 * templates, sales and client records.
	 */
	Snapshot readForRendering(List<Outreach> rows) {
		Snapshot snapshot = new Snapshot(rows);
		Map<Long, Set<Long>> contactsByPartner = new LinkedHashMap<>();
		Map<Long, Set<Long>> salesByPartner = new LinkedHashMap<>();
		for (Outreach row : rows) {
			if (!snapshot.partners.containsKey(row.partnerId())) {
				this.partners.findById(row.partnerId()).ifPresent(p -> snapshot.partners.put(p.id(), p));
			}
			if (!snapshot.programs.containsKey(row.programId())) {
				this.programs.findById(row.partnerId(), row.programId())
					.ifPresent(p -> snapshot.programs.put(p.id(), p));
			}
			contactsByPartner.computeIfAbsent(row.partnerId(), id -> new LinkedHashSet<>()).add(row.contactId());
			if (row.saleId() != null) {
				salesByPartner.computeIfAbsent(row.partnerId(), id -> new LinkedHashSet<>()).add(row.saleId());
			}
		}
		for (Program program : snapshot.programs.values()) {
			snapshot.templates.computeIfAbsent(templateKey(program.partnerId(), program.templateKey()),
					key -> this.templates.findPublishedVariants(program.partnerId(), program.templateKey()));
		}
		contactsByPartner.forEach((partnerId, contactIds) -> {
			snapshot.contacts.putAll(this.contacts.findByIds(partnerId, contactIds));
			snapshot.clients.putAll(this.clients.of(partnerId, contactIds));
		});
		salesByPartner.forEach((partnerId, saleIds) -> snapshot.sales.putAll(this.clients.sales(partnerId, saleIds)));
		return snapshot;
	}

	private static String templateKey(long partnerId, String key) {
		return partnerId + "/" + key;
	}

	/** What was read about a slice of rows, and what became of them since. */
	static final class Snapshot {

		private final long readAt = System.nanoTime();

		private final Set<Long> rows = new HashSet<>();

		private final Map<Long, Partner> partners = new HashMap<>();

		private final Map<Long, Program> programs = new HashMap<>();

		private final Map<Long, Contact> contacts = new HashMap<>();

		private final Set<Long> suppressed = new HashSet<>();

		private final Map<Long, List<OutreachQueue.CapEntry>> capEntries = new HashMap<>();

		private final Map<Long, ClientRecords.ClientRecord> clients = new HashMap<>();

		private final Map<Long, Sale> sales = new HashMap<>();

		private final Map<String, List<PublishedTemplate>> templates = new HashMap<>();

		private Snapshot(Collection<Outreach> rows) {
			rows.forEach(row -> this.rows.add(row.id()));
		}

		/**
		 * Whether this snapshot was read for the row and is younger than {@code age}
		 * (wall time).
		 */
		boolean freshFor(Outreach row, Duration age) {
			return this.rows.contains(row.id()) && System.nanoTime() - this.readAt <= age.toNanos();
		}

		/** The row's partner. */
		Partner partner(Outreach row) {
			return found(this.partners.get(row.partnerId()), "partner", row.partnerId());
		}

		/** The row's program. */
		Program program(Outreach row) {
			return found(this.programs.get(row.programId()), "program", row.programId());
		}

		/** The row's contact, with its dates. */
		Contact contact(Outreach row) {
			return found(this.contacts.get(row.contactId()), "contact", row.contactId());
		}

		/** Whether the contact's address is on its partner's suppression list. */
		boolean suppressed(Contact contact) {
			return this.suppressed.contains(contact.id());
		}

		/** What the frequency cap weighs for the row: its contact's other messages. */
		OutreachQueue.CapView capView(Outreach row) {
			return OutreachQueue.capView(this.capEntries.getOrDefault(row.contactId(), List.of()), row.id());
		}

		/** The published variants of the partner's template ({@code []} if none). */
		List<PublishedTemplate> publishedVariants(long partnerId, String templateKey) {
			return this.templates.getOrDefault(templateKey(partnerId, templateKey), List.of());
		}

		/**
		 * The published variant of the partner's template for these locales, as
		 * {@link MessageTemplates#findPublished(long, String, List)} chooses it.
		 */
		Optional<PublishedTemplate> published(long partnerId, String templateKey, List<String> preferred) {
			return MessageTemplates.choose(publishedVariants(partnerId, templateKey), preferred);
		}

		/** The sale the row thanks for, if it has one. */
		@Nullable Sale sale(Outreach row) {
			return (row.saleId() != null) ? this.sales.get(row.saleId()) : null;
		}

		/** The contact's relationship with its partner. */
		ClientRecords.ClientRecord client(Contact contact) {
			return found(this.clients.get(contact.id()), "client record", contact.id());
		}

		/**
		 * Records what became of one of the slice's rows, so that the cap weighs it for
		 * the other messages of its contact as a fresh read would: sent (SENT), waiting
		 * again (SCHEDULED or RETRY, due at {@code dueAt}) or finished otherwise.
		 */
		void recorded(Outreach row, Program program, OutreachStatus status, @Nullable Instant sentAt,
				@Nullable Instant dueAt) {
			List<OutreachQueue.CapEntry> entries = this.capEntries.get(row.contactId());
			if (entries == null && status != OutreachStatus.SENT) {
				return;
			}
			if (entries == null) {
				entries = new ArrayList<>();
				this.capEntries.put(row.contactId(), entries);
			}
			entries.removeIf(entry -> entry.outreachId() == row.id());
			SendRules.Ranked ranked = new SendRules.Ranked(program.priority(), (dueAt != null) ? dueAt : row.dueAt(),
					program.key(), row.occasion());
			if (status == OutreachStatus.SENT) {
				entries.add(new OutreachQueue.CapEntry(row.id(), row.contactId(), sentAt, ranked));
			}
			else if (status == OutreachStatus.SCHEDULED || status == OutreachStatus.RETRY) {
				entries.add(new OutreachQueue.CapEntry(row.id(), row.contactId(), null, ranked));
			}
		}

		private static <T> T found(@Nullable T value, String what, long id) {
			if (value == null) {
				throw new NoSuchElementException("no " + what + " " + id);
			}
			return value;
		}

	}

}
