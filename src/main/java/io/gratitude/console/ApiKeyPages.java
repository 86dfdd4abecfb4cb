package io.gratitude.console;

import io.gratitude.partner.ApiKeys;
import io.gratitude.partner.KeyRing;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.system.InvalidField;
import io.gratitude.system.Page;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The partner's API keys in the console, for those who manage the partner: list, create,
 * revoke, rotate, with the rules of {@link KeyRing} (as the keys API). A new key is shown
 * once, on the page after its creation (a flash attribute), and never again.
 */
@Controller
class ApiKeyPages {

	private static final int PAGE_SIZE = 50;

	private final KeyRing keyRing;

	private final ApiKeys keys;

	ApiKeyPages(KeyRing keyRing, ApiKeys keys) {
		this.keyRing = keyRing;
		this.keys = keys;
	}

	/** A key as the page lists it, its times formatted in the partner's zone. */
	record KeyRow(String prefix, String label, String created, String lastUsed, String revoked, boolean active) {

	}

	@GetMapping("/console/partners/{partnerId}/settings/keys")
	String list(ConsolePartner console, @RequestParam(defaultValue = "0") int page, Model model) {
		SettingsPages.requireManageable(console);
		return page(console, Math.max(page, 0), null, null, model);
	}

	@PostMapping("/console/partners/{partnerId}/settings/keys")
	String create(ConsolePartner console, @RequestParam(required = false) @Nullable String label, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		SettingsPages.requireManageable(console);
		try {
			ApiKeys.IssuedKey issued = this.keyRing.issue(console.id(), label);
			redirect.addFlashAttribute("issuedKey", issued.key());
			redirect.addFlashAttribute("saved", "Key '" + issued.label() + "' created.");
			return redirect(console);
		}
		catch (InvalidField ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return page(console, 0, (label != null) ? label : "",
					"A key needs a label of at most 100 characters, " + "such as the system that will use it", model);
		}
	}

	@PostMapping("/console/partners/{partnerId}/settings/keys/{prefix}/revoke")
	String revoke(ConsolePartner console, @PathVariable String prefix, RedirectAttributes redirect) {
		SettingsPages.requireManageable(console);
		requireKey(console, prefix);
		try {
			this.keyRing.revoke(console.id(), prefix);
			redirect.addFlashAttribute("saved", "Key " + prefix + " revoked: it no longer works.");
		}
		catch (ErrorResponseException ex) {
			redirect.addFlashAttribute("problem", detail(ex));
		}
		return redirect(console);
	}

	@PostMapping("/console/partners/{partnerId}/settings/keys/{prefix}/rotate")
	String rotate(ConsolePartner console, @PathVariable String prefix, RedirectAttributes redirect) {
		SettingsPages.requireManageable(console);
		requireKey(console, prefix);
		try {
			ApiKeys.IssuedKey issued = this.keyRing.rotate(console.id(), prefix);
			redirect.addFlashAttribute("issuedKey", issued.key());
			redirect.addFlashAttribute("saved",
					"Key " + prefix + " rotated: it no longer works; use the new key below from now on.");
		}
		catch (ErrorResponseException ex) {
			redirect.addFlashAttribute("problem", detail(ex));
		}
		return redirect(console);
	}

	private String page(ConsolePartner console, int page, @Nullable String label, @Nullable String labelError,
			Model model) {
		long total = this.keys.count(console.id());
		List<KeyRow> rows = this.keys.findPage(console.id(), new Page.Request(page, PAGE_SIZE))
			.stream()
			.map(key -> new KeyRow(key.prefix(), key.label(),
					SettingsPages.when(key.createdAt(), console.partner().timeZone()),
					SettingsPages.when(key.lastUsedAt(), console.partner().timeZone()),
					SettingsPages.when(key.revokedAt(), console.partner().timeZone()), key.active()))
			.toList();
		model.addAttribute("keys", rows);
		model.addAttribute("page", page);
		model.addAttribute("hasNext", (long) (page + 1) * PAGE_SIZE < total);
		model.addAttribute("label", (label != null) ? label : "");
		model.addAttribute("labelError", labelError);
		model.addAttribute("zone", console.partner().timeZone().getId());
		return "console/settings-keys";
	}

	private void requireKey(ConsolePartner console, String prefix) {
		if (this.keys.find(console.id(), prefix).isEmpty()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such key");
		}
	}

	private static String redirect(ConsolePartner console) {
		return "redirect:/console/partners/" + console.id() + "/settings/keys";
	}

	private static String detail(ErrorResponseException ex) {
		String detail = ex.getBody().getDetail();
		return (detail != null) ? detail : "The key could not be changed.";
	}

}
