package io.gratitude.outreach;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.IntSupplier;

import io.gratitude.contact.Contact;
import io.gratitude.contact.ContactChanged;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.Contacts.DatedContact;
import io.gratitude.contact.DateKind;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.SignificantDate;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.program.Trigger;
import io.gratitude.sale.Sale;
import io.gratitude.sale.SaleRecorded;
import io.gratitude.sale.Sales;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
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

	private final OutreachQueue queue;

	private final Programs programs;

	private final Partners partners;

	private final Contacts contacts;

	private final Sales sales;

	private final OutreachSettings settings;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	Planner(OutreachQueue queue, Programs programs, Partners partners, Contacts contacts, Sales sales,
			OutreachSettings settings, TransactionTemplate transactions, MeterRegistry meters, Clock clock) {
		this.transactions = transactions;
		this.meters = meters;
		this.queue = queue;
		this.programs = programs;
		this.partners = partners;
		this.contacts = contacts;
		this.sales = sales;
		this.settings = settings;
		this.clock = clock;
	}

	/** Plans the post-sale thank-you in the sale's own transaction. */
	@EventListener
	void planAfterSale(SaleRecorded recorded) {
		Instant now = this.clock.instant();
		Partner partner = this.partners.findById(recorded.partnerId()).orElseThrow();
		Sale sale = this.sales.findById(recorded.partnerId(), recorded.saleId()).orElseThrow();
		Contact contact = this.contacts.findById(recorded.partnerId(), recorded.contactId()).orElseThrow();
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		for (Program program : this.programs.findEnabled(partner.id(), Trigger.AFTER_SALE)) {
			if (!program.audience().includes(contact.relationship())) {
				continue;
			}
			Instant due = OccasionCalendar.afterSaleDue(sale.occurredAt(), program.delay(), zone, partner.sendWindow());
			plan(partner, program, contact.id(), "sale:" + sale.externalRef(), null, sale.id(), due, now);
		}
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
			Instant to = now.plus(this.settings.horizon());
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
		Instant now = this.clock.instant();
		int stored = 0;
		// One transaction per program: its rows and its planned-through mark commit
		// together, and
		// a failure in one partner's data does not hold back the others.
		for (Program program : this.programs.findAllEnabled(Trigger.DATE)) {
			stored += inTransaction(() -> planProgram(program, now, until));
		}
		for (Program program : this.programs.findAllEnabled(Trigger.CHECK_IN)) {
			stored += inTransaction(() -> planCheckIns(program, now, until));
		}
		return stored;
	}

	private int inTransaction(IntSupplier work) {
		Integer stored = this.transactions.execute(status -> work.getAsInt());
		return (stored != null) ? stored : 0;
	}

	/** Plans up to the configured horizon from now. */
	public int planOccasions() {
		return planOccasionsUntil(this.clock.instant().plus(this.settings.horizon()));
	}

	private int planProgram(Program program, Instant now, Instant until) {
		Partner partner = this.partners.findById(program.partnerId()).orElseThrow();
		Instant from = from(program, now);
		if (!from.isBefore(until)) {
			return 0;
		}
		Set<MonthDay> monthDays = OccasionCalendar.candidateMonthDays(from, until, program.offsetDays(),
				partner.leapDayPolicy());
		int stored = 0;
		for (DatedContact dated : this.contacts.findDatedContacts(partner.id(), program.dateKind(), monthDays)) {
			if (!program.audience().includes(dated.relationship())) {
				continue;
			}
			ZoneId zone = OccasionCalendar.zoneFor(dated.timeZone(), partner.timeZone().getId());
			stored += planDate(partner, program, dated.contactId(), zone, dated.date(), from, until, now).size();
		}
		this.programs.markPlannedThrough(program.id(), until);
		return stored;
	}

	private int planCheckIns(Program program, Instant now, Instant until) {
		Partner partner = this.partners.findById(program.partnerId()).orElseThrow();
		Instant from = from(program, now);
		if (!from.isBefore(until) || program.periodDays() == null) {
			return 0;
		}
		int stored = 0;
		// A check-in falls every period since the client-since date: anniversaries of the
		// anchor
		// by period instead of by year, found from the client's CLIENT_ANNIVERSARY date
		// (its year
		// is the client-since year).
		for (DatedContact dated : this.contacts.findDatedContacts(partner.id(), DateKind.CLIENT_ANNIVERSARY,
				allMonthDays())) {
			if (dated.relationship() != Relationship.CLIENT || dated.date().year() == null
					|| !dated.date().label().isEmpty()) {
				continue;
			}
			ZoneId zone = OccasionCalendar.zoneFor(dated.timeZone(), partner.timeZone().getId());
			LocalDate anchor = LocalDate.of(dated.date().year(), dated.date().month(), dated.date().day());
			LocalDate first = LocalDate.ofInstant(from, zone).minusDays(2);
			long periods = Math.max(1, ChronoUnit.DAYS.between(anchor, first) / program.periodDays());
			for (LocalDate date = anchor.plusDays(periods * program.periodDays()); !date
				.isAfter(LocalDate.ofInstant(until, zone).plusDays(1)); date = date.plusDays(program.periodDays())) {
				if (date.getMonthValue() == anchor.getMonthValue() && date.getDayOfMonth() == anchor.getDayOfMonth()) {
					continue; // the anniversary itself says more than a check-in
				}
				Instant due = OccasionCalendar.dueAt(date, 0, program.sendTime(), zone, partner.sendWindow());
				if (!due.isBefore(from) && due.isBefore(until)
						&& plan(partner, program, dated.contactId(), "check-in@" + date, date, null, due, now)) {
					stored++;
				}
			}
		}
		this.programs.markPlannedThrough(program.id(), until);
		return stored;
	}

	private Instant from(Program program, Instant now) {
		Instant earliest = now.minus(this.settings.maxLookback());
		Instant from = (program.plannedThrough() != null) ? program.plannedThrough() : now.minus(program.maxLateness());
		return from.isBefore(earliest) ? earliest : from;
	}

	private List<String> planDate(Partner partner, Program program, long contactId, ZoneId zone, SignificantDate date,
			Instant from, Instant to, Instant now) {
		List<String> occasions = new ArrayList<>();
		for (LocalDate occasionDate : OccasionCalendar.occasionsDueBetween(date.month(), date.day(),
				partner.leapDayPolicy(), program.offsetDays(), program.sendTime(), zone, partner.sendWindow(), from,
				to)) {
			if (date.year() != null && occasionDate.getYear() <= date.year()) {
				// The date itself is no anniversary: a client since today has no "0
				// years" to celebrate.
				continue;
			}
			String occasion = occasionKey(date, occasionDate);
			Instant due = OccasionCalendar.dueAt(occasionDate, program.offsetDays(), program.sendTime(), zone,
					partner.sendWindow());
			plan(partner, program, contactId, occasion, occasionDate, null, due, now);
			occasions.add(occasion);
		}
		return occasions;
	}

	static String occasionKey(SignificantDate date, LocalDate occasionDate) {
		String kind = date.kind().name().toLowerCase(Locale.ROOT).replace('_', '-');
		return (date.kind() == DateKind.CUSTOM) ? "custom:" + date.label() + "@" + occasionDate
				: kind + "@" + occasionDate;
	}

	private boolean plan(Partner partner, Program program, long contactId, String occasion, LocalDate occasionDate,
			Long saleId, Instant due, Instant now) {
		Instant expires = due.plus(program.maxLateness());
		boolean tooLate = expires.isBefore(now);
		NewOutreach outreach = new NewOutreach(partner.id(), program.id(), contactId, occasion, occasionDate, saleId,
				tooLate ? OutreachStatus.SKIPPED : OutreachStatus.SCHEDULED, tooLate ? SkipReason.TOO_LATE : null, due,
				expires, "<" + UUID.randomUUID() + "@" + partner.senderDomain() + ">");
		boolean stored = this.queue.planIfAbsent(outreach, now);
		if (stored && tooLate) {
			this.meters
				.counter("gratitude.outreach.skipped", "program", program.key(), "reason", SkipReason.TOO_LATE.code())
				.increment();
			log.info(
					"outreach skipped at planning: partner={} program={} occasion={} status=SKIPPED reason=too_late due={}",
					partner.id(), program.key(), occasion, due);
		}
		return stored;
	}

	private static Set<MonthDay> allMonthDays() {
		// Check-ins can fall on any day: read every CLIENT_ANNIVERSARY of the partner.
		Set<MonthDay> all = new HashSet<>();
		for (int month = 1; month <= 12; month++) {
			for (int day = 1; day <= Month.of(month).maxLength(); day++) {
				all.add(MonthDay.of(month, day));
			}
		}
		return all;
	}

}
