package io.gratitude.partner;

import io.gratitude.audit.AuditLog;
import io.gratitude.system.Page;

import java.time.Instant;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The partner's audit log over the API (API key), newest first: what the console shows a
 * partner admin under Settings › Audit log, for a partner's own records or its security
 * tooling. Read only; entries are written where the changes are made.
 */
@RestController
class AuditApiController {

	private final AuditLog audit;

	AuditApiController(AuditLog audit) {
		this.audit = audit;
	}

	/**
	 * One entry: when, who ({@code actorKind} STAFF, API_KEY, ADMIN_TOKEN or SYSTEM, and
	 * {@code actor}: a staff user's email, {@code API key <prefix>}, {@code admin token}
	 * or {@code system}), what ({@code action}, such as {@code template.published}) and
	 * to what ({@code target}, by key or id).
	 */
	record AuditEventView(long id, Instant at, String actorKind, String actor, String action, String target) {

		static AuditEventView of(AuditLog.Entry entry) {
			return new AuditEventView(entry.id(), entry.at(), entry.actorKind(), entry.actor(), entry.action(),
					entry.target());
		}

	}

	@GetMapping("/api/v1/audit")
	Page<AuditEventView> list(ApiCaller caller, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		List<AuditEventView> items = this.audit.find(caller.partnerId(), request)
			.stream()
			.map(AuditEventView::of)
			.toList();
		return new Page<>(items, page, size, this.audit.count(caller.partnerId()));
	}

}
