package io.gratitude.planning;

import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.gratitude.contact.Contacts.DatedContact;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.DateKind;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.SignificantDate;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.sale.Sales;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Which occasions of a dated or check-in program are due in a range, with what due time:
 * the one computation shared by the {@link Planner} (which stores them) and the forecast
 * (which only shows them), so the two can never disagree. Reads the contacts through the
 * same index-backed queries as planning always did; writes nothing.
 */
@Component
public class OccasionFinder {

	private static final Set<MonthDay> ALL_MONTH_DAYS = allMonthDays();

	/**
	 * Up to this many clients, their last sends are read by contact; beyond, by one
	 * grouped pass over the partner's sent messages.
	 */
	static final int BY_KEY = 1000;

	private final Contacts contacts;

	private final Sales sales;

	private final OutreachQueue queue;

	OccasionFinder(Contacts contacts, Sales sales, OutreachQueue queue) {
		this.contacts = contacts;
		this.sales = sales;
		this.queue = queue;
	}

	/**
	 * An occasion a program owes a contact: the key of the unique (program, contact,
	 * occasion) row planning would store, and its due and expiry instants.
	 */
	public record Candidate(Program program, long contactId, String occasion, LocalDate occasionDate, Instant dueAt,
			Instant expiresAt) {

		Candidate(Program program, long contactId, String occasion, LocalDate occasionDate, Instant dueAt) {
			this(program, contactId, occasion, occasionDate, dueAt, dueAt.plus(program.maxLateness()));
		}

	}

	/**
	 * The occasions of a DATE program due in {@code [from, until)} for the partner's
	 * contacts in the program's audience, read from the (partner, kind, month, day) index
	 * for the candidate dates only.
	 */
	public List<Candidate> dated(Partner partner, Program program, Instant from, Instant until) {
		if (!from.isBefore(until)) {
			return List.of();
		}
		Set<MonthDay> monthDays = OccasionCalendar.candidateMonthDays(from, until, program.offsetDays(),
				partner.leapDayPolicy());
		List<Candidate> found = new ArrayList<>();
		for (DatedContact dated : this.contacts.findDatedContacts(partner.id(), program.dateKind(), monthDays)) {
			if (!program.audience().includes(dated.relationship())) {
				continue;
			}
			ZoneId zone = OccasionCalendar.zoneFor(dated.timeZone(), partner.timeZone().getId());
			found.addAll(ofDate(partner, program, dated.contactId(), zone, dated.date(), from, until));
		}
		return found;
	}

	/**
	 * The occasions of one significant date of one contact for a DATE program due in
	 * {@code [from, to)}. The date itself is no anniversary: a client since today has no
	 * "0 years" to celebrate.
	 */
	List<Candidate> ofDate(Partner partner, Program program, long contactId, ZoneId zone, SignificantDate date,
			Instant from, Instant to) {
		List<Candidate> found = new ArrayList<>();
		for (LocalDate occasionDate : OccasionCalendar.occasionsDueBetween(date.month(), date.day(),
				partner.leapDayPolicy(), program.offsetDays(), program.sendTime(), zone, partner.sendWindow(), from,
				to)) {
			if (date.year() != null && occasionDate.getYear() <= date.year()) {
				continue;
			}
			Instant due = OccasionCalendar.dueAt(occasionDate, program.offsetDays(), program.sendTime(), zone,
					partner.sendWindow());
			found.add(new Candidate(program, contactId, OccasionCalendar.occasionKey(date, occasionDate), occasionDate,
					due));
		}
		return found;
	}

	/**
	 * The check-ins of a CHECK_IN program due in {@code [from, until)}: every period
	 * since a client's last activity (its latest message sent, its latest sale, or else
	 * its client-since date: the CLIENT_ANNIVERSARY date, whose year is the client-since
	 * year), except on the anniversary itself, which says more than a check-in.
	 */
	public List<Candidate> checkIns(Partner partner, Program program, Instant from, Instant until) {
		if (!from.isBefore(until) || program.periodDays() == null) {
			return List.of();
		}
		List<Candidate> found = new ArrayList<>();
		// Check-ins can fall on any day: every CLIENT_ANNIVERSARY of the partner is read.
		List<DatedContact> clients = this.contacts
			.findDatedContacts(partner.id(), DateKind.CLIENT_ANNIVERSARY, ALL_MONTH_DAYS)
			.stream()
			.filter(dated -> dated.relationship() == Relationship.CLIENT && dated.date().year() != null
					&& dated.date().label().isEmpty())
			.toList();
		List<Long> ids = clients.stream().map(DatedContact::contactId).toList();
		Map<Long, Instant> activity = (ids.size() <= BY_KEY) ? lastActivityAt(partner.id(), ids)
				: lastActivityOfMany(partner.id(), ids);
		for (DatedContact dated : clients) {
			found.addAll(checkInsOf(partner, program, dated.contactId(), dated.timeZone(), dated.date(),
					activity.get(dated.contactId()), from, until));
		}
		return found;
	}

