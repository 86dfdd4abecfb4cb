package io.gratitude.console;

import io.gratitude.lifecycle.LifecycleRules;
import io.gratitude.lifecycle.PromotionRules;
import io.gratitude.system.InvalidField;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import io.gratitude.staff.ConsolePartner;
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
 * The console's relationship lifecycle settings: the partner's promotion rules and its
 * at-risk period, as {@code PUT /api/v1/promotion-rules} has them. Everyone of the
 * partner reads them; those who manage the partner change them.
 */
@Controller
class LifecyclePages {

	private final LifecycleRules rules;

	private final Clock clock;

	LifecyclePages(LifecycleRules rules, Clock clock) {
		this.rules = rules;
		this.clock = clock;
	}

	/** The form as posted: strings, so that a bad value is reported by its field. */
	record RulesForm(@Nullable String minPurchases, @Nullable String minSpend, @Nullable String spendCurrency,
			@Nullable String minTenureMonths, @Nullable String atRiskDays) {

		static RulesForm of(PromotionRules r) {
			return new RulesForm(text(r.minPurchases()), (r.minSpend() != null) ? r.minSpend().toPlainString() : "",
					(r.spendCurrency() != null) ? r.spendCurrency() : "", text(r.minTenureMonths()),
					String.valueOf(r.atRiskDays()));
		}

		@Nullable PromotionRules toRules(Map<String, String> errors) {
			Integer purchases = whole(this.minPurchases, "minPurchases", errors);
			Integer tenure = whole(this.minTenureMonths, "minTenureMonths", errors);
			Integer atRisk = whole(this.atRiskDays, "atRiskDays", errors);
			BigDecimal spend = null;
			if (this.minSpend != null && !this.minSpend.isBlank()) {
				try {
					spend = new BigDecimal(this.minSpend.strip());
				}
				catch (NumberFormatException ex) {
					errors.put("minSpend", "Enter an amount such as 500 or 499.90, or leave it empty.");
				}
			}
			if (!errors.isEmpty()) {
				return null;
			}
			try {
				return new PromotionRules(purchases, spend, this.spendCurrency, tenure, (atRisk != null) ? atRisk : 0);
			}
			catch (InvalidField ex) {
				errors.put(ex.field(), ex.getMessage());
				return null;
			}
		}

		private static String text(@Nullable Integer value) {
			return (value != null) ? String.valueOf(value) : "";
		}

		private static @Nullable Integer whole(@Nullable String value, String field, Map<String, String> errors) {
			if (value == null || value.isBlank()) {
				return null;
			}
			try {
				return Integer.valueOf(value.strip());
			}
			catch (NumberFormatException ex) {
				errors.put(field, "Enter a whole number, or leave it empty.");
				return null;
			}
		}

	}

	@GetMapping("/console/partners/{partnerId}/settings/lifecycle")
	String show(ConsolePartner console, Model model) {
		return form(RulesForm.of(this.rules.find(console.id())), Map.of(), model);
	}

	@PostMapping("/console/partners/{partnerId}/settings/lifecycle")
	String change(ConsolePartner console, @ModelAttribute RulesForm form, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		if (!console.manageable()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "Only a partner admin may do this");
		}
		Map<String, String> errors = new LinkedHashMap<>();
		PromotionRules rules = form.toRules(errors);
		if (rules == null) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return form(form, errors, model);
		}
		this.rules.save(console.id(), rules, this.clock.instant());
		redirect.addFlashAttribute("saved", "Lifecycle rules saved.");
		return "redirect:/console/partners/" + console.id() + "/settings/lifecycle";
	}

	private static String form(RulesForm form, Map<String, String> errors, Model model) {
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		return "console/settings-lifecycle";
	}

}
