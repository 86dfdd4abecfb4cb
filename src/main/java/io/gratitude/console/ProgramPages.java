package io.gratitude.console;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gratitude.contact.DateKind;
import io.gratitude.outreach.SendLog;
import io.gratitude.program.Audience;
import io.gratitude.program.Program;
import io.gratitude.program.ProgramEditing;
import io.gratitude.program.Programs;
import io.gratitude.program.Trigger;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.InvalidField;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's program pages: every program with its timing in words and its next sends,
 * and one program's page where staff change its timing and audience or switch it on and
 * off, through {@link ProgramEditing} as the API's PATCH does.
 */
@Controller
class ProgramPages {

	private static final int NEXT_ON_LIST = 3;

	private static final int NEXT_ON_PAGE = 10;

	/** The units a duration is entered in, as the form names them. */
	static final List<String> UNITS = List.of("minutes", "hours", "days");

	private final Programs programs;

	private final ProgramEditing editing;

	private final SendLog sendLog;

	ProgramPages(Programs programs, ProgramEditing editing, SendLog sendLog) {
		this.programs = programs;
		this.editing = editing;
		this.sendLog = sendLog;
	}

	/** A program with its timing in words and its next sends. */
	record Summary(Program program, String timing, String lateness, List<Next> next) {
	}

	/** A send to come, its due time in the partner's zone. */
	record Next(SendLog.Upcoming upcoming, ZonedDateTime dueAt) {
	}

	@GetMapping("/console/partners/{partnerId}/programs")
	String list(ConsolePartner console, Model model) {
		ZoneId zone = console.partner().timeZone();
		model.addAttribute("programs",
				this.programs.findByPartner(console.id())
					.stream()
					.map(p -> new Summary(p, timing(p), "Sent up to " + words(p.maxLateness()) + " late, else skipped",
							next(console.id(), p, NEXT_ON_LIST, zone)))
					.toList());
		return "console/programs";
	}

	/**
	 * The edit form as text fields, so that anything typed comes back to the page as it
	 * was typed.
	 */
	record ProgramForm(@Nullable String audience, @Nullable String delayAmount, @Nullable String delayUnit,
			@Nullable String offsetAmount, @Nullable String offsetDirection, @Nullable String periodDays,
			@Nullable String sendAt, @Nullable String latenessAmount, @Nullable String latenessUnit) {

		static ProgramForm of(Program p) {
			String[] delay = amountAndUnit(p.delay());
			String[] lateness = amountAndUnit(p.maxLateness());
			return new ProgramForm(p.audience().name(), delay[0], delay[1], String.valueOf(Math.abs(p.offsetDays())),
					(p.offsetDays() < 0) ? "before" : "after",
					(p.periodDays() != null) ? String.valueOf(p.periodDays()) : "",
					(p.sendAt() != null) ? p.sendAt().toString() : "", lateness[0], lateness[1]);
		}

	}

	@GetMapping("/console/partners/{partnerId}/programs/{key}")
	String program(ConsolePartner console, @PathVariable String key, Model model) {
		Program program = require(console, key);
		return page(console, program, ProgramForm.of(program), Map.of(), model);
	}

	@PostMapping("/console/partners/{partnerId}/programs/{key}")
	String save(ConsolePartner console, @PathVariable String key, @ModelAttribute ProgramForm form, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		Program program = require(console, key);
		try {
			ProgramEditing.Change change = toChange(program, form);
			this.editing.change(console.id(), program.key(), change);
		}
		catch (InvalidField ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			Map<String, String> errors = new LinkedHashMap<>();
			errors.put(ex.field(), explain(ex));
			return page(console, program, form, errors, model);
		}
		redirect.addFlashAttribute("notice", "Saved. " + program.name() + " now sends "
				+ timing(require(console, key)).toLowerCase(Locale.ROOT) + ".");
		return "redirect:/console/partners/" + console.id() + "/programs/" + program.key();
	}

