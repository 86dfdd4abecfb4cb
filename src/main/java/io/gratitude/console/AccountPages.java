package io.gratitude.console;

import io.gratitude.partner.Partners;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.staff.StaffPrincipal;
import io.gratitude.staff.StaffUsers;
import io.gratitude.system.InvalidField;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * My account: any signed-in user (an admin too) changes their own password, confirming
 * the current one first; a partner's user turns their morning digest on or off.
 */
@Controller
class AccountPages {

	private final StaffUsers users;

	private final Partners partners;

	AccountPages(StaffUsers users, Partners partners) {
		this.users = users;
		this.partners = partners;
	}

	@GetMapping("/console/account")
	String show(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
		return page(staff, Map.of(), model);
	}

	@PostMapping("/console/account/password")
	String changePassword(@AuthenticationPrincipal StaffPrincipal staff,
			@RequestParam(required = false) @Nullable String currentPassword,
			@RequestParam(required = false) @Nullable String password,
			@RequestParam(required = false) @Nullable String repeatPassword, Model model, HttpServletRequest request,
			HttpServletResponse response, RedirectAttributes redirect) {
		Map<String, String> errors = new LinkedHashMap<>();
		if (!Objects.equals(password, repeatPassword)) {
			errors.put("repeatPassword", "The two new passwords differ: type the same one twice");
		}
		else {
			try {
				this.users.changeOwnPassword(staff.id(), (currentPassword != null) ? currentPassword : "",
						(password != null) ? password : "", request.getSession().getId());
				redirect.addFlashAttribute("saved", "Password changed. Use the new one next time you sign in.");
				return "redirect:/console/account";
			}
			catch (InvalidField ex) {
				errors.put(ex.field(), SettingsPages.humane(ex));
			}
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return page(staff, errors, model);
	}

	/**
	 * A partner's user turns their own morning digest on or off (an operator admin gets
	 * none: 404).
	 */
	@PostMapping("/console/account/digest")
	String setDigest(@AuthenticationPrincipal StaffPrincipal staff,
			@RequestParam(required = false, defaultValue = "false") boolean receivesDigest,
			RedirectAttributes redirect) {
		Long partnerId = staff.partnerId();
		if (partnerId == null || !this.users.setReceivesDigest(partnerId, staff.id(), receivesDigest)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND);
		}
		redirect.addFlashAttribute("saved", receivesDigest ? "You will get the morning staff digest."
				: "You will no longer get the morning staff digest.");
		return "redirect:/console/account";
	}

	private String page(StaffPrincipal staff, Map<String, String> errors, Model model) {
		// A partner's user keeps their partner's navigation here; an admin has none.
		if (staff.partnerId() != null) {
			this.partners.findById(staff.partnerId())
				.ifPresent(partner -> model.addAttribute("console", new ConsolePartner(partner, staff)));
		}
		model.addAttribute("errors", errors);
		model.addAttribute("receivesDigest", staff.partnerId() != null && this.users.receivesDigest(staff.id()));
		model.addAttribute("minPassword", StaffUsers.MIN_PASSWORD_LENGTH);
		return "console/account";
	}

}
