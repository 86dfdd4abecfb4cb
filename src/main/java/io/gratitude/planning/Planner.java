package io.gratitude.planning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.gratitude.contact.Contact;
import io.gratitude.contact.ContactChanged;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.DateKind;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.SignificantDate;
import io.gratitude.outreach.NewOutreach;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.OutreachSettings;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.outreach.SendRules;
import io.gratitude.outreach.SkipReason;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Audience;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.program.Trigger;
import io.gratitude.sale.Buyer;
import io.gratitude.sale.Sale;
import io.gratitude.sale.SalesRecorded;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns sales, promotions and significant dates into outreach rows. Planning is
 * idempotent: the (program, contact, occasion) key makes a second plan of the same
 * occasion a no-op, so the plan job, a restart and a contact update can all plan the same
 * day safely.
 */
@Component
public class Planner {

	private static final Logger log = LoggerFactory.getLogger(Planner.class);

	/** How far beyond a partner's frequency cap period occasions are planned. */
	static final Duration CAP_MARGIN = Duration.ofDays(1);

	/**
	 * Occasions stored by a plan run at once: one read of those already planned, one JDBC
	 * batch of the rest.
	 */
	private static final int CHUNK = 500;

	private final OutreachQueue queue;

	private final Programs programs;

	private final Partners partners;

	private final Contacts contacts;

	private final OutreachSettings settings;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	private final OccasionFinder occasions;

