package io.gratitude.console;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.gratitude.mail.EmbeddedOutbox;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.preview.TestSends;
import io.gratitude.staff.ConsolePartner;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.server.ResponseStatusException;

/**
 * The console's outbox (zero-set-up run only): what the embedded SMTP sink received for
 * this partner, newest first, readable as a mail client shows it. A message is the
 * partner's when its Message-ID is one of the partner's outreach or test sends: exact,
 * where a sender address may be shared by several partners.
 */
@Controller
class OutboxPages {

	private final EmbeddedOutbox outbox;

	private final OutreachQueue queue;

	private final TestSends testSends;

	OutboxPages(EmbeddedOutbox outbox, OutreachQueue queue, TestSends testSends) {
		this.outbox = outbox;
		this.queue = queue;
		this.testSends = testSends;
	}

	@GetMapping("/console/partners/{partnerId}/outbox")
	String list(ConsolePartner console, Model model) {
		requireSink();
		List<EmbeddedOutbox.Received> all = this.outbox.messages();
		Set<String> owned = owned(console.id(), all.stream().map(EmbeddedOutbox.Received::messageId).toList());
		List<EmbeddedOutbox.Received> mine = new ArrayList<>();
		for (int i = all.size() - 1; i >= 0; i--) {
			if (owned.contains(all.get(i).messageId())) {
				mine.add(all.get(i));
			}
		}
		model.addAttribute("times", new ZonedTimes(console.partner().timeZone()));
		model.addAttribute("messages", mine);
		return "console/outbox";
	}

	@GetMapping("/console/partners/{partnerId}/outbox/{index}")
	String message(ConsolePartner console, @PathVariable String index, Model model) {
		requireSink();
		int at;
		try {
			at = Integer.parseInt(index);
		}
		catch (NumberFormatException ex) {
			throw notFound();
		}
		EmbeddedOutbox.Received message = this.outbox.message(at)
			.filter(m -> !m.messageId().isEmpty() && !owned(console.id(), List.of(m.messageId())).isEmpty())
			.orElseThrow(OutboxPages::notFound);
		model.addAttribute("times", new ZonedTimes(console.partner().timeZone()));
		model.addAttribute("message", message);
		return "console/outbox-message";
	}

	private Set<String> owned(long partnerId, List<String> messageIds) {
		Set<String> owned = new HashSet<>();
		List<String> ids = messageIds.stream().filter(id -> !id.isEmpty()).distinct().toList();
		// IN lists in chunks: a long-running demo's sink holds many messages.
		for (int i = 0; i < ids.size(); i += 500) {
			List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 500));
			owned.addAll(this.queue.ownedMessageIds(partnerId, chunk));
			owned.addAll(this.testSends.ownedMessageIds(partnerId, chunk));
		}
		return owned;
	}

	private void requireSink() {
		if (!this.outbox.running()) {
			throw notFound();
		}
	}

	private static ResponseStatusException notFound() {
		return new ResponseStatusException(HttpStatus.NOT_FOUND, "No such message");
	}

}
