package io.gratitude.console;

import io.gratitude.audit.AuditLog;
import io.gratitude.partner.Partners;
import io.gratitude.staff.ConsolePartner;
import io.gratitude.staff.StaffPrincipal;

import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The audit log ({@link AuditLog}) on the console, newest first, {@value #PAGE} entries a
 * page: every partner's for administrators ({@code /console/admin/audit}, to filter by
 * partner), and a partner's own for those who manage it (under its settings), in the
 * partner's time zone.
 */
@Controller
public class AuditPages {

	/** Entries a page. */
	public static final int PAGE = 100;

	private final AuditLog audit;

	private final Partners partners;

	AuditPages(AuditLog audit, Partners partners) {
		this.audit = audit;
		this.partners = partners;
	}

	/** An entry as the page lists it. */
	record Row(long id, String at, String actor, String actorKind, String partner, String action, String target) {

	}

	@GetMapping("/console/admin/audit")
	String everyPartner(@AuthenticationPrincipal StaffPrincipal staff,
			@RequestParam(required = false) @Nullable Long partner,
			@RequestParam(required = false) @Nullable Long before, Model model) {
		AdminPages.requireAdmin(staff);
		Map<Long, String> names = new LinkedHashMap<>();
		this.partners.findAll().forEach(p -> names.put(p.id(), p.name()));
		model.addAttribute("partners", names);
		model.addAttribute("partner", partner);
		return page(partner, before, ZoneId.of("UTC"), names, model);
	}

	@GetMapping("/console/partners/{partnerId}/settings/audit")
	String onePartner(ConsolePartner console, @RequestParam(required = false) @Nullable Long before, Model model) {
		SettingsPages.requireManageable(console);
		return page(console.id(), before, console.partner().timeZone(), Map.of(console.id(), console.partner().name()),
				model);
	}

	private String page(@Nullable Long partner, @Nullable Long before, ZoneId zone, Map<Long, String> names,
			Model model) {
		List<AuditLog.Entry> entries = this.audit.newest(partner, before, PAGE + 1);
		List<Row> rows = entries.stream()
			.limit(PAGE)
			.map(e -> new Row(e.id(), SettingsPages.when(e.at(), zone), e.actor(), e.actorKind(),
					(e.partnerId() != null) ? names.getOrDefault(e.partnerId(), "#" + e.partnerId()) : "", e.action(),
					e.target()))
			.toList();
		model.addAttribute("entries", rows);
		model.addAttribute("zone", zone.getId());
		model.addAttribute("older", (entries.size() > PAGE) ? rows.get(rows.size() - 1).id() : null);
		return "console/audit";
	}

}
