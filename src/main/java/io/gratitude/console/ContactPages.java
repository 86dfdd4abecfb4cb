package io.gratitude.console;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.gratitude.contact.Contact;
import io.gratitude.contact.ContactBook;
import io.gratitude.contact.ContactData;
import io.gratitude.contact.Contacts;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.RelationshipChange;
import io.gratitude.contact.RelationshipHistory;
import io.gratitude.contact.SignificantDate;
import io.gratitude.outreach.Outreach;
import io.gratitude.outreach.SendLog;
import io.gratitude.sale.Sale;
import io.gratitude.sale.Sales;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.InvalidField;
import io.gratitude.system.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The console's contact pages: the searchable list and one contact with its timeline
 * (sales, every outreach, opt-out), where staff change the relationship, opt the contact
 * out or in, or erase it. Every change goes through {@link ContactBook}, as the API's do,
 * so planning reacts the same way.
 */
@Controller
class ContactPages {

	static final int PAGE_SIZE = 25;

	/** The "significant date within" choices of the list's filter, in days. */
	static final List<Integer> DATE_WINDOWS = List.of(7, 14, 30, 90);

	private static final int TIMELINE_LIMIT = 200;

	private final Contacts contacts;

	private final ContactBook book;

	private final Sales sales;

	private final SendLog sendLog;

	private final Clock clock;

	private final RelationshipHistory history;

	ContactPages(Contacts contacts, ContactBook book, Sales sales, SendLog sendLog, Clock clock,
			RelationshipHistory history) {
		this.history = history;
		this.contacts = contacts;
		this.book = book;
		this.sales = sales;
		this.sendLog = sendLog;
		this.clock = clock;
	}

	/** The list's filters as the query string has them, cleaned up. */
	record Filters(String q, @Nullable Relationship relationship, String optedOut, @Nullable Integer dateWithin) {

		public boolean any() {
			return !this.q.isEmpty() || this.relationship != null || !this.optedOut.isEmpty()
					|| this.dateWithin != null;
		}

		@Nullable Boolean optedOutValue() {
			return switch (this.optedOut) {
				case "yes" -> Boolean.TRUE;
				case "no" -> Boolean.FALSE;
				default -> null;
			};
		}

		String url(long partnerId, int page) {
			UriComponentsBuilder url = UriComponentsBuilder.fromPath("/console/partners/{pid}/contacts");
			if (!this.q.isEmpty()) {
				url.queryParam("q", this.q);
			}
			if (this.relationship != null) {
				url.queryParam("relationship", this.relationship.name());
			}
			if (!this.optedOut.isEmpty()) {
				url.queryParam("optedOut", this.optedOut);
			}
			if (this.dateWithin != null) {
				url.queryParam("dateWithin", this.dateWithin);
			}
			if (page > 0) {
				url.queryParam("page", page);
			}
			return url.buildAndExpand(partnerId).encode().toUriString();
		}

	}

	/** A row of the list. */
	record Row(Contact contact, @Nullable ZonedDateTime lastSale) {
	}

	@GetMapping("/console/partners/{partnerId}/contacts")
	String list(ConsolePartner console, @RequestParam(required = false) @Nullable String q,
			@RequestParam(required = false) @Nullable String relationship,
			@RequestParam(required = false) @Nullable String optedOut,
			@RequestParam(required = false) @Nullable String dateWithin,
			@RequestParam(required = false) @Nullable String page, Model model) {
		Filters filters = new Filters(clean(q), relationship(relationship),
				("yes".equals(optedOut) || "no".equals(optedOut)) ? optedOut : "", dateWithin(dateWithin));
		int pageNumber = Math.max(0, Math.min(number(page), 100_000));
		ZoneId zone = console.partner().timeZone();
		Contacts.Filter filter = new Contacts.Filter(filters.relationship(), filters.q().isEmpty() ? null : filters.q(),
				filters.optedOutValue(), false,
				(filters.dateWithin() != null) ? monthDaysWithin(filters.dateWithin(), zone) : null);
		Page<Contact> found = this.contacts.findPage(console.id(), filter, new Page.Request(pageNumber, PAGE_SIZE));
		Map<Long, Instant> lastSales = this.sales.lastSaleAt(console.id(),
				found.items().stream().map(Contact::id).toList());
		List<Row> rows = found.items().stream().map(c -> {
			Instant last = lastSales.get(c.id());
			return new Row(c, (last != null) ? last.atZone(zone) : null);
		}).toList();
		model.addAttribute("filters", filters);
		model.addAttribute("dateWindows", DATE_WINDOWS);
		model.addAttribute("rows", rows);
		model.addAttribute("total", found.total());
		model.addAttribute("firstShown", (long) pageNumber * PAGE_SIZE + 1);
		model.addAttribute("lastShown", (long) pageNumber * PAGE_SIZE + rows.size());
		model.addAttribute("previousUrl", (pageNumber > 0) ? filters.url(console.id(), pageNumber - 1) : null);
		model.addAttribute("nextUrl", ((long) (pageNumber + 1) * PAGE_SIZE < found.total())
				? filters.url(console.id(), pageNumber + 1) : null);
		return "console/contacts";
	}

