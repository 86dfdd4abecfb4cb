package io.gratitude.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.DateKind;
import io.gratitude.contact.SignificantDate;
import io.gratitude.outreach.SendLog;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.Page;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's first page for a partner: what went out and what failed today, over 7 and
 * 30 days (the counts of {@code /api/v1/stats}), a chart of sends per day by program,
 * what goes out next, what needs attention and whose significant date is near.
 */
@Controller
class DashboardPages {

	static final int CHART_DAYS = 30;

	static final int UPCOMING = 20;

	static final int FAILURES = 20;

	static final int DATES_AHEAD = 14;

	static final int DATES_SHOWN = 50;

	/** Sends are counted in slices that fit every zone offset, then summed into days. */
	private static final long SLICE_MILLIS = Duration.ofMinutes(15).toMillis();

	private final SendLog sendLog;

	private final Contacts contacts;

	private final Clock clock;

	DashboardPages(SendLog sendLog, Contacts contacts, Clock clock) {
		this.sendLog = sendLog;
		this.contacts = contacts;
		this.clock = clock;
	}

	/** The counts of one period, as {@code /api/v1/stats} reports them for [from, to). */
	record Period(String label, Instant from, Instant to, long sent, long scheduled, long failed, long skipped,
			long total) {
	}

	/** A waiting message and its contact's name. */
	record Upcoming(SendLog.Listed listed, String contactName) {
	}

	/** A significant date in the coming days. */
	record NearDate(String contactRef, String contactName, String kind, LocalDate date, long daysAway) {
	}

	@GetMapping("/console/partners/{partnerId}")
	String dashboard(ConsolePartner console, Model model) {
		Instant now = this.clock.instant();
		ZoneId zone = console.partner().timeZone();
		LocalDate today = LocalDate.ofInstant(now, zone);
		Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
		model.addAttribute("times", new ZonedTimes(zone));
		model.addAttribute("today", today);
		model.addAttribute("periods", List.of(
				period(console.id(), "Today", today.atStartOfDay(zone).toInstant(), tomorrow),
				period(console.id(), "Last 7 days", today.minusDays(6).atStartOfDay(zone).toInstant(), tomorrow),
				period(console.id(), "Last 30 days", today.minusDays(29).atStartOfDay(zone).toInstant(), tomorrow)));
		model.addAttribute("chart", chart(console.id(), today, zone));
		model.addAttribute("upcoming",
				this.sendLog.findUpcoming(console.id(), UPCOMING)
					.stream()
					.map(listed -> new Upcoming(listed, name(console.id(), listed.outreach().contactId())))
					.toList());
		SendLog.Filter failed = new SendLog.Filter(OutreachStatus.FAILED, null, null, now.minus(Duration.ofDays(30)),
				null, null, null);
		model.addAttribute("failures", this.sendLog.find(console.id(), failed, new Page.Request(0, FAILURES)));
		model.addAttribute("failureCount", this.sendLog.count(console.id(), failed));
		model.addAttribute("nearDates", nearDates(console.id(), today));
		return "console/dashboard";
	}

	private Period period(long partnerId, String label, Instant from, Instant to) {
		Map<OutreachStatus, Long> byStatus = new EnumMap<>(OutreachStatus.class);
		long total = 0;
		for (SendLog.Counted counted : this.sendLog.countByProgramAndStatus(partnerId, from, to)) {
			byStatus.merge(counted.status(), counted.count(), Long::sum);
			total += counted.count();
		}
		return new Period(label, from, to, byStatus.getOrDefault(OutreachStatus.SENT, 0L),
				byStatus.getOrDefault(OutreachStatus.SCHEDULED, 0L) + byStatus.getOrDefault(OutreachStatus.RETRY, 0L),
				byStatus.getOrDefault(OutreachStatus.FAILED, 0L), byStatus.getOrDefault(OutreachStatus.SKIPPED, 0L),
				total);
	}

	private SendsChart chart(long partnerId, LocalDate today, ZoneId zone) {
		LocalDate first = today.minusDays(CHART_DAYS - 1);
		Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
		Set<String> programs = new TreeSet<>();
		for (SendLog.SentSlice slice : this.sendLog.countSentBySlice(partnerId, first.atStartOfDay(zone).toInstant(),
				today.plusDays(1).atStartOfDay(zone).toInstant(), SLICE_MILLIS)) {
			byDay.computeIfAbsent(LocalDate.ofInstant(slice.start(), zone), day -> new TreeMap<>())
				.merge(slice.programKey(), slice.count(), Long::sum);
			programs.add(slice.programKey());
		}
		List<LocalDate> days = new ArrayList<>();
		for (LocalDate day = first; !day.isAfter(today); day = day.plusDays(1)) {
			days.add(day);
		}
		return SendsChart.of(days, new ArrayList<>(programs), byDay);
	}

	private String name(long partnerId, long contactId) {
		return this.contacts.findById(partnerId, contactId).map(Contact::fullName).orElse("");
	}

	/**
	 * Contacts with a significant date from today to {@value #DATES_AHEAD} days ahead,
	 * soonest first (a February 29 falls on February 28 in other years).
	 */
	private List<NearDate> nearDates(long partnerId, LocalDate today) {
		Set<MonthDay> monthDays = new LinkedHashSet<>();
		for (int i = 0; i <= DATES_AHEAD; i++) {
			LocalDate day = today.plusDays(i);
			monthDays.add(MonthDay.from(day));
			if (day.getMonthValue() == 2 && day.getDayOfMonth() == 28 && !day.isLeapYear()) {
				monthDays.add(MonthDay.of(2, 29));
			}
		}
		record Found(long contactId, SignificantDate date, LocalDate on) {
		}
		List<Found> found = new ArrayList<>();
		for (DateKind kind : DateKind.values()) {
			for (Contacts.DatedContact dated : this.contacts.findDatedContacts(partnerId, kind, monthDays)) {
				MonthDay md = MonthDay.of(dated.date().month(), dated.date().day());
				LocalDate on = md.atYear(today.getYear());
				if (on.isBefore(today)) {
					on = md.atYear(today.getYear() + 1);
				}
				if (!on.isAfter(today.plusDays(DATES_AHEAD))) {
					found.add(new Found(dated.contactId(), dated.date(), on));
				}
			}
		}
		found.sort(Comparator.comparing(Found::on).thenComparing(Found::contactId));
		List<NearDate> near = new ArrayList<>();
		for (Found f : found.subList(0, Math.min(found.size(), DATES_SHOWN))) {
			this.contacts.findById(partnerId, f.contactId())
				.filter(contact -> !contact.erased())
				.ifPresent(contact -> near.add(new NearDate(contact.externalRef(), contact.fullName(),
						kindLabel(f.date()), f.on(), ChronoUnit.DAYS.between(today, f.on()))));
		}
		return near;
	}

	private static String kindLabel(SignificantDate date) {
		return switch (date.kind()) {
			case BIRTHDAY -> "Birthday";
			case CLIENT_ANNIVERSARY -> "Client anniversary";
			case CUSTOM -> date.label();
		};
	}

}
