package io.gratitude.digest;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts.DatedContact;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.DateKind;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.SignificantDate;
import io.gratitude.digest.StaffDigestContent.Failure;
import io.gratitude.digest.StaffDigestContent.Listed;
import io.gratitude.digest.StaffDigestContent.Upcoming;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.partner.LeapDayPolicy;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.sale.Sales;
import io.gratitude.system.Page;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Builds a partner's staff digest for one local day (in the partner's zone): the dates of
 * its contacts (not erased) falling on that day to {@code daysAhead} days later, placed
 * by the partner's leap-day policy and never in their own first year; the contacts who
 * became clients the day before; and the outreach that ended FAILED the day before (from
 * the day's local midnight to the next, in the partner's zone).
 */
@Component
class StaffDigestContents {

	private final Contacts contacts;

	private final Sales sales;

	private final Programs programs;

	private final JdbcClient jdbc;

	StaffDigestContents(Contacts contacts, Sales sales, Programs programs, JdbcClient jdbc) {
		this.contacts = contacts;
		this.sales = sales;
		this.programs = programs;
		this.jdbc = jdbc;
	}

	StaffDigestContent build(Partner partner, StaffDigestSettings settings, LocalDate day) {
		return new StaffDigestContent(day, settings.daysAhead(), upcoming(partner, day, settings.daysAhead()),
				newClients(partner, day.minusDays(1)), failures(partner, day.minusDays(1)));
	}

	private List<Upcoming> upcoming(Partner partner, LocalDate day, int daysAhead) {
		LocalDate last = day.plusDays(daysAhead);
		LeapDayPolicy policy = partner.leapDayPolicy();
		Set<MonthDay> monthDays = candidateMonthDays(day, last, policy);
		Map<Long, Optional<Contact>> contactsById = new HashMap<>();
		Map<Long, Integer> purchasesById = new HashMap<>();
		List<Upcoming> found = new ArrayList<>();
		for (DateKind kind : DateKind.values()) {
			for (DatedContact dated : this.contacts.findDatedContacts(partner.id(), kind, monthDays)) {
				if (kind == DateKind.CLIENT_ANNIVERSARY && dated.relationship() != Relationship.CLIENT) {
					continue;
				}
				SignificantDate date = dated.date();
				for (int year = day.getYear(); year <= last.getYear(); year++) {
					LocalDate occurrence = policy.occurrence(date.month(), date.day(), year);
					if (occurrence.isBefore(day) || occurrence.isAfter(last)
							|| (date.year() != null && year <= date.year())) {
						continue;
					}
					Contact contact = contactsById
						.computeIfAbsent(dated.contactId(), id -> this.contacts.findById(partner.id(), id))
						.orElse(null);
					if (contact == null || contact.erased()) {
						continue;
					}
					int purchases = purchasesById.computeIfAbsent(contact.id(),
							id -> this.sales.countByContact(partner.id(), id));
					boolean isClient = contact.relationship() == Relationship.CLIENT;
					int yearsAsClient = (isClient && contact.clientSince() != null
							&& !contact.clientSince().isAfter(occurrence))
									? Period.between(contact.clientSince(), occurrence).getYears() : 0;
					Integer years = OccasionCalendar.yearsOn(date.year(), occurrence);
					found.add(new Upcoming(contact, kind, date.label(), occurrence,
							(int) ChronoUnit.DAYS.between(day, occurrence), years, yearsAsClient,
							StaffDigestGestures.suggest(kind, isClient, yearsAsClient, purchases)));
				}
			}
		}
		found.sort(Comparator.comparing(Upcoming::date)
			.thenComparing(u -> u.contact().fullName(), String.CASE_INSENSITIVE_ORDER)
			.thenComparing(Upcoming::kind));
		return found;
	}

	/**
	 * Every (month, day) whose occasion can fall between the two dates: each date's own,
	 * and Feb 29 when the leap-day policy places it on one of them.
	 */
	static Set<MonthDay> candidateMonthDays(LocalDate first, LocalDate last, LeapDayPolicy policy) {
		Set<MonthDay> days = new LinkedHashSet<>();
		for (LocalDate date = first; !date.isAfter(last); date = date.plusDays(1)) {
			days.add(MonthDay.from(date));
			if (policy.occurrence(2, 29, date.getYear()).equals(date)) {
				days.add(MonthDay.of(2, 29));
			}
		}
		return days;
	}

	private Listed<Contact> newClients(Partner partner, LocalDate yesterday) {
		Page<Contact> found = this.contacts.findClientsSince(partner.id(), yesterday, StaffDigestContent.FIRST_FEW);
		return new Listed<>(found.items(), found.total());
	}

	private Listed<Failure> failures(Partner partner, LocalDate yesterday) {
		ZoneId zone = partner.timeZone();
		long from = yesterday.atStartOfDay(zone).toInstant().toEpochMilli();
		long to = yesterday.plusDays(1).atStartOfDay(zone).toInstant().toEpochMilli();
		// Served by ix_outreach_partner_status_due (partner_id, status, …); a day's
		// failures are few.
		long total = this.jdbc.sql("""
				SELECT COUNT(*) FROM outreach
				WHERE partner_id = ? AND status = 'FAILED' AND updated_at >= ? AND updated_at < ?""")
			.params(partner.id(), from, to)
			.query(Long.class)
			.single();
		if (total == 0) {
			return Listed.none();
		}
		record Row(long id, long contactId, long programId, String reason) {
		}
		List<Failure> first = this.jdbc.sql("""
				SELECT id, contact_id, program_id, reason FROM outreach
				WHERE partner_id = ? AND status = 'FAILED' AND updated_at >= ? AND updated_at < ?
				ORDER BY updated_at, id LIMIT ?""")
			.params(partner.id(), from, to, StaffDigestContent.FIRST_FEW)
			.query((rs, row) -> new Row(rs.getLong("id"), rs.getLong("contact_id"), rs.getLong("program_id"),
					rs.getString("reason")))
			.list()
			.stream()
			.map(r -> new Failure(r.id(),
					this.contacts.findById(partner.id(), r.contactId()).filter(c -> !c.erased()).orElse(null),
					this.programs.findById(partner.id(), r.programId()).map(Program::name).orElse("a program"),
					r.reason()))
			.toList();
		return new Listed<>(first, total);
	}

}