	/**
	 * One entry of a contact's timeline: a sale, an outreach, an opt-out or a
	 * relationship change.
	 */
	record Entry(ZonedDateTime at, String kind, @Nullable Sale sale, SendLog.@Nullable Listed outreach,
			@Nullable ZonedDateTime dueAt, @Nullable RelationshipChange change) {

		Entry(ZonedDateTime at, String kind, @Nullable Sale sale, SendLog.@Nullable Listed outreach,
				@Nullable ZonedDateTime dueAt) {
			this(at, kind, sale, outreach, dueAt, null);
		}

		/** A relationship change in words: "Customer → Client", "At risk". */
		public String changeTitle() {
			if (this.change == null) {
				return "";
			}
			return switch (this.change.reason()) {
				case AT_RISK -> "At risk";
				case ACTIVE_AGAIN -> "Active again";
				default -> (this.change.from() == null) ? "Created as " + label(this.change.to())
						: label(this.change.from()) + " → " + label(this.change.to());
			};
		}

		/** Who made the change, as staff read it. */
		public String changeActor() {
			if (this.change == null) {
				return "";
			}
			String actor = this.change.actor();
			if (actor.startsWith("staff:")) {
				return "by " + actor.substring(6);
			}
			if (actor.startsWith("rule:")) {
				return "by the promotion rule";
			}
			return switch (actor) {
				case "api" -> "over the API";
				case "import:csv" -> "by a CSV import";
				case "import:batch" -> "by a batch over the API";
				case "at-risk-review" -> "by the daily review";
				default -> "by " + actor;
			};
		}

		private static String label(Relationship relationship) {
			return (relationship == Relationship.CLIENT) ? "Client" : "Customer";
		}

	}

	@GetMapping("/console/partners/{partnerId}/contacts/{externalRef}")
	String contact(ConsolePartner console, @PathVariable String externalRef, Model model) {
		Contact contact = require(console, externalRef);
		ZoneId zone = console.partner().timeZone();
		List<Entry> timeline = new ArrayList<>();
		for (Sale sale : this.sales.findByContact(console.id(), contact.id(), TIMELINE_LIMIT)) {
			timeline.add(new Entry(sale.occurredAt().atZone(zone), "sale", sale, null, null));
		}
		for (SendLog.Listed listed : this.sendLog.find(console.id(), SendLog.Filter.of(null, contact.externalRef()),
				new Page.Request(0, TIMELINE_LIMIT))) {
			Outreach o = listed.outreach();
			Instant at = (o.sentAt() != null) ? o.sentAt() : o.dueAt();
			timeline.add(new Entry(at.atZone(zone), "outreach", null, listed, o.dueAt().atZone(zone)));
		}
		if (contact.optedOutAt() != null) {
			timeline.add(new Entry(contact.optedOutAt().atZone(zone), "opt-out", null, null, null));
		}
		for (RelationshipChange change : this.history.findByContact(console.id(), contact.id())) {
			timeline.add(new Entry(change.at().atZone(zone), "relationship", null, null, null, change));
		}
		model.addAttribute("atRisk", this.history.isAtRisk(console.id(), contact.id()));
		timeline.sort(Comparator.comparing(Entry::at).reversed());
		model.addAttribute("contact", contact);
		model.addAttribute("dates", contact.dates().stream().map(ContactPages::describe).toList());
		model.addAttribute("timeline", timeline);
		model.addAttribute("optedOutAt", (contact.optedOutAt() != null) ? contact.optedOutAt().atZone(zone) : null);
		model.addAttribute("otherRelationship",
				(contact.relationship() == Relationship.CLIENT) ? Relationship.CUSTOMER : Relationship.CLIENT);
		return "console/contact";
	}

