package io.gratitude.outreach;

import io.gratitude.partner.ConsolePartner;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** The console's first page for a partner. */
@Controller
class DashboardController {

	@GetMapping("/console/partners/{partnerId}")
	String dashboard(ConsolePartner console) {
		return "console/dashboard";
	}

}
