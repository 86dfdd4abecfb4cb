package io.gratitude.outreach;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import io.gratitude.Page;
import io.gratitude.partner.ApiCaller;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The send log over the API: every outreach of the partner with its status and attempts.
 */
@RestController
class OutreachApiController {

	private final OutreachQueue queue;

	OutreachApiController(OutreachQueue queue) {
		this.queue = queue;
	}

	record OutreachView(long id, String program, String contactRef, String occasion, @Nullable LocalDate occasionDate,
			OutreachStatus status, @Nullable String reason, Instant dueAt, Instant expiresAt, @Nullable Instant sentAt,
			String messageId, @Nullable String lastReply, List<Attempt> attempts) {
	}

	@GetMapping("/api/v1/outreach")
	Page<OutreachView> list(ApiCaller caller, @RequestParam(required = false) @Nullable OutreachStatus status,
			@RequestParam(required = false) @Nullable String contactRef, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		List<OutreachView> items = this.queue.find(caller.partnerId(), status, contactRef, request)
			.stream()
			.map(listed -> {
				Outreach o = listed.outreach();
				return new OutreachView(o.id(), listed.programKey(), listed.contactRef(), o.occasion(),
						o.occasionDate(), o.status(), o.reason(), o.dueAt(), o.expiresAt(), o.sentAt(), o.messageId(),
						o.lastReply(), this.queue.attempts(o.id()));
			})
			.toList();
		return new Page<>(items, page, size, this.queue.count(caller.partnerId(), status, contactRef));
	}

}