	/**
	 * As {@link #lastActivityAt(long, Collection)}, for many of the partner's contacts.
	 * The last sends come from one grouped pass over the partner's sent messages (read by
	 * contact, a thousand at a time, each read went over that whole range again). The
	 * last sales are still read by contact, through the (contact, occurred) index: one
	 * grouped pass over a million sales cost H2 more.
	 */
	Map<Long, Instant> lastActivityOfMany(long partnerId, List<Long> contactIds) {
		Map<Long, Instant> last = this.queue.lastSentAt(partnerId);
		last.keySet().retainAll(new HashSet<>(contactIds));
		mergeLastSales(partnerId, contactIds, last);
		return last;
	}

	/**
	 * When each of these contacts last had a message sent or bought, for those that did:
	 * what check-ins are counted from.
	 */
	Map<Long, Instant> lastActivityAt(long partnerId, Collection<Long> contactIds) {
		Map<Long, Instant> last = new HashMap<>(this.queue.lastSentAt(partnerId, contactIds));
		mergeLastSales(partnerId, List.copyOf(contactIds), last);
		return last;
	}

	private void mergeLastSales(long partnerId, List<Long> ids, Map<Long, Instant> last) {
		for (int start = 0; start < ids.size(); start += 1000) {
			this.sales.lastSaleAt(partnerId, ids.subList(start, Math.min(start + 1000, ids.size())))
				.forEach((id, at) -> last.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
		}
	}

	/**
	 * One client's check-ins due in {@code [from, until)}, every period counted from its
	 * last activity: the later of its client-since date ({@code anniversary}: the
	 * CLIENT_ANNIVERSARY date with the client-since year) and {@code lastActivity} (its
	 * latest message sent or sale, null when none). A check-in's key is its date, so the
	 * same activity always gives the same keys.
	 */
	List<Candidate> checkInsOf(Partner partner, Program program, long contactId, @Nullable String timeZone,
			SignificantDate anniversary, @Nullable Instant lastActivity, Instant from, Instant until) {
		if (!from.isBefore(until) || program.periodDays() == null || anniversary.year() == null) {
			return List.of();
		}
		int period = program.periodDays();
		List<Candidate> found = new ArrayList<>();
		ZoneId zone = OccasionCalendar.zoneFor(timeZone, partner.timeZone().getId());
		LocalDate since = LocalDate.of(anniversary.year(), anniversary.month(), anniversary.day());
		LocalDate anchor = since;
		if (lastActivity != null && LocalDate.ofInstant(lastActivity, zone).isAfter(since)) {
			anchor = LocalDate.ofInstant(lastActivity, zone);
		}
		LocalDate first = LocalDate.ofInstant(from, zone).minusDays(2);
		long periods = Math.max(1, ChronoUnit.DAYS.between(anchor, first) / period);
		LocalDate last = LocalDate.ofInstant(until, zone).plusDays(1);
		for (LocalDate date = anchor.plusDays(periods * period); !date.isAfter(last); date = date.plusDays(period)) {
			if (date.getMonthValue() == since.getMonthValue() && date.getDayOfMonth() == since.getDayOfMonth()) {
				continue; // the anniversary itself says more than a check-in
			}
			Instant due = OccasionCalendar.dueAt(date, 0, program.sendTime(), zone, partner.sendWindow());
			if (!due.isBefore(from) && due.isBefore(until)) {
				found.add(new Candidate(program, contactId, "check-in@" + date, date, due));
			}
		}
		return found;
	}

	private static Set<MonthDay> allMonthDays() {
		Set<MonthDay> all = new HashSet<>();
		for (int month = 1; month <= 12; month++) {
			for (int day = 1; day <= Month.of(month).maxLength(); day++) {
				all.add(MonthDay.of(month, day));
			}
		}
		return Collections.unmodifiableSet(all);
	}

}
