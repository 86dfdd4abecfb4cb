package io.gratitude.suppression;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.gratitude.partner.ApiCaller;
import io.gratitude.partner.EmailAddresses;
import io.gratitude.system.InvalidField;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bounce and complaint intake (API key), for a mail provider's webhook relayed by the
 * partner:
 * {@code {"events":[{"email","type":"hard|soft|complaint","messageId?","reason?",
 * "occurredAt?"}]}}, up to 1,000 events. Every event is validated before anything is
 * written; then all are applied in one transaction (see {@link BounceIntake}). A
 * {@code messageId} (with or without angle brackets) that names one of the partner's SENT
 * messages records the event on it; any other, or none, counts as unmatched.
 */
@RestController
class BounceApiController {

	static final int MAX_EVENTS = 1_000;

	private static final int MAX_MESSAGE_ID = 255;

	private static final int MAX_REASON = 1_000;

	private final BounceIntake intake;

	BounceApiController(BounceIntake intake) {
		this.intake = intake;
	}

	record BounceBody(@Nullable List<@Nullable EventBody> events) {
	}

	record EventBody(@Nullable String email, @Nullable String type, @Nullable String messageId, @Nullable String reason,
			@Nullable Instant occurredAt) {
	}

	record BounceAnswer(int received, int suppressed, int matched, int unmatched) {
	}

	/**
	 * Records bounces and complaints: hard → suppressed {@code hard_bounce}; complaint →
	 * suppressed {@code complaint} and the partner's contacts with the address opted out;
	 * soft → recorded only. Answers the counts; {@code suppressed} counts addresses newly
	 * put on the list, so a repeated event answers 0 there.
	 */
	@PostMapping("/api/v1/events/bounces")
	BounceAnswer receive(ApiCaller caller, @RequestBody BounceBody body) {
		List<@Nullable EventBody> events = body.events();
		if (events == null) {
			throw new InvalidField("events", "events is required");
		}
		if (events.size() > MAX_EVENTS) {
			throw new InvalidField("events",
					"events holds " + events.size() + " events, at most " + MAX_EVENTS + " are accepted at once");
		}
		List<BounceIntake.Bounce> bounces = new ArrayList<>(events.size());
		for (int i = 0; i < events.size(); i++) {
			try {
				bounces.add(bounce(events.get(i)));
			}
			catch (InvalidField ex) {
				throw ex.under("events[" + i + "]");
			}
		}
		BounceIntake.Outcome outcome = this.intake.receive(caller.partnerId(), bounces);
		return new BounceAnswer(outcome.received(), outcome.suppressed(), outcome.matched(), outcome.unmatched());
	}

	private static BounceIntake.Bounce bounce(@Nullable EventBody event) {
		if (event == null) {
			throw new InvalidField("email", "an event must be an object with email and type");
		}
		String email = EmailAddresses.require(event.email(), "email");
		return new BounceIntake.Bounce(email, type(event.type()), messageId(event.messageId()), reason(event.reason()),
				event.occurredAt());
	}

	private static BounceType type(@Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new InvalidField("type", "type is required: hard, soft or complaint");
		}
		for (BounceType type : BounceType.values()) {
			if (type.code().equals(value.strip())) {
				return type;
			}
		}
		throw new InvalidField("type", "type must be hard, soft or complaint, not '" + shown(value) + "'");
	}

	/** The Message-ID in angle brackets, as it is kept in the send log. */
	private static @Nullable String messageId(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String id = value.strip();
		if (!id.startsWith("<")) {
			id = "<" + id + ">";
		}
		if (id.length() > MAX_MESSAGE_ID || !id.matches("<[\\x21-\\x3B\\x3D\\x3F-\\x7E]+>")) {
			throw new InvalidField("messageId",
					"messageId is not a Message-ID (printable ASCII without spaces, at most " + MAX_MESSAGE_ID
							+ " characters): '" + shown(value) + "'");
		}
		return id;
	}

	/**
	 * The provider's diagnostic with line breaks and other control characters as spaces,
	 * cut to what the send log keeps.
	 */
	private static @Nullable String reason(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String reason = value.replaceAll("\\p{Cntrl}", " ").strip();
		if (reason.length() <= MAX_REASON) {
			return reason;
		}
		int end = Character.isHighSurrogate(reason.charAt(MAX_REASON - 1)) ? MAX_REASON - 1 : MAX_REASON;
		return reason.substring(0, end);
	}

	private static String shown(String value) {
		String shown = value.replaceAll("\\p{Cntrl}", "?");
		return (shown.length() > 40) ? shown.substring(0, 40) + "…" : shown;
	}

}