	Planner(OutreachQueue queue, Programs programs, Partners partners, Contacts contacts, OutreachSettings settings,
			TransactionTemplate transactions, MeterRegistry meters, Clock clock, OccasionFinder occasions) {
		this.occasions = occasions;
		this.transactions = transactions;
		this.meters = meters;
		this.queue = queue;
		this.programs = programs;
		this.partners = partners;
		this.contacts = contacts;
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Plans the post-sale thank-yous in the sales' own transaction: for each sale, one
	 * per enabled AFTER_SALE program whose audience includes the contact as it is now
	 * (after the lifecycle's promotion rules, which run first), with one batch insert for
	 * all of them.
	 */
	@EventListener
	void planAfterSale(SalesRecorded recorded) {
		List<Program> programs = this.programs.findEnabled(recorded.partnerId(), Trigger.AFTER_SALE);
		if (programs.isEmpty()) {
			return;
		}
		Instant now = this.clock.instant();
		Partner partner = this.partners.findById(recorded.partnerId()).orElseThrow();
		// A promotion may have changed a buyer's relationship since the sale was
		// recorded:
		// read it again, unless every program thanks customers and clients alike.
		boolean byRelationship = programs.stream().anyMatch(program -> program.audience() != Audience.ANY);
		Map<Long, Contact> contacts = byRelationship ? this.contacts.findByIds(partner.id(), recorded.contactIds())
				: Map.of();
		List<NewOutreach> planned = new ArrayList<>();
		for (Sale sale : recorded.sales()) {
			Buyer buyer = recorded.buyerOf(sale);
			Relationship relationship = byRelationship ? contacts.get(sale.contactId()).relationship()
					: buyer.relationship();
			ZoneId zone = OccasionCalendar.zoneFor(buyer.timeZone(), partner.timeZone().getId());
			for (Program program : programs) {
				if (program.audience().includes(relationship)) {
					Instant due = OccasionCalendar.afterSaleDue(sale.occurredAt(), program.delay(), zone,
							partner.sendWindow());
					planned.add(outreach(partner, program, sale.contactId(), "sale:" + sale.externalRef(), null,
							sale.id(), due, now));
				}
			}
		}
		// A sale's occasion is its reference, unique among the partner's sales, and sales
		// are never deleted: no thank-you of a sale recorded just now exists yet.
		this.queue.insertNew(planned, now);
		planned.forEach(outreach -> noteStored(partner, programs, outreach));
	}

	/**
	 * Plans a changed contact's dated occasions at once (from now minus the lateness to
	 * the horizon), cancels pending ones whose date no longer holds, and plans the
	 * welcome of a contact just promoted to client. Runs in the contact's transaction.
	 */
	@EventListener
	void planContact(ContactChanged changed) {
		Instant now = this.clock.instant();
		Partner partner = this.partners.findById(changed.partnerId()).orElseThrow();
		Contact contact = this.contacts.findById(changed.partnerId(), changed.contactId()).orElseThrow();
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		for (Program program : this.programs.findEnabled(partner.id(), Trigger.DATE)) {
			Instant from = now.minus(program.maxLateness());
			Instant to = horizonEnd(partner, now, now.plus(this.settings.horizon()));
			List<String> planned = new ArrayList<>();
			if (program.audience().includes(contact.relationship())) {
				for (SignificantDate date : contact.dates()) {
					if (date.kind() == program.dateKind()) {
						planned.addAll(planDate(partner, program, contact.id(), zone, date, from, to, now));
					}
				}
			}
			this.queue.cancelPending(program.id(), contact.id(), planned, SkipReason.DATE_CHANGED, now);
		}
		// Check-ins too: the plan job only looks ahead of where it stopped, so a client
		// created
		// (or promoted) since would otherwise miss the check-ins of the next hours.
		for (Program program : this.programs.findEnabled(partner.id(), Trigger.CHECK_IN)) {
			if (contact.relationship() != Relationship.CLIENT) {
				continue;
			}
			Instant from = now.minus(program.maxLateness());
			Instant to = horizonEnd(partner, now, now.plus(this.settings.horizon()));
			Instant lastActivity = this.occasions.lastActivityAt(partner.id(), List.of(contact.id())).get(contact.id());
			for (SignificantDate date : contact.dates()) {
				if (date.kind() == DateKind.CLIENT_ANNIVERSARY && date.label().isEmpty()) {
					for (OccasionFinder.Candidate candidate : this.occasions.checkInsOf(partner, program, contact.id(),
							contact.timeZone(), date, lastActivity, from, to)) {
						plan(partner, program, contact.id(), candidate.occasion(), candidate.occasionDate(), null,
								candidate.dueAt(), now);
					}
				}
			}
		}
		if (changed.promoted()) {
			for (Program program : this.programs.findEnabled(partner.id(), Trigger.PROMOTION)) {
				LocalDate since = (contact.clientSince() != null) ? contact.clientSince()
						: LocalDate.ofInstant(now, zone);
				Instant due = OccasionCalendar.afterSaleDue(now, program.delay(), zone, partner.sendWindow());
				plan(partner, program, contact.id(), "welcome@" + since, since, null, due, now);
			}
		}
	}

	/**
	 * The plan job's work: for every enabled dated and check-in program, plans the
	 * occasions due between where the last run stopped and {@code now + horizon}.
	 * Occasions missed during downtime (due before now minus their lateness) are stored
	 * SKIPPED as too late, never sent.
	 * @return how many outreach rows were stored
	 */
	public int planOccasionsUntil(Instant until) {
		long started = System.nanoTime();
		Instant now = this.clock.instant();
		// The programs as of now: one created while a long run goes on waits for the
		// next run, whose now comes after its creation.
		List<Program> dated = this.programs.findAllEnabled(Trigger.DATE);
		List<Program> checkIns = this.programs.findAllEnabled(Trigger.CHECK_IN);
		Map<Long, Partner> partners = new HashMap<>();
		Map<Instant, List<Long>> nothingDue = new TreeMap<>();
		int stored = 0;
		for (Program program : dated) {
			stored += planWindow(program, false, now, until, partners, nothingDue);
		}
		for (Program program : checkIns) {
			stored += planWindow(program, true, now, until, partners, nothingDue);
		}
		nothingDue.forEach((through, programIds) -> this.programs.markPlannedThrough(programIds, through));
		long millis = (System.nanoTime() - started) / 1_000_000;
		this.meters.timer("gratitude.plan.duration").record(millis, TimeUnit.MILLISECONDS);
		if (stored > 0 || millis >= 1000) {
			log.info("plan run: {} occasions stored from {} programs in {} ms", stored, dated.size() + checkIns.size(),
					millis);
		}
		return stored;
	}

	/**
	 * Plans one program's occasions from where its last run stopped to the horizon. A
	 * program with occasions due there gets a transaction of its own: its rows and its
	 * planned-through mark commit together, and a failure in one partner's data does not
	 * hold back the others. The many with nothing due are only noted in
	 * {@code nothingDue}, to be marked all at once at the end of the run: a write and a
	 * commit per program and run would cost a disk flush each on MySQL. Should the run
	 * stop before that mark, the next one reads the same (empty) window again.
	 */
	private int planWindow(Program program, boolean checkIns, Instant now, Instant until, Map<Long, Partner> partners,
			Map<Instant, List<Long>> nothingDue) {
		Partner partner = partners.computeIfAbsent(program.partnerId(), id -> this.partners.findById(id).orElseThrow());
		Instant from = from(program, now);
		Instant to = horizonEnd(partner, now, until);
		if (!from.isBefore(to) || (checkIns && program.periodDays() == null)) {
			return 0;
		}
		List<OccasionFinder.Candidate> candidates = checkIns ? this.occasions.checkIns(partner, program, from, to)
				: this.occasions.dated(partner, program, from, to);
		if (candidates.isEmpty()) {
			nothingDue.computeIfAbsent(to, (through) -> new ArrayList<>()).add(program.id());
			return 0;
		}
		List<NewOutreach> fresh = new ArrayList<>();
		Integer stored;
		try {
			stored = this.transactions.execute((status) -> {
				fresh.clear();
				int count = 0;
				for (int start = 0; start < candidates.size(); start += CHUNK) {
					List<OccasionFinder.Candidate> chunk = candidates.subList(start,
							Math.min(start + CHUNK, candidates.size()));
					List<NewOutreach> absent = absent(partner, program, chunk, now);
					this.queue.insertNew(absent, now);
					fresh.addAll(absent);
					// A dated program counts every occasion of its window, a check-in
					// program the new ones.
					count += checkIns ? absent.size() : chunk.size();
				}
				this.programs.markPlannedThrough(program.id(), to);
				return count;
			});
		}
		catch (DuplicateKeyException raced) {
			// A contact's change planned one of these occasions meanwhile (the plan job
			// runs on one node at a time, contact changes anywhere): all rolled back,
			// stored again one by one, each only if still absent.
			return planOneByOne(partner, program, checkIns, candidates, to, now);
		}
		fresh.forEach((outreach) -> noteStored(partner, List.of(program), outreach));
		return (stored != null) ? stored : 0;
	}

	/**
	 * Of these candidates of one program, those not planned yet, as outreach rows to
	 * store: one read of the unique key's (program, contact, occasion) entries per chunk.
	 */
	private List<NewOutreach> absent(Partner partner, Program program, List<OccasionFinder.Candidate> chunk,
			Instant now) {
		Set<String> planned = this.queue.existingOccasions(program.id(),
				chunk.stream().map(OccasionFinder.Candidate::contactId).distinct().toList(),
				chunk.stream().map(OccasionFinder.Candidate::occasion).distinct().toList());
		List<NewOutreach> absent = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (OccasionFinder.Candidate candidate : chunk) {
			String key = candidate.contactId() + "|" + candidate.occasion();
			if (!planned.contains(key) && seen.add(key)) {
				absent.add(outreach(partner, program, candidate.contactId(), candidate.occasion(),
						candidate.occasionDate(), null, candidate.dueAt(), now));
			}
		}
		return absent;
	}

	/** As {@link #planWindow}, one occasion after the other, each stored if absent. */
	private int planOneByOne(Partner partner, Program program, boolean checkIns,
			List<OccasionFinder.Candidate> candidates, Instant to, Instant now) {
		Integer stored = this.transactions.execute((status) -> {
			int count = 0;
			for (OccasionFinder.Candidate candidate : candidates) {
				boolean inserted = plan(partner, candidate, now);
				if (inserted || !checkIns) {
					count++;
				}
			}
			this.programs.markPlannedThrough(program.id(), to);
			return count;
		});
		return (stored != null) ? stored : 0;
	}

	/** Plans up to the configured horizon from now. */
	public int planOccasions() {
		return planOccasionsUntil(this.clock.instant().plus(this.settings.horizon()));
	}

	/**
	 * How far ahead a partner's occasions are planned: to {@code until}, and at least a
	 * day beyond the partner's frequency cap period, so that when a message is sent every
	 * more important message due within the period (which the cap must let win) is in the
	 * queue already.
	 */
	static Instant horizonEnd(Partner partner, Instant now, Instant until) {
		Instant capped = now.plus(SendRules.capOf(partner)).plus(CAP_MARGIN);
		return capped.isAfter(until) ? capped : until;
	}

	/**
	 * Where the next plan run of this program starts: where the last one stopped, or
	 * {@code now} minus the program's lateness before the first run, never further back
	 * than the max lookback. Occasions due before it that are not in the queue will not
	 * be planned by the plan job.
	 */
	public Instant from(Program program, Instant now) {
		Instant earliest = now.minus(this.settings.maxLookback());
		Instant from = (program.plannedThrough() != null) ? program.plannedThrough() : now.minus(program.maxLateness());
		return from.isBefore(earliest) ? earliest : from;
	}

	private List<String> planDate(Partner partner, Program program, long contactId, ZoneId zone, SignificantDate date,
			Instant from, Instant to, Instant now) {
		List<String> planned = new ArrayList<>();
		for (OccasionFinder.Candidate candidate : this.occasions.ofDate(partner, program, contactId, zone, date, from,
				to)) {
			plan(partner, candidate, now);
			planned.add(candidate.occasion());
		}
		return planned;
	}

	/**
	 * Plans one occasion of an event-driven program (an at-risk check-in), idempotently
	 * on its (program, contact, occasion) key; in the caller's transaction.
	 * @return whether a row was stored
	 */
	public boolean planOnce(Partner partner, Program program, long contactId, String occasion, LocalDate occasionDate,
			Instant due) {
		return plan(partner, program, contactId, occasion, occasionDate, null, due, this.clock.instant());
	}

	private boolean plan(Partner partner, OccasionFinder.Candidate candidate, Instant now) {
		return plan(partner, candidate.program(), candidate.contactId(), candidate.occasion(), candidate.occasionDate(),
				null, candidate.dueAt(), now);
	}

	private boolean plan(Partner partner, Program program, long contactId, String occasion, LocalDate occasionDate,
			Long saleId, Instant due, Instant now) {
		NewOutreach outreach = outreach(partner, program, contactId, occasion, occasionDate, saleId, due, now);
		boolean stored = this.queue.planIfAbsent(outreach, now);
		if (stored) {
			noteStored(partner, List.of(program), outreach);
		}
		return stored;
	}

	/**
	 * The outreach of one occasion due at {@code due}: SCHEDULED, or SKIPPED as too late
	 * when its lateness has passed by {@code now}.
	 */
	private static NewOutreach outreach(Partner partner, Program program, long contactId, String occasion,
			@Nullable LocalDate occasionDate, @Nullable Long saleId, Instant due, Instant now) {
		Instant expires = due.plus(program.maxLateness());
		boolean tooLate = expires.isBefore(now);
		return new NewOutreach(partner.id(), program.id(), contactId, occasion, occasionDate, saleId,
				tooLate ? OutreachStatus.SKIPPED : OutreachStatus.SCHEDULED, tooLate ? SkipReason.TOO_LATE : null, due,
				expires, "<" + UUID.randomUUID() + "@" + partner.senderDomain() + ">");
	}

	/** Counts and logs a stored outreach skipped at planning; one of {@code programs}. */
	private void noteStored(Partner partner, List<Program> programs, NewOutreach outreach) {
		if (outreach.status() != OutreachStatus.SKIPPED) {
			return;
		}
		Program program = programs.stream().filter(p -> p.id() == outreach.programId()).findFirst().orElseThrow();
		this.meters
			.counter("gratitude.outreach.skipped", "program", program.key(), "reason", SkipReason.TOO_LATE.code())
			.increment();
		log.info(
				"outreach skipped at planning: partner={} program={} occasion={} status=SKIPPED reason=too_late due={}",
				partner.id(), program.key(), outreach.occasion(), outreach.dueAt());
	}

}
