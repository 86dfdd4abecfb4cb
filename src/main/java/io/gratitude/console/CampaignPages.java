package io.gratitude.console;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;

import io.gratitude.campaign.Campaign;
import io.gratitude.campaign.CampaignControl;
import io.gratitude.campaign.CampaignSchedule;
import io.gratitude.campaign.CampaignSegment;
import io.gratitude.campaign.CampaignState;
import io.gratitude.contact.Relationship;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.InvalidField;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's campaign pages: the list with each campaign's progress, the create form,
 * and a campaign's page with its segment's size before the start, its progress after, and
 * the Start, Pause, Resume and Cancel buttons, all through {@link CampaignControl} as the
 * API does.
 */
@Controller
class CampaignPages {

	private final CampaignControl campaigns;

	CampaignPages(CampaignControl campaigns) {
		this.campaigns = campaigns;
	}

	/** A campaign on the list, with its progress. */
	record Row(Campaign campaign, Campaign.Progress progress) {
	}

	@GetMapping("/console/partners/{partnerId}/campaigns")
	String list(ConsolePartner console, Model model) {
		Map<Long, Campaign.Progress> progress = this.campaigns.progressByProgram(console.id());
		model.addAttribute("campaigns",
				this.campaigns.list(console.id())
					.stream()
					.map(c -> new Row(c, progress.getOrDefault(c.programId(), new Campaign.Progress(0, 0, 0, 0, 0, 0))))
					.toList());
		model.addAttribute("times", new ZonedTimes(console.partner().timeZone()));
		return "console/campaigns";
	}

	/** The create form as typed, so that anything entered comes back as it was. */
	record CampaignForm(@Nullable String key, @Nullable String name, @Nullable String template,
			@Nullable String relationship, @Nullable String minTenureMonths, @Nullable String minLifetimeSpend,
			@Nullable String currency, @Nullable String lastPurchaseAfter, @Nullable String lastPurchaseBefore,
			@Nullable String scheduleKind, @Nullable String localDate, @Nullable String localTime,
			@Nullable String start, @Nullable String spreadDays) {

		static CampaignForm empty() {
			return new CampaignForm("", "", "", "", "", "", "", "", "", "local", "", "10:00", "", "7");
		}

		CampaignControl.NewCampaign toNewCampaign() {
			CampaignSegment segment = new CampaignSegment(
					blank(this.relationship) ? null
							: parse("segment.relationship",
									() -> Relationship.valueOf(this.relationship.strip().toUpperCase(Locale.ROOT))),
					blank(this.minTenureMonths) ? null
							: parse("segment.minTenureMonths", () -> Integer.valueOf(this.minTenureMonths.strip())),
					blank(this.minLifetimeSpend) ? null
							: parse("segment.minLifetimeSpend", () -> new BigDecimal(this.minLifetimeSpend.strip())),
					blank(this.currency) ? null : this.currency,
					blank(this.lastPurchaseBefore) ? null
							: parse("segment.lastPurchaseBefore",
									() -> LocalDate.parse(this.lastPurchaseBefore.strip())),
					blank(this.lastPurchaseAfter) ? null : parse("segment.lastPurchaseAfter",
							() -> LocalDate.parse(this.lastPurchaseAfter.strip())));
			CampaignSchedule schedule;
			if ("spread".equals(this.scheduleKind)) {
				if (blank(this.start)) {
					throw new InvalidField("schedule.start", "choose the first day");
				}
				if (blank(this.spreadDays)) {
					throw new InvalidField("schedule.spreadDays", "choose over how many days");
				}
				schedule = new CampaignSchedule(null, null,
						parse("schedule.start", () -> LocalDate.parse(this.start.strip())),
						parse("schedule.spreadDays", () -> Integer.valueOf(this.spreadDays.strip())));
			}
			else {
				if (blank(this.localDate)) {
					throw new InvalidField("schedule.localDate", "choose the day");
				}
				if (blank(this.localTime)) {
					throw new InvalidField("schedule.localTime", "choose the time");
				}
				schedule = new CampaignSchedule(
						parse("schedule.localDate", () -> LocalDate.parse(this.localDate.strip())),
						parse("schedule.localTime", () -> LocalTime.parse(this.localTime.strip())), null, null);
			}
			return new CampaignControl.NewCampaign(this.key, this.name, this.template, segment, schedule);
		}

		private static boolean blank(@Nullable String value) {
			return value == null || value.isBlank();
		}

		private static <T> T parse(String field, java.util.function.Supplier<T> parser) {
			try {
				return parser.get();
			}
			catch (NumberFormatException | DateTimeParseException ex) {
				throw new InvalidField(field, "this is not a valid value");
			}
			catch (IllegalArgumentException ex) {
				throw new InvalidField(field, "choose one of the options");
			}
		}

	}