	@PostMapping("/console/partners/{partnerId}/programs/{key}/enabled")
	String enable(ConsolePartner console, @PathVariable String key,
			@RequestParam(required = false) @Nullable String enabled, RedirectAttributes redirect) {
		Program program = require(console, key);
		boolean on = "true".equals(enabled);
		this.editing.change(console.id(), program.key(),
				new ProgramEditing.Change(null, null, null, null, null, null, null, null, on));
		redirect.addFlashAttribute("notice",
				program.name() + (on ? " is enabled." : " is disabled: it sends nothing."));
		return "redirect:/console/partners/" + console.id() + "/programs/" + program.key();
	}

	private String page(ConsolePartner console, Program program, ProgramForm form, Map<String, String> errors,
			Model model) {
		model.addAttribute("program", program);
		model.addAttribute("timing", timing(program));
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("units", UNITS);
		model.addAttribute("audiences", Audience.values());
		model.addAttribute("hasDelay", hasDelay(program.trigger()));
		model.addAttribute("hasOffset", program.trigger() == Trigger.DATE);
		model.addAttribute("hasPeriod", program.trigger() == Trigger.CHECK_IN);
		model.addAttribute("hasSendAt", hasSendAt(program.trigger()));
		model.addAttribute("next", next(console.id(), program, NEXT_ON_PAGE, console.partner().timeZone()));
		return "console/program";
	}

	private List<Next> next(long partnerId, Program program, int limit, ZoneId zone) {
		return this.sendLog.nextScheduled(partnerId, program.id(), limit)
			.stream()
			.map(u -> new Next(u, u.dueAt().atZone(zone)))
			.toList();
	}

	private Program require(ConsolePartner console, String key) {
		return this.programs.findByKey(console.id(), key)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
	}

	/**
	 * The change the form asks for: only the settings the program's trigger uses, each
	 * parsed or refused by the field.
	 */
	private static ProgramEditing.Change toChange(Program program, ProgramForm form) {
		Audience audience = null;
		if (form.audience() != null && !form.audience().isBlank()) {
			try {
				audience = Audience.valueOf(form.audience());
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidField("audience", "Choose who the program is for.");
			}
		}
		Duration delay = hasDelay(program.trigger())
				? duration("delay", form.delayAmount(), form.delayUnit(), "How long to wait") : null;
		Integer offsetDays = null;
		if (program.trigger() == Trigger.DATE) {
			int days = whole("offsetDays", form.offsetAmount(), "The number of days");
			offsetDays = "before".equals(form.offsetDirection()) ? -days : days;
		}
		Integer periodDays = (program.trigger() == Trigger.CHECK_IN)
				? whole("periodDays", form.periodDays(), "The number of days between check-ins") : null;
		LocalTime sendAt = null;
		if (hasSendAt(program.trigger())) {
			try {
				sendAt = LocalTime.parse(required("sendAt", form.sendAt(), "The send time"));
			}
			catch (DateTimeParseException ex) {
				throw new InvalidField("sendAt", "Enter the send time as hours and minutes, e.g. 09:30.");
			}
		}
		Duration lateness = duration("maxLateness", form.latenessAmount(), form.latenessUnit(),
				"How late it may still be sent");
		return new ProgramEditing.Change(null, audience, null, delay, offsetDays, periodDays, sendAt, lateness, null);
	}

	private static Duration duration(String field, @Nullable String amount, @Nullable String unit, String what) {
		long n = whole(field, amount, what);
		return switch ((unit != null) ? unit : "") {
			case "minutes" -> Duration.ofMinutes(n);
			case "hours" -> Duration.ofHours(n);
			case "days" -> Duration.ofDays(n);
			default -> throw new InvalidField(field, "Choose minutes, hours or days.");
		};
	}

	private static int whole(String field, @Nullable String value, String what) {
		String text = required(field, value, what);
		try {
			int n = Integer.parseInt(text);
			if (n < 0) {
				throw new InvalidField(field, what + " cannot be negative.");
			}
			return n;
		}
		catch (NumberFormatException ex) {
			throw new InvalidField(field, what + " must be a whole number.");
		}
	}

	private static String required(String field, @Nullable String value, String what) {
		if (value == null || value.isBlank()) {
			throw new InvalidField(field, what + " is required.");
		}
		return value.strip();
	}

