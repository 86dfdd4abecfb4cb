package io.gratitude.suppression;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.gratitude.partner.ApiCaller;
import io.gratitude.partner.EmailAddresses;
import io.gratitude.system.InvalidField;
import io.gratitude.system.Page;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The partner's suppression list over the API (API key): list, add, read and remove
 * addresses that must get nothing. Addresses compare case-insensitively. The list is
 * about addresses, not contacts: removing an address does not opt a contact back in (that
 * is {@code POST /api/v1/contacts/{ref}/opt-in}), and opting a contact in does not take
 * its address off the list; a contact is written to again only when neither holds.
 */
@RestController
class SuppressionApiController {

	private static final int MAX_QUERY = 320;

	private final Suppressions suppressions;

	private final Clock clock;

	SuppressionApiController(Suppressions suppressions, Clock clock) {
		this.suppressions = suppressions;
		this.clock = clock;
	}

	record SuppressionBody(@Nullable String email, @Nullable String reason) {
	}

	record SuppressionView(String email, String reason, Instant createdAt) {

		static SuppressionView of(Suppressions.Entry entry) {
			return new SuppressionView(entry.email(), entry.reason(), entry.createdAt());
		}

	}

	/**
	 * The partner's suppressed addresses, newest first: by reason, by text in the address
	 * (case-insensitive).
	 */
	@GetMapping("/api/v1/suppressions")
	Page<SuppressionView> list(ApiCaller caller, @RequestParam(required = false) @Nullable String reason,
			@RequestParam(required = false) @Nullable String q, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		String text = (q != null && !q.isBlank()) ? q.strip() : null;
		if (text != null && text.length() > MAX_QUERY) {
			throw new InvalidField("q", "q is longer than " + MAX_QUERY + " characters");
		}
		Suppressions.Filter filter = new Suppressions.Filter((reason != null) ? reason(reason) : null, text);
		List<SuppressionView> items = this.suppressions.find(caller.partnerId(), filter, request)
			.stream()
			.map(SuppressionView::of)
			.toList();
		return new Page<>(items, page, size, this.suppressions.count(caller.partnerId(), filter));
	}

	/**
	 * Suppresses an address: 201 with its entry, or 200 with the existing entry (and its
	 * first reason) when it is suppressed already.
	 */
	@PostMapping("/api/v1/suppressions")
	ResponseEntity<SuppressionView> add(ApiCaller caller, @RequestBody SuppressionBody body) {
		String email = EmailAddresses.require(body.email(), "email");
		String reason = (body.reason() != null) ? reason(body.reason()) : "manual";
		Suppressions.Added added = this.suppressions.add(caller.partnerId(), email, reason, this.clock.instant());
		SuppressionView view = SuppressionView.of(added.entry());
		if (!added.created()) {
			return ResponseEntity.ok(view);
		}
		URI location = UriComponentsBuilder.fromPath("/api/v1/suppressions/{email}")
			.buildAndExpand(view.email())
			.encode()
			.toUri();
		return ResponseEntity.created(location).body(view);
	}

	@GetMapping("/api/v1/suppressions/{email}")
	SuppressionView get(ApiCaller caller, @PathVariable String email) {
		return this.suppressions.find(caller.partnerId(), email)
			.map(SuppressionView::of)
			.orElseThrow(SuppressionApiController::notSuppressed);
	}

	/**
	 * Takes the address off the list: 204. The contact stays opted out if it was (see the
	 * class comment).
	 */
	@DeleteMapping("/api/v1/suppressions/{email}")
	ResponseEntity<Void> remove(ApiCaller caller, @PathVariable String email) {
		if (!this.suppressions.remove(caller.partnerId(), email)) {
			throw notSuppressed();
		}
		return ResponseEntity.noContent().build();
	}

	private static String reason(String value) {
		String reason = value.strip();
		if (!Suppressions.REASONS.contains(reason)) {
			String shown = value.replaceAll("\\p{Cntrl}", "?");
			throw new InvalidField("reason", "reason must be one of " + String.join(", ", Suppressions.REASONS)
					+ ", not '" + ((shown.length() > 40) ? shown.substring(0, 40) + "…" : shown) + "'");
		}
		return reason;
	}

	private static ErrorResponseException notSuppressed() {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
				"The address is not on the suppression list.");
		problem.setTitle("Unknown suppression");
		return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
	}

}