	@GetMapping("/console/partners/{partnerId}/campaigns/new")
	String form(ConsolePartner console, Model model) {
		return form(console, CampaignForm.empty(), Map.of(), model);
	}

	@PostMapping("/console/partners/{partnerId}/campaigns")
	String create(ConsolePartner console, @ModelAttribute CampaignForm form, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		Campaign created;
		try {
			created = this.campaigns.create(console.id(), form.toNewCampaign());
		}
		catch (InvalidField ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(console, form, Map.of(fieldOf(ex.field()), ex.getMessage()), model);
		}
		catch (ErrorResponseException ex) {
			response.setStatus(ex.getStatusCode().value());
			String field = (ex.getStatusCode().value() == HttpStatus.CONFLICT.value()) ? "key" : "template";
			String detail = ex.getBody().getDetail();
			return form(console, form, Map.of(field, (detail != null) ? detail : "not possible"), model);
		}
		redirect.addFlashAttribute("notice", "Created. Check who it goes to, then start it.");
		return "redirect:/console/partners/" + console.id() + "/campaigns/" + created.key();
	}

	/** The form's field name for an error's field ("segment.currency" → "currency"). */
	private static String fieldOf(String field) {
		int dot = field.lastIndexOf('.');
		String name = (dot < 0) ? field : field.substring(dot + 1);
		return "schedule".equals(name) ? "scheduleKind" : name;
	}

	private String form(ConsolePartner console, CampaignForm form, Map<String, String> errors, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("templates", this.campaigns.templateKeys(console.id()));
		return "console/campaign-new";
	}

	@GetMapping("/console/partners/{partnerId}/campaigns/{key}")
	String campaign(ConsolePartner console, @PathVariable String key, Model model) {
		Campaign campaign = require(console, key);
		model.addAttribute("campaign", campaign);
		model.addAttribute("progress", this.campaigns.progress(campaign));
		model.addAttribute("matching", (campaign.state() == CampaignState.DRAFT)
				? this.campaigns.segmentSize(console.id(), campaign.segment()) : null);
		model.addAttribute("times", new ZonedTimes(console.partner().timeZone()));
		return "console/campaign";
	}

	@PostMapping("/console/partners/{partnerId}/campaigns/{key}/start")
	String start(ConsolePartner console, @PathVariable String key, RedirectAttributes redirect) {
		return act(console, key, redirect, "Started: every message of the campaign is planned.",
				() -> this.campaigns.start(console.id(), key));
	}

	@PostMapping("/console/partners/{partnerId}/campaigns/{key}/pause")
	String pause(ConsolePartner console, @PathVariable String key, RedirectAttributes redirect) {
		return act(console, key, redirect, "Paused: nothing more is sent until you resume.",
				() -> this.campaigns.pause(console.id(), key));
	}

	@PostMapping("/console/partners/{partnerId}/campaigns/{key}/resume")
	String resume(ConsolePartner console, @PathVariable String key, RedirectAttributes redirect) {
		return act(console, key, redirect, "Resumed: the held messages are planned again.",
				() -> this.campaigns.resume(console.id(), key));
	}

	@PostMapping("/console/partners/{partnerId}/campaigns/{key}/cancel")
	String cancel(ConsolePartner console, @PathVariable String key, RedirectAttributes redirect) {
		return act(console, key, redirect, "Cancelled: nothing more is sent. What was sent stays in the log.",
				() -> this.campaigns.cancel(console.id(), key));
	}

	private String act(ConsolePartner console, String key, RedirectAttributes redirect, String notice,
			Runnable action) {
		Campaign campaign = require(console, key);
		try {
			action.run();
			redirect.addFlashAttribute("notice", notice);
		}
		catch (ErrorResponseException ex) {
			redirect.addFlashAttribute("problem", ex.getBody().getDetail());
		}
		return "redirect:/console/partners/" + console.id() + "/campaigns/" + campaign.key();
	}

	private Campaign require(ConsolePartner console, String key) {
		try {
			return this.campaigns.require(console.id(), key);
		}
		catch (ErrorResponseException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
	}

}