	@PostMapping("/console/partners/{partnerId}/contacts/{externalRef}/relationship")
	String changeRelationship(ConsolePartner console, @PathVariable String externalRef,
			@RequestParam(required = false) @Nullable String relationship, RedirectAttributes redirect) {
		Contact contact = require(console, externalRef);
		Relationship target = relationship(relationship);
		if (target == null) {
			redirect.addFlashAttribute("problem", "Choose customer or client.");
			return redirectTo(console, contact);
		}
		if (target != contact.relationship()) {
			try {
				// A PUT of the contact as it is, but for the relationship: the dates stay
				// (null), a new client gets today as client-since.
				this.book.upsert(console.id(),
						new ContactData(contact.externalRef(), contact.email(), contact.firstName(), contact.lastName(),
								target, contact.timeZone(), contact.locale(), contact.clientSince(),
								contact.attributes(), null),
						RelationshipChange.Origin.staff(console.staff().email(), target));
			}
			catch (InvalidField ex) {
				redirect.addFlashAttribute("problem", "The relationship was not changed: " + ex.getMessage());
				return redirectTo(console, contact);
			}
		}
		redirect.addFlashAttribute("notice",
				contact.fullName() + " is now a " + target.name().toLowerCase(Locale.ROOT) + ".");
		return redirectTo(console, contact);
	}

	@PostMapping("/console/partners/{partnerId}/contacts/{externalRef}/opt-out")
	String optOut(ConsolePartner console, @PathVariable String externalRef, RedirectAttributes redirect) {
		Contact contact = require(console, externalRef);
		this.book.optOut(console.id(), contact.externalRef());
		redirect.addFlashAttribute("notice", contact.fullName() + " is opted out: nothing more will be sent.");
		return redirectTo(console, contact);
	}

	@PostMapping("/console/partners/{partnerId}/contacts/{externalRef}/opt-in")
	String optIn(ConsolePartner console, @PathVariable String externalRef, RedirectAttributes redirect) {
		Contact contact = require(console, externalRef);
		this.book.optIn(console.id(), contact.externalRef());
		redirect.addFlashAttribute("notice", contact.fullName() + " is opted in again.");
		return redirectTo(console, contact);
	}

	@PostMapping("/console/partners/{partnerId}/contacts/{externalRef}/erase")
	String erase(ConsolePartner console, @PathVariable String externalRef, RedirectAttributes redirect) {
		Contact contact = require(console, externalRef);
		this.book.erase(console.id(), contact.externalRef());
		// Not by name nor reference: the notice waits in the session until shown.
		redirect.addFlashAttribute("notice", "The contact is erased: no personal data of theirs remains.");
		return "redirect:/console/partners/" + console.id() + "/contacts";
	}

	/** A significant date as the page shows it: "Birthday", "14 March 1990". */
	record DateView(String what, String when) {
	}

	private static DateView describe(SignificantDate date) {
		String what = switch (date.kind()) {
			case BIRTHDAY -> "Birthday";
			case CLIENT_ANNIVERSARY -> date.label().isEmpty() ? "Client anniversary" : date.label();
			case CUSTOM -> date.label();
		};
		String when = Month.of(date.month()).getDisplayName(TextStyle.FULL, Locale.ENGLISH);
		when = date.day() + " " + when + ((date.year() != null) ? " " + date.year() : "");
		return new DateView(what, when);
	}

	/** The partner's live contact with this reference; 404 otherwise. */
	private Contact require(ConsolePartner console, String externalRef) {
		return this.contacts.findByRef(console.id(), externalRef)
			.filter(c -> !c.erased())
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	private static String redirectTo(ConsolePartner console, Contact contact) {
		return "redirect:" + UriComponentsBuilder.fromPath("/console/partners/{pid}/contacts/{ref}")
			.buildAndExpand(console.id(), contact.externalRef())
			.encode()
			.toUriString();
	}

	/**
	 * The days of the year (month * 100 + day) from today to {@code days} ahead in the
	 * partner's zone. February 29 counts when February 28 does in a common year, as its
	 * occasions then fall near it.
	 */
	private Set<Integer> monthDaysWithin(int days, ZoneId zone) {
		LocalDate today = this.clock.instant().atZone(zone).toLocalDate();
		Set<Integer> monthDays = new LinkedHashSet<>();
		for (int i = 0; i <= days; i++) {
			LocalDate day = today.plusDays(i);
			monthDays.add(day.getMonthValue() * 100 + day.getDayOfMonth());
			if (!day.isLeapYear() && day.getMonthValue() == 2 && day.getDayOfMonth() == 28) {
				monthDays.add(229);
			}
		}
		return monthDays;
	}

	private static String clean(@Nullable String q) {
		if (q == null) {
			return "";
		}
		String text = q.strip();
		return (text.length() > 100) ? text.substring(0, 100) : text;
	}

	private static @Nullable Relationship relationship(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return Relationship.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static @Nullable Integer dateWithin(@Nullable String value) {
		int days = number(value);
		return DATE_WINDOWS.contains(days) ? days : null;
	}

	private static int number(@Nullable String value) {
		if (value == null) {
			return 0;
		}
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

}
