package io.gratitude.console;

import io.gratitude.partner.LeapDayPolicy;
import io.gratitude.partner.NewPartner;
import io.gratitude.partner.Partner;
import io.gratitude.partner.PartnerAdministration;
import io.gratitude.partner.SendWindow;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.InvalidField;
import io.gratitude.system.LocaleTags;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The partner's general settings in the console: sender identity, time zone, send window,
 * frequency cap, messages per minute, leap-day policy, and pausing or resuming sending.
 * Everyone of the partner reads them; only those who manage the partner
 * ({@link ConsolePartner#manageable()}) change them, through
 * {@link PartnerAdministration}, as the operator's API does.
 */
@Controller
class SettingsPages {

	static final List<String> ZONES = ZoneId.getAvailableZoneIds().stream().sorted().toList();

	private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ENGLISH);

	private final PartnerAdministration administration;

	SettingsPages(PartnerAdministration administration) {
		this.administration = administration;
	}

	/**
	 * The settings form as posted: every value a string, so that a bad one is reported by
	 * its field instead of failing the binding.
	 */
	record SettingsForm(@Nullable String name, @Nullable String senderName, @Nullable String senderEmail,
			@Nullable String replyTo, @Nullable String timeZone, @Nullable String windowStart,
			@Nullable String windowEnd, @Nullable String skipWeekends, @Nullable String frequencyCapHours,
			@Nullable String maxPerMinute, @Nullable String leapDayPolicy, @Nullable String defaultLocale) {

		static SettingsForm of(Partner p) {
			return new SettingsForm(p.name(), p.senderName(), p.senderEmail(), (p.replyTo() != null) ? p.replyTo() : "",
					p.timeZone().getId(), time(p.sendWindow().start()), time(p.sendWindow().end()),
					p.sendWindow().skipWeekends() ? "true" : null, String.valueOf(p.frequencyCapHours()),
					(p.maxPerMinute() != null) ? String.valueOf(p.maxPerMinute()) : "", p.leapDayPolicy().name(),
					p.defaultLocale());
		}

		public boolean skipsWeekends() {
			return this.skipWeekends != null && !this.skipWeekends.isEmpty() && !this.skipWeekends.equals("false");
		}

		/**
		 * The changes this form asks for; problems of form are added to {@code errors}.
		 */
		PartnerAdministration.@Nullable PartnerChanges toChanges(Map<String, String> errors) {
			ZoneId zone = null;
			try {
				zone = ZoneId.of(text(this.timeZone));
			}
			catch (DateTimeException ex) {
				errors.put("timeZone", "Choose a time zone from the list (such as Europe/Lisbon)");
			}
			LocalTime start = parseTime(this.windowStart, "windowStart", errors);
			LocalTime end = parseTime(this.windowEnd, "windowEnd", errors);
			SendWindow window = null;
			if (start != null && end != null) {
				try {
					window = new SendWindow(start, end);
				}
				catch (IllegalArgumentException ex) {
					errors.put("windowEnd", "The window must end after it starts (an end of 00:00 means midnight; "
							+ "00:00 to 00:00 is all day)");
				}
			}
			Integer cap = parseInt(this.frequencyCapHours, "frequencyCapHours", false, errors);
			Integer perMinute = parseInt(this.maxPerMinute, "maxPerMinute", true, errors);
			LeapDayPolicy leap = null;
			try {
				leap = LeapDayPolicy.valueOf(text(this.leapDayPolicy));
			}
			catch (IllegalArgumentException ex) {
				errors.put("leapDayPolicy", "Choose where Feb 29 falls in other years");
			}
			String locale = null;
			if (this.defaultLocale != null && !this.defaultLocale.isBlank()) {
				try {
					locale = LocaleTags.require(this.defaultLocale, "defaultLocale");
				}
				catch (InvalidField ex) {
					errors.put("defaultLocale", "Enter a language tag such as en, fr or pt-BR");
				}
			}
			if (!errors.isEmpty()) {
				return null;
			}
			return new PartnerAdministration.PartnerChanges(text(this.name), text(this.senderEmail),
					text(this.senderName), text(this.replyTo), zone, window, leap, cap, skipsWeekends(), perMinute,
					locale);
		}

		private static String text(@Nullable String value) {
			return (value != null) ? value.strip() : "";
		}

		private static @Nullable LocalTime parseTime(@Nullable String value, String field, Map<String, String> errors) {
			try {
				return LocalTime.parse(text(value));
			}
			catch (DateTimeParseException ex) {
				errors.put(field, "Enter a time as hours and minutes, such as 09:00");
				return null;
			}
		}

		private static @Nullable Integer parseInt(@Nullable String value, String field, boolean blankIsZero,
				Map<String, String> errors) {
			String text = text(value);
			if (text.isEmpty() && blankIsZero) {
				return 0;
			}
			try {
				return Integer.valueOf(text);
			}
			catch (NumberFormatException ex) {
				errors.put(field, "Enter a whole number");
				return null;
			}
		}

		private static String time(LocalTime t) {
			return t.toString().substring(0, 5);
		}

	}

	@GetMapping("/console/partners/{partnerId}/settings")
	String show(ConsolePartner console, Model model) {
		return form(console, SettingsForm.of(console.partner()), Map.of(), model);
	}

	@PostMapping("/console/partners/{partnerId}/settings")
	String change(ConsolePartner console, @ModelAttribute SettingsForm form, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		requireManageable(console);
		Map<String, String> errors = new LinkedHashMap<>();
		PartnerAdministration.PartnerChanges changes = form.toChanges(errors);
		if (changes != null) {
			try {
				this.administration.change(console.id(), changes);
				redirect.addFlashAttribute("saved", "Settings saved.");
				return "redirect:/console/partners/" + console.id() + "/settings";
			}
			catch (InvalidField ex) {
				errors.put(ex.field(), humane(ex));
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return form(console, form, errors, model);
	}

	@PostMapping("/console/partners/{partnerId}/settings/pause")
	String pause(ConsolePartner console, RedirectAttributes redirect) {
		requireManageable(console);
		this.administration.pause(console.id());
		redirect.addFlashAttribute("saved", "Sending is paused: messages wait until you resume.");
		return "redirect:/console/partners/" + console.id() + "/settings";
	}

	@PostMapping("/console/partners/{partnerId}/settings/resume")
	String resume(ConsolePartner console, RedirectAttributes redirect) {
		requireManageable(console);
		this.administration.resume(console.id());
		redirect.addFlashAttribute("saved", "Sending resumed: held messages still on time go out now.");
		return "redirect:/console/partners/" + console.id() + "/settings";
	}

	private String form(ConsolePartner console, SettingsForm form, Map<String, String> errors, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("zones", ZONES);
		model.addAttribute("leapDayPolicies", LeapDayPolicy.values());
		model.addAttribute("paused", console.partner().paused());
		model.addAttribute("maxFrequencyCap", NewPartner.MAX_FREQUENCY_CAP_HOURS);
		model.addAttribute("maxPerMinuteLimit", NewPartner.MAX_PER_MINUTE);
		return "console/settings";
	}

	/** Only those who manage the partner change it: others are refused (403). */
	static void requireManageable(ConsolePartner console) {
		if (!console.manageable()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only a partner admin may do this");
		}
	}

	/**
	 * The service's message, reading as a sentence for people: the field's technical name
	 * at its start becomes words ("senderEmail is ..." → "Sender email is ...").
	 */
	static String humane(InvalidField ex) {
		String message = (ex.getMessage() != null) ? ex.getMessage() : "This value is not accepted";
		String field = ex.field();
		if (!field.isEmpty() && message.startsWith(field)) {
			String words = field.replaceAll("([A-Z])", " $1").toLowerCase(Locale.ROOT);
			return Character.toUpperCase(words.charAt(0)) + words.substring(1) + message.substring(field.length());
		}
		return message;
	}

	/** A moment as the console shows it, in the given zone; an empty text for none. */
	static String when(@Nullable Instant instant, ZoneId zone) {
		return (instant != null) ? WHEN.format(instant.atZone(zone)) : "";
	}

}
