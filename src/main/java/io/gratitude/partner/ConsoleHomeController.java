package io.gratitude.partner;

import java.util.Map;

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
class ConsoleHomeController {

	private final Partners partners;

	ConsoleHomeController(Partners partners) {
		this.partners = partners;
	}

	@GetMapping("/")
	String root() {
		return "redirect:/console";
	}

	@GetMapping("/console/sign-in")
	String signIn(@RequestParam(required = false) String error,
			@RequestParam(name = "signed-out", required = false) String signedOut, Model model) {
		if (ConsoleAccess.signedIn().isPresent()) {
			return "redirect:/console";
		}
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
