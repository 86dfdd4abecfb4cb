package io.gratitude.console;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.dispatch.OutreachRendering;
import io.gratitude.outreach.Outreach;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.SendLog;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.preview.TestSends;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.sendlog.OutreachApiController;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.DateSpan;
import io.gratitude.system.Page;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The send log in the console: filtered and paged, exported as CSV (the API's format),
 * one outreach with its attempts and its message as rendered, cancelling one that waits;
 * and the partner's template test sends, which are logged apart from outreach.
 */
@Controller
class SendLogPages {

	private static final Logger log = LoggerFactory.getLogger(SendLogPages.class);

	static final int PAGE_SIZE = 25;

	private final OutreachQueue queue;

	private final SendLog sendLog;

	private final TestSends testSends;

	private final OutreachRendering rendering;

	private final Programs programs;

	private final Contacts contacts;

	private final MeterRegistry meters;

	private final Clock clock;

	SendLogPages(OutreachQueue queue, SendLog sendLog, TestSends testSends, OutreachRendering rendering,
			Programs programs, Contacts contacts, MeterRegistry meters, Clock clock) {
		this.queue = queue;
		this.sendLog = sendLog;
		this.testSends = testSends;
		this.rendering = rendering;
		this.programs = programs;
		this.contacts = contacts;
		this.meters = meters;
		this.clock = clock;
	}

	/**
	 * The log's filters as typed (so the form shows them back), the errors by field, and
	 * the store's filter they make.
	 */
	record Filters(String status, String program, String from, String to, String contact, Map<String, String> errors,
			SendLog.Filter filter) {

		/** The filters as query parameters, for the pager and the CSV link. */
		public Map<String, String> params() {
			Map<String, String> params = new LinkedHashMap<>();
			put(params, "status", this.status);
			put(params, "program", this.program);
			put(params, "from", this.from);
			put(params, "to", this.to);
			put(params, "contact", this.contact);
			return params;
		}

		/** The filters as an encoded query string (without the "?"), with a page. */
		public String query(int page) {
			StringBuilder query = new StringBuilder();
			params().forEach((name, value) -> query.append((query.length() > 0) ? "&" : "")
				.append(name)
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8)));
			if (page > 0) {
				query.append((query.length() > 0) ? "&" : "").append("page=").append(page);
			}
			return query.toString();
		}

		public boolean any() {
			return !params().isEmpty();
		}

		private static void put(Map<String, String> params, String name, String value) {
			if (!value.isBlank()) {
				params.put(name, value);
			}
		}

	}

	@GetMapping("/console/partners/{partnerId}/outreach")
	String list(ConsolePartner console, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String program,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String contact,
			@RequestParam(required = false) @Nullable String kind, @RequestParam(defaultValue = "0") String page,
			Model model) {
		ZoneId zone = console.partner().timeZone();
		int pageNumber = pageNumber(page);
		model.addAttribute("times", new ZonedTimes(zone));
		model.addAttribute("programs", this.programs.findByPartner(console.id()));
		model.addAttribute("statuses", OutreachStatus.values());
		if ("tests".equals(kind)) {
			long total = this.testSends.count(console.id());
			model.addAttribute("kind", "tests");
			model.addAttribute("testSends", this.testSends.find(console.id(), new Page.Request(pageNumber, PAGE_SIZE)));
			model.addAttribute("page", pageNumber);
			model.addAttribute("total", total);
			model.addAttribute("lastPage", lastPage(total));
			model.addAttribute("filters", filters(null, null, null, null, null, zone));
			return "console/outreach";
		}
		Filters filters = filters(status, program, from, to, contact, zone);
		model.addAttribute("kind", "outreach");
		model.addAttribute("filters", filters);
		model.addAttribute("page", pageNumber);
		if (!filters.errors().isEmpty()) {
			model.addAttribute("rows", List.of());
			model.addAttribute("total", 0L);
			model.addAttribute("lastPage", 0);
			return "console/outreach";
		}
		long total = this.sendLog.count(console.id(), filters.filter());
		List<Row> rows = this.sendLog.find(console.id(), filters.filter(), new Page.Request(pageNumber, PAGE_SIZE))
			.stream()
			.map(listed -> new Row(listed, this.sendLog.attempts(listed.outreach().id()).size()))
			.toList();
		model.addAttribute("rows", rows);
		model.addAttribute("total", total);
		model.addAttribute("lastPage", lastPage(total));
		model.addAttribute("recentTests", this.testSends.find(console.id(), new Page.Request(0, 5)));
		return "console/outreach";
	}

	/** A row of the log: the outreach and how many attempts it had. */
	record Row(SendLog.Listed listed, int attempts) {
	}

	@GetMapping("/console/partners/{partnerId}/outreach.csv")
	void export(ConsolePartner console, @RequestParam(required = false) @Nullable String status,
			@RequestParam(required = false) @Nullable String program,
			@RequestParam(required = false) @Nullable String from, @RequestParam(required = false) @Nullable String to,
			@RequestParam(required = false) @Nullable String contact, HttpServletResponse response) throws IOException {
		Filters filters = filters(status, program, from, to, contact, console.partner().timeZone());
		if (!filters.errors().isEmpty()) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, String.join(" ", filters.errors().values()));
		}
		OutreachApiController.writeCsv(this.sendLog, console.id(), filters.filter(), response);
	}

	@GetMapping("/console/partners/{partnerId}/outreach/{id}")
	String detail(ConsolePartner console, @PathVariable String id, Model model) {
		SendLog.Listed listed = find(console, id);
		Outreach o = listed.outreach();
		OutreachRendering.Preview preview = this.rendering.preview(o, this.clock.instant());
		Optional<Contact> contact = this.contacts.findById(console.id(), o.contactId());
		Optional<Program> program = this.programs.findById(console.id(), o.programId());
		model.addAttribute("times", new ZonedTimes(console.partner().timeZone()));
		model.addAttribute("listed", listed);
		model.addAttribute("o", o);
		model.addAttribute("contactName", contact.map(Contact::fullName).orElse(listed.contactRef()));
		model.addAttribute("contactEmail", contact.map(Contact::email).orElse(null));
		model.addAttribute("programName", program.map(Program::name).orElse(listed.programKey()));
		model.addAttribute("attempts", this.sendLog.attempts(o.id()));
		model.addAttribute("rendered", preview.message());
		model.addAttribute("renderError", preview.error());
		model.addAttribute("cancellable", o.status() == OutreachStatus.SCHEDULED || o.status() == OutreachStatus.RETRY);
		return "console/outreach-detail";
	}

	@PostMapping("/console/partners/{partnerId}/outreach/{id}/cancel")
	String cancel(ConsolePartner console, @PathVariable String id, RedirectAttributes redirect) {
		SendLog.Listed before = find(console, id);
		long outreachId = before.outreach().id();
		if (this.queue.cancelByPartner(console.id(), outreachId, this.clock.instant())) {
			this.meters
				.counter("gratitude.outreach.cancelled", "program", before.programKey(), "reason",
						OutreachQueue.CANCELLED_BY_PARTNER)
				.increment();
			log.info("outreach={} partner={} program={} occasion={} status=CANCELLED reason={} staff={}", outreachId,
					console.id(), before.programKey(), before.outreach().occasion(), OutreachQueue.CANCELLED_BY_PARTNER,
					console.staff().id());
			redirect.addFlashAttribute("ok", "Cancelled: this message will not be sent.");
		}
		else {
			OutreachStatus now = find(console, id).outreach().status();
			redirect.addFlashAttribute("error", "This message is " + now.name().toLowerCase(java.util.Locale.ROOT)
					+ " and can no longer be cancelled; only a scheduled message can.");
		}
		return "redirect:/console/partners/" + console.id() + "/outreach/" + outreachId;
	}

	private SendLog.Listed find(ConsolePartner console, String id) {
		long outreachId;
		try {
			outreachId = Long.parseLong(id);
		}
		catch (NumberFormatException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such outreach");
		}
		return this.sendLog.findOne(console.id(), outreachId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such outreach"));
	}

	private static int pageNumber(String page) {
		try {
			return Math.max(0, Math.min(Integer.parseInt(page), 1_000_000));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static int lastPage(long total) {
		return (int) Math.max(0, (total - 1) / PAGE_SIZE);
	}

	/** Reads the typed filters: dates are local days of the partner, both included. */
	static Filters filters(@Nullable String status, @Nullable String program, @Nullable String from,
			@Nullable String to, @Nullable String contact, ZoneId zone) {
		Map<String, String> errors = new LinkedHashMap<>();
		String statusText = text(status);
		OutreachStatus statusValue = null;
		if (!statusText.isEmpty()) {
			try {
				statusValue = OutreachStatus.valueOf(statusText);
			}
			catch (IllegalArgumentException ex) {
				errors.put("status", "Choose a status from the list.");
			}
		}
		String fromText = text(from);
		String toText = text(to);
		LocalDate fromDate = date(fromText, "from", errors);
		LocalDate toDate = date(toText, "to", errors);
		if (fromDate != null && toDate != null && toDate.isBefore(fromDate)) {
			errors.put("to", "The end date must not be before the start date.");
		}
		Instant dueFrom = (fromDate != null) ? fromDate.atStartOfDay(zone).toInstant() : null;
		Instant dueTo = (toDate != null) ? toDate.plusDays(1).atStartOfDay(zone).toInstant() : null;
		String programText = text(program);
		String contactText = text(contact);
		return new Filters(statusText, programText, fromText, toText, contactText, errors,
				new SendLog.Filter(statusValue, null, programText.isEmpty() ? null : programText, dueFrom, dueTo, null,
						null, contactText.isEmpty() ? null : contactText));
	}

	private static @Nullable LocalDate date(String text, String field, Map<String, String> errors) {
		if (text.isEmpty()) {
			return null;
		}
		try {
			return DateSpan.SUPPORTED.parseDate(text);
		}
		catch (DateTimeException ex) {
			// Out of range too: year +999999999 overflowed into a 500.
			errors.put(field, "Enter a date like 2027-03-14, in " + DateSpan.SUPPORTED + ".");
			return null;
		}
	}

	private static String text(@Nullable String value) {
		return (value == null) ? "" : value.strip();
	}

}
