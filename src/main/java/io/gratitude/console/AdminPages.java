package io.gratitude.console;

import io.gratitude.partner.LeapDayPolicy;
import io.gratitude.partner.NewPartner;
import io.gratitude.partner.PartnerEnrollment;
import io.gratitude.partner.Partners;
import io.gratitude.partner.SendWindow;
import io.gratitude.staff.StaffPrincipal;
import io.gratitude.staff.StaffRole;
import io.gratitude.staff.StaffUser;
import io.gratitude.staff.StaffUsers;
import io.gratitude.system.InvalidField;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's console pages ({@code /console/admin/**}, administrators only; anyone
 * else gets 403): the administrators, and enrolling a partner from the partner list
 * (through {@link PartnerEnrollment}, as the API does), its first API key shown once.
 */
@Controller
class AdminPages {

	private final StaffUsers users;

	private final PartnerEnrollment enrollment;

	private final Partners partners;

	AdminPages(StaffUsers users, PartnerEnrollment enrollment, Partners partners) {
		this.users = users;
		this.enrollment = enrollment;
		this.partners = partners;
	}

	/** A new administrator, as the form posts it. */
	record NewAdminForm(@Nullable String displayName, @Nullable String email, @Nullable String password) {

		static NewAdminForm empty() {
			return new NewAdminForm("", "", "");
		}

	}

	/** A new partner, as the form on the partner list posts it. */
	record EnrollForm(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
			@Nullable String timeZone, @Nullable String windowStart, @Nullable String windowEnd) {

		static EnrollForm empty() {
			return new EnrollForm("", "", "", "Europe/Lisbon", "09:00", "18:00");
		}

		NewPartner toPartner(Map<String, String> errors) {
			ZoneId zone = null;
			try {
				zone = ZoneId.of((this.timeZone != null) ? this.timeZone.strip() : "");
			}
			catch (DateTimeException ex) {
				errors.put("timeZone", "Choose a time zone from the list (such as Europe/Lisbon)");
			}
			SendWindow window = null;
			try {
				window = new SendWindow(LocalTime.parse(text(this.windowStart)), LocalTime.parse(text(this.windowEnd)));
			}
			catch (DateTimeParseException ex) {
				errors.put("windowEnd", "Enter the window's times as hours and minutes, such as 09:00");
			}
			catch (IllegalArgumentException ex) {
				errors.put("windowEnd", "The window must end after it starts (an end of 00:00 means midnight)");
			}
			if (zone == null || window == null) {
				throw new InvalidField(errors.keySet().iterator().next(), errors.values().iterator().next());
			}
			return new NewPartner(text(this.name), text(this.senderEmail), text(this.senderName), null, zone, window,
					LeapDayPolicy.FEB_28);
		}

		private static String text(@Nullable String value) {
			return (value != null) ? value.strip() : "";
		}

	}

	/** An administrator as the page lists it. */
	record AdminRow(String displayName, String email, String created, String lastSignIn, boolean enabled) {

	}

	@GetMapping("/console/admin/staff")
	String admins(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
		requireAdmin(staff);
		return adminsPage(NewAdminForm.empty(), Map.of(), model);
	}

	@PostMapping("/console/admin/staff")
	String addAdmin(@AuthenticationPrincipal StaffPrincipal staff, @ModelAttribute("form") NewAdminForm form,
			Model model, HttpServletResponse response, RedirectAttributes redirect) {
		requireAdmin(staff);
		try {
			StaffUser created = this.users.create(null, (form.email() != null) ? form.email() : "",
					(form.displayName() != null) ? form.displayName() : "", StaffRole.ADMIN,
					(form.password() != null) ? form.password() : "");
			redirect.addFlashAttribute("saved",
					created.displayName() + " is an administrator now and signs in as " + created.email() + ".");
			return "redirect:/console/admin/staff";
		}
		catch (InvalidField ex) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return adminsPage(new NewAdminForm(form.displayName(), form.email(), ""),
					Map.of(ex.field(), SettingsPages.humane(ex)), model);
		}
	}

	@PostMapping("/console/admin/partners")
	String enroll(@AuthenticationPrincipal StaffPrincipal staff, @ModelAttribute("enroll") EnrollForm form, Model model,
			HttpServletResponse response, RedirectAttributes redirect) {
		requireAdmin(staff);
		Map<String, String> errors = new LinkedHashMap<>();
		try {
			PartnerEnrollment.Enrolled enrolled = this.enrollment.enroll(form.toPartner(errors));
			redirect.addFlashAttribute("enrolledKey", enrolled.apiKey());
			redirect.addFlashAttribute("enrolledName", enrolled.partner().name());
			redirect.addFlashAttribute("enrolledId", enrolled.partner().id());
			return "redirect:/console";
		}
		catch (InvalidField ex) {
			errors.putIfAbsent(ex.field(), SettingsPages.humane(ex));
		}
		response.setStatus(HttpStatus.BAD_REQUEST.value());
		model.addAttribute("partners", this.partners.findAll());
		model.addAttribute("enroll", form);
		model.addAttribute("enrollErrors", errors);
		model.addAttribute("zones", SettingsPages.ZONES);
		return "console/partners";
	}

	private String adminsPage(NewAdminForm form, Map<String, String> errors, Model model) {
		List<AdminRow> rows = this.users.admins()
			.stream()
			.map(u -> new AdminRow(u.displayName(), u.email(), SettingsPages.when(u.createdAt(), ZoneOffset.UTC),
					SettingsPages.when(u.lastSignIn(), ZoneOffset.UTC), u.enabled()))
			.toList();
		model.addAttribute("admins", rows);
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("minPassword", StaffUsers.MIN_PASSWORD_LENGTH);
		return "console/admin-staff";
	}

	static void requireAdmin(StaffPrincipal staff) {
		if (!staff.isAdmin()) {
			throw new ResponseStatusException(HttpStatus.FORBIDDEN, "For administrators only");
		}
	}

}
