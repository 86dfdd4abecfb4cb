package io.gratitude.mail;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the embedded SMTP sink received (admin token; zero-set-up run only): to see the
 * demo's messages without a mail client.
 */
@RestController
class OutboxController {

	private final EmbeddedOutbox outbox;

	OutboxController(EmbeddedOutbox outbox) {
		this.outbox = outbox;
	}

	record Received(String messageId, String from, String to, String subject, @Nullable String sentAt, String text,
			String html) {
	}

	record Outbox(int count, List<Received> items) {
	}

	@GetMapping("/api/v1/outbox")
	Outbox list() {
		if (!this.outbox.running()) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"The outbox exists only with the embedded SMTP sink (spring.mail.host unset).");
		}
		List<Received> items = this.outbox.messages()
			.stream()
			.map((m) -> new Received(m.messageId(), m.from(), m.to(), m.subject(),
					(m.sentAt() != null) ? m.sentAt().toString() : null, m.text(), m.html()))
			.toList();
		return new Outbox(items.size(), items);
	}

}