	private static boolean hasDelay(Trigger trigger) {
		return trigger == Trigger.AFTER_SALE || trigger == Trigger.PROMOTION || trigger == Trigger.CAMPAIGN
				|| trigger == Trigger.AT_RISK;
	}

	private static boolean hasSendAt(Trigger trigger) {
		return trigger == Trigger.DATE || trigger == Trigger.CHECK_IN || trigger == Trigger.CAMPAIGN;
	}

	/** The program's timing in words: "2 hours after a sale". */
	static String timing(Program p) {
		String at = " at " + p.sendTime();
		return switch (p.trigger()) {
			case AFTER_SALE -> p.delay().isZero() ? "Right after a sale" : words(p.delay()) + " after a sale";
			case PROMOTION -> (p.delay().isZero() ? "Right" : words(p.delay())) + " after a customer becomes a client";
			case CAMPAIGN ->
				(p.delay().isZero() ? "When the campaign starts" : words(p.delay()) + " after the campaign starts")
						+ ((p.sendAt() != null) ? at : "");
			case DATE -> {
				String date = dateWords(p.dateKind());
				int offset = p.offsetDays();
				String when = (offset == 0) ? "On the " + date
						: days(Math.abs(offset)) + ((offset < 0) ? " before the " : " after the ") + date;
				yield when + at;
			}
			case CHECK_IN -> "Every " + days((p.periodDays() != null) ? p.periodDays() : 0)
					+ " since a client's last sale or message" + at;
			case AT_RISK -> (p.delay().isZero() ? "Right" : words(p.delay())) + " after a client becomes at risk";
		};
	}

	private static String dateWords(@Nullable DateKind kind) {
		if (kind == null) {
			return "date";
		}
		return switch (kind) {
			case BIRTHDAY -> "birthday";
			case CLIENT_ANNIVERSARY -> "client anniversary";
			case CUSTOM -> "custom date";
		};
	}

	private static String days(int n) {
		return n + ((n == 1) ? " day" : " days");
	}

	/** "2 hours", "1 day 6 hours", "90 minutes" under two hours. */
	static String words(Duration d) {
		long minutes = d.toMinutes();
		if (minutes == 0) {
			long seconds = d.toSeconds();
			return seconds + ((seconds == 1) ? " second" : " seconds");
		}
		long days = minutes / (24 * 60);
		long hours = (minutes % (24 * 60)) / 60;
		long rest = minutes % 60;
		StringBuilder text = new StringBuilder();
		append(text, days, "day");
		append(text, hours, "hour");
		append(text, rest, "minute");
		return text.toString();
	}

	private static void append(StringBuilder text, long n, String unit) {
		if (n > 0) {
			text.append(text.isEmpty() ? "" : " ").append(n).append(' ').append(unit).append((n == 1) ? "" : "s");
		}
	}

	/** A duration as the form's amount and largest whole unit. */
	private static String[] amountAndUnit(Duration d) {
		long seconds = d.toSeconds();
		if (seconds % 86_400 == 0 && seconds > 0) {
			return new String[] { String.valueOf(seconds / 86_400), "days" };
		}
		if (seconds % 3_600 == 0 && seconds > 0) {
			return new String[] { String.valueOf(seconds / 3_600), "hours" };
		}
		return new String[] { String.valueOf(seconds / 60), "minutes" };
	}

	/** The services' limits in the page's words. */
	private static final Map<String, String> LIMITS = Map.of("delay", "The wait can be at most 90 days.", "maxLateness",
			"Allow between 1 minute and 30 days of lateness.", "offsetDays",
			"Choose at most 60 days before or after the date.", "periodDays", "Check in every 7 to 3660 days.");

	/** The error by its field: this page's own words, or the services' limits. */
	private static String explain(InvalidField ex) {
		String message = ex.getMessage();
		if (message != null && message.endsWith(".")) {
			return message;
		}
		return LIMITS.getOrDefault(ex.field(), sentence(message));
	}

	/** A service's message as a sentence for the page. */
	private static String sentence(@Nullable String message) {
		if (message == null || message.isEmpty()) {
			return "This value is not accepted.";
		}
		String text = Character.toUpperCase(message.charAt(0)) + message.substring(1);
		return text.endsWith(".") ? text : text + ".";
	}

}
