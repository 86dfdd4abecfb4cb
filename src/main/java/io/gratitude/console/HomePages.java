package io.gratitude.console;

import io.gratitude.partner.Partners;
import io.gratitude.staff.ConsoleAccess;
import io.gratitude.staff.SignInThrottle;
import io.gratitude.staff.StaffPrincipal;

import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's entrance: sign-in, and the first page after it (a partner's user goes to
 * their partner's dashboard; an admin chooses a partner).
 */
@Controller
class HomePages {

	private final Partners partners;

	private final SignInThrottle throttle;

	HomePages(Partners partners, SignInThrottle throttle) {
		this.partners = partners;
		this.throttle = throttle;
	}

	@GetMapping("/")
	String root() {
		return "redirect:/console";
	}

	@GetMapping("/console/sign-in")
	String signIn(@RequestParam(required = false) String error,
			@RequestParam(name = "signed-out", required = false) String signedOut,
			@RequestParam(required = false) String locked, Model model, HttpServletResponse response) {
		if (ConsoleAccess.signedIn().isPresent()) {
			return "redirect:/console";
		}
		if (locked != null) {
			response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
			model.addAttribute("lockOutMinutes", Math.max(1, this.throttle.lockOut().toMinutes()));
		}
		model.addAttribute("locked", locked != null);
		model.addAttribute("failed", error != null);
		model.addAttribute("signedOut", signedOut != null);
		return "console/sign-in";
	}

	@GetMapping("/console")
	String home(@AuthenticationPrincipal StaffPrincipal staff, Model model) {
		if (staff.partnerId() != null) {
			return "redirect:/console/partners/" + staff.partnerId();
		}
		model.addAttribute("partners", this.partners.findAll());
		model.addAttribute("enroll", AdminPages.EnrollForm.empty());
		model.addAttribute("enrollErrors", Map.of());
		model.addAttribute("zones", SettingsPages.ZONES);
		return "console/partners";
	}

}
