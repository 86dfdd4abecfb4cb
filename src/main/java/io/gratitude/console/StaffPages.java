package io.gratitude.console;

import io.gratitude.staff.ConsolePartner;
import io.gratitude.staff.StaffRole;
import io.gratitude.staff.StaffUser;
import io.gratitude.staff.StaffUsers;
import io.gratitude.system.InvalidField;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * The partner's console users, for those who manage the partner: add one, change a role,
 * disable or enable, set a new password. Every user in a URL is looked up with the
 * partner (another partner's user answers 404). Nobody disables themselves or takes their
 * own partner-admin role away: the partner would risk having no admin left.
 */
@Controller
class StaffPages {

	/** The roles a partner's user may have. */
	static final List<StaffRole> PARTNER_ROLES = List.of(StaffRole.STAFF, StaffRole.PARTNER_ADMIN);

	private final StaffUsers users;

	StaffPages(StaffUsers users) {
		this.users = users;
	}

	/** A new user, as the form posts it. */
	record NewUserForm(@Nullable String displayName, @Nullable String email, @Nullable String role,
			@Nullable String password) {

		static NewUserForm empty() {
			return new NewUserForm("", "", StaffRole.STAFF.name(), "");
		}

	}

	/** A user as the page lists it. */
	record UserRow(long id, String displayName, String email, StaffRole role, String lastSignIn, boolean enabled,
			boolean self, boolean receivesDigest) {

	}

	@GetMapping("/console/partners/{partnerId}/settings/staff")
	String list(ConsolePartner console, Model model) {
		SettingsPages.requireManageable(console);
		return page(console, NewUserForm.empty(), Map.of(), model);
	}

	@PostMapping("/console/partners/{partnerId}/settings/staff")
	String add(ConsolePartner console, @ModelAttribute NewUserForm form, Model model, HttpServletResponse response,
			RedirectAttributes redirect) {
		SettingsPages.requireManageable(console);
		Map<String, String> errors = new LinkedHashMap<>();
		try {
			StaffRole role = partnerRole(form.role());
			StaffUser created = this.users.create(console.id(), (form.email() != null) ? form.email() : "",
					(form.displayName() != null) ? form.displayName() : "", role,
					(form.password() != null) ? form.password() : "");
			redirect.addFlashAttribute("saved",
					created.displayName() + " can now sign in as " + created.email() + " (" + role.label() + ").");
			return redirect(console);
		}
		catch (InvalidField ex) {
			errors.put(ex.field(), SettingsPages.humane(ex));
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		return page(console, new NewUserForm(form.displayName(), form.email(), form.role(), ""), errors, model);
	}

	@PostMapping("/console/partners/{partnerId}/settings/staff/{userId}/role")
	String changeRole(ConsolePartner console, @PathVariable long userId, @RequestParam(required = false) String role,
			RedirectAttributes redirect) {
		SettingsPages.requireManageable(console);
		StaffUser user = require(console, userId);
		try {
			StaffRole newRole = partnerRole(role);
			if (isSelf(console, user) && newRole != StaffRole.PARTNER_ADMIN) {
				throw new InvalidField("role",
						"You cannot take away your own partner admin role: " + "ask another partner admin to do it");
			}
			this.users.changeRole(console.id(), user.id(), newRole);
			redirect.addFlashAttribute("saved", user.displayName() + " is now " + newRole.label() + ".");
		}
		catch (InvalidField ex) {
			redirect.addFlashAttribute("problem", SettingsPages.humane(ex));
		}
		return redirect(console);
	}

	@PostMapping("/console/partners/{partnerId}/settings/staff/{userId}/enabled")
	String setEnabled(ConsolePartner console, @PathVariable long userId,
			@RequestParam(required = false) @Nullable Boolean enabled, RedirectAttributes redirect) {
		// Who may ask comes first: a missing field must not answer anyone before that.
		SettingsPages.requireManageable(console);
		if (enabled == null) {
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Say whether the user is enabled");
		}
		StaffUser user = require(console, userId);
		if (isSelf(console, user) && !enabled) {
			redirect.addFlashAttribute("problem", "You cannot disable your own account.");
			return redirect(console);
		}
		this.users.setEnabled(console.id(), user.id(), enabled);
		redirect.addFlashAttribute("saved", enabled ? user.displayName() + " can sign in again."
				: user.displayName() + " is disabled and can no longer sign in.");
		return redirect(console);
	}

	@PostMapping("/console/partners/{partnerId}/settings/staff/{userId}/digest")
	String setDigest(ConsolePartner console, @PathVariable long userId,
			@RequestParam(required = false, defaultValue = "false") boolean receivesDigest,
			RedirectAttributes redirect) {
		SettingsPages.requireManageable(console);
		StaffUser user = require(console, userId);
		this.users.setReceivesDigest(console.id(), user.id(), receivesDigest);
		redirect.addFlashAttribute("saved", receivesDigest ? user.displayName() + " gets the morning staff digest."
				: user.displayName() + " no longer gets the morning staff digest.");
		return redirect(console);
	}

	@PostMapping("/console/partners/{partnerId}/settings/staff/{userId}/password")
	String setPassword(ConsolePartner console, @PathVariable long userId,
			@RequestParam(required = false) String password, RedirectAttributes redirect) {
		SettingsPages.requireManageable(console);
		StaffUser user = require(console, userId);
		try {
			this.users.setPasswordOfPartner(console.id(), user.id(), (password != null) ? password : "");
			redirect.addFlashAttribute("saved", "New password set for " + user.displayName() + ".");
		}
		catch (InvalidField ex) {
			redirect.addFlashAttribute("problem", user.displayName() + ": " + SettingsPages.humane(ex));
		}
		return redirect(console);
	}

	private String page(ConsolePartner console, NewUserForm form, Map<String, String> errors, Model model) {
		List<UserRow> rows = this.users.ofPartner(console.id())
			.stream()
			.map(u -> new UserRow(u.id(), u.displayName(), u.email(), u.role(),
					SettingsPages.when(u.lastSignIn(), console.partner().timeZone()), u.enabled(), isSelf(console, u),
					u.receivesDigest()))
			.toList();
		model.addAttribute("users", rows);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("roles", PARTNER_ROLES);
		model.addAttribute("minPassword", StaffUsers.MIN_PASSWORD_LENGTH);
		return "console/settings-staff";
	}

	private StaffUser require(ConsolePartner console, long userId) {
		return this.users.findOfPartner(console.id(), userId)
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such user"));
	}

	private static boolean isSelf(ConsolePartner console, StaffUser user) {
		return user.id() == console.staff().id();
	}

	private static StaffRole partnerRole(@Nullable String role) {
		return PARTNER_ROLES.stream()
			.filter(r -> r.name().equals(role))
			.findFirst()
			.orElseThrow(() -> new InvalidField("role", "Choose Staff or Partner admin"));
	}

	private static String redirect(ConsolePartner console) {
		return "redirect:/console/partners/" + console.id() + "/settings/staff";
	}

}
