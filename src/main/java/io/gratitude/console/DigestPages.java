package io.gratitude.console;

import io.gratitude.digest.StaffDigestContent;
import io.gratitude.digest.StaffDigestSender;
import io.gratitude.digest.StaffDigestSettings;
import io.gratitude.digest.StaffDigests;
import io.gratitude.system.InvalidField;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

import io.gratitude.contact.Contact;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.partner.Partner;
import io.gratitude.template.TemplateRejected;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff digest's console page, under Settings: its settings (partner admins change
 * them; staff read them), a preview of what today's digest says (or said), the latest
 * digests and how they went, and "send me a test digest" for anyone signed in.
 */
@Controller
class DigestPages {

	private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("EEE d MMM", Locale.ENGLISH);

	private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);

	private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ENGLISH);

	private final StaffDigests digests;

	private final StaffDigestSender sender;

	private final Clock clock;

	DigestPages(StaffDigests digests, StaffDigestSender sender, Clock clock) {
		this.digests = digests;
		this.sender = sender;
		this.clock = clock;
	}

	/** The form as posted (and shown again with errors). */
	record SettingsForm(boolean enabled, String hour, String daysAhead) {

		static SettingsForm of(StaffDigestSettings settings) {
			return new SettingsForm(settings.enabled(), String.valueOf(settings.hour()),
					String.valueOf(settings.daysAhead()));
		}

	}

	/** A date coming up, as the preview lists it. */
	record UpcomingRow(String when, String name, String url, String what, String suggestion) {
	}

	/** A link to a contact or an outreach, with what to say. */
	record LinkRow(String text, String url, String detail) {
	}

	/** A past digest. */
	record DigestRow(String day, String status, String badge, String detail) {
	}

	/** An hour as the select offers it. */
	record HourOption(int value, String label) {
	}

	@GetMapping("/console/partners/{partnerId}/settings/digest")
	String show(ConsolePartner console, Model model) {
		return page(console, SettingsForm.of(this.digests.settings(console.id())), Map.of(), model);
	}

	@PostMapping("/console/partners/{partnerId}/settings/digest")
	String save(ConsolePartner console, @RequestParam(required = false, defaultValue = "false") boolean enabled,
			@RequestParam(required = false) @Nullable String hour,
			@RequestParam(required = false) @Nullable String daysAhead, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		if (!console.manageable()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only a partner admin may do this");
		}
		SettingsForm form = new SettingsForm(enabled, (hour != null) ? hour : "", (daysAhead != null) ? daysAhead : "");
		Map<String, String> errors = new LinkedHashMap<>();
		try {
			StaffDigestSettings settings = new StaffDigestSettings(enabled, number(form.hour(), "hour"),
					number(form.daysAhead(), "daysAhead"));
			this.digests.saveSettings(console.id(), settings, this.clock.instant());
			redirect.addFlashAttribute("saved",
					settings.enabled()
							? "Saved. The digest goes out each day from " + hourLabel(settings.hour()) + " ("
									+ console.partner().timeZone().getId() + ") and looks " + settings.daysAhead()
									+ ((settings.daysAhead() == 1) ? " day" : " days") + " ahead."
							: "Saved. The staff digest is off.");
			return "redirect:/console/partners/" + console.id() + "/settings/digest";
		}
		catch (InvalidField ex) {
			errors.put(ex.field(), humane(ex));
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return page(console, form, errors, model);
	}

	@PostMapping("/console/partners/{partnerId}/settings/digest/test")
	String sendTest(ConsolePartner console, RedirectAttributes redirect) {
		String email = console.staff().email();
		try {
			StaffDigestSender.Sent sent = this.sender.sendTest(console.partner(), email, console.staff().displayName());
			if (sent.accepted()) {
				redirect.addFlashAttribute("saved", "A test digest is on its way to " + email + ".");
			}
			else {
				redirect.addFlashAttribute("problem", "The test digest was not sent: " + ((sent.smtpCode() > 0)
						? "the mail server answered " : "the mail server could not be reached: ") + sent.smtpReply());
			}
		}
		catch (TemplateRejected ex) {
			redirect.addFlashAttribute("problem",
					"Your staff-reminder template does not render: " + ex.getMessage() + ". Fix it under Templates.");
		}
		return "redirect:/console/partners/" + console.id() + "/settings/digest";
	}

	private String page(ConsolePartner console, SettingsForm form, Map<String, String> errors, Model model) {
		Partner partner = console.partner();
		StaffDigestSettings settings = this.digests.settings(console.id());
		ZonedDateTime now = this.clock.instant().atZone(partner.timeZone());
		LocalDate today = now.toLocalDate();
		StaffDigestContent content = this.sender.today(partner);
		String base = "/console/partners/" + console.id();
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("hours", IntStream.range(0, 24).mapToObj(h -> new HourOption(h, hourLabel(h))).toList());
		model.addAttribute("maxDays", StaffDigestSettings.MAX_DAYS_AHEAD);
		model.addAttribute("zone", partner.timeZone().getId());
		model.addAttribute("todayText", StaffDigestContent.fullDay(today));
		model.addAttribute("yesterdayText", StaffDigestContent.fullDay(today.minusDays(1)));
		model.addAttribute("todayState", todayState(console.id(), settings, now));
		model.addAttribute("empty", content.isEmpty());
		model.addAttribute("upcoming",
				content.upcoming()
					.stream()
					.map(u -> new UpcomingRow(when(u.daysUntil(), u.date()), u.contact().fullName(),
							contactUrl(base, u.contact()), what(u), u.suggestion()))
					.toList());
		model.addAttribute("newClients",
				content.newClients()
					.first()
					.stream()
					.map(c -> new LinkRow(c.fullName(), contactUrl(base, c), ""))
					.toList());
		model.addAttribute("newClientsTotal", content.newClients().total());
		model.addAttribute("failures",
				content.failures()
					.first()
					.stream()
					.map(f -> new LinkRow((f.contact() != null) ? f.contact().fullName() : "(erased contact)",
							base + "/outreach/" + f.outreachId(),
							f.program() + ((f.reason() != null) ? " (" + f.reason() + ")" : "")))
					.toList());
		model.addAttribute("failuresTotal", content.failures().total());
		model.addAttribute("recent",
				this.digests.latest(console.id(), 7)
					.stream()
					.map(d -> new DigestRow(DAY.format(d.day()), label(d.status()), badge(d.status()),
							(d.reason() != null) ? d.reason() : ""))
					.toList());
		model.addAttribute("staffEmail", console.staff().email());
		return "console/settings-digest";
	}

	private String todayState(long partnerId, StaffDigestSettings settings, ZonedDateTime now) {
		if (!settings.enabled()) {
			return "The staff digest is off: nobody gets it.";
		}
		return this.digests.find(partnerId, now.toLocalDate())
			.map(d -> "Today's digest: " + label(d.status()).toLowerCase(Locale.ROOT) + ".")
			.orElseGet(() -> (now.getHour() < settings.hour())
					? "Today's digest goes out at " + hourLabel(settings.hour()) + "; this is what it would say now."
					: "Today's digest goes out within minutes; this is what it will say.");
	}

	private static String label(StaffDigests.Status status) {
		return switch (status) {
			case SENDING -> "Being sent";
			case RETRY -> "Waiting to retry";
			case SENT -> "Sent";
			case PARTIAL -> "Sent to some";
			case EMPTY -> "Nothing to report, not sent";
			case FAILED -> "Failed";
		};
	}

	private static String badge(StaffDigests.Status status) {
		return switch (status) {
			case SENT -> "badge-ok";
			case SENDING, EMPTY -> "badge-info";
			case RETRY, PARTIAL -> "badge-warn";
			case FAILED -> "badge-bad";
		};
	}

	private static String when(int daysUntil, LocalDate date) {
		String day = MONTH_DAY.format(date);
		return switch (daysUntil) {
			case 0 -> "Today, " + day;
			case 1 -> "Tomorrow, " + day;
			default -> "In " + daysUntil + " days, " + day;
		};
	}

	private static String what(StaffDigestContent.Upcoming u) {
		String what = u.what();
		Integer years = u.years();
		if (years != null && years > 0) {
			what += switch (u.kind()) {
				case BIRTHDAY -> ", turning " + years;
				case CLIENT_ANNIVERSARY -> ", " + years + ((years == 1) ? " year" : " years");
				case CUSTOM -> ", " + years + ((years == 1) ? " year" : " years");
			};
		}
		return what;
	}

	private static String contactUrl(String base, Contact contact) {
		return base + "/contacts/"
				+ URLEncoder.encode(contact.externalRef(), StandardCharsets.UTF_8).replace("+", "%20");
	}

	static String hourLabel(int hour) {
		return TIME.format(java.time.LocalTime.of(hour, 0));
	}

	private static int number(String value, String field) {
		try {
			return Integer.parseInt(value.strip());
		}
		catch (NumberFormatException ex) {
			throw new InvalidField(field, "Enter a whole number");
		}
	}

	private static String humane(InvalidField ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "This value is not accepted";
		return switch (ex.field()) {
			case "hour" -> message.replaceFirst("^hour", "The hour");
			case "daysAhead" -> message.replaceFirst("^daysAhead", "Days ahead");
			default -> message;
		};
	}

}
