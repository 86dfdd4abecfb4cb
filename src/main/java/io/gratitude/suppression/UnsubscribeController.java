package io.gratitude.suppression;

import java.time.Clock;
import java.util.Optional;

import io.gratitude.contact.Contact;
import io.gratitude.contact.ContactBook;
import io.gratitude.contact.Contacts;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The unsubscribe endpoint. GET shows a page with a button (link scanners that prefetch
 * URLs must not unsubscribe anyone); POST unsubscribes: the form's button, or a mail
 * client's RFC 8058 one-click request. Unsubscribing opts the contact out and suppresses
 * the address.
 */
@RestController
class UnsubscribeController {

	private final UnsubscribeTokens tokens;

	private final ContactBook book;

	private final Contacts contacts;

	private final Partners partners;

	private final Suppressions suppressions;

	private final Clock clock;

	UnsubscribeController(UnsubscribeTokens tokens, ContactBook book, Contacts contacts, Partners partners,
			Suppressions suppressions, Clock clock) {
		this.tokens = tokens;
		this.book = book;
		this.contacts = contacts;
		this.partners = partners;
		this.suppressions = suppressions;
		this.clock = clock;
	}

	@GetMapping(path = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
	ResponseEntity<String> confirm(@PathVariable String token) {
		Optional<UnsubscribeTokens.Subject> subject = this.tokens.verify(token);
		if (subject.isEmpty()) {
			return invalid();
		}
		String partnerName = subject.flatMap(s -> this.partners.findById(s.partnerId()))
			.map(Partner::name)
			.orElse("this sender");
		return page(HttpStatus.OK, "Unsubscribe from " + partnerName + "?",
				"<p>You will not receive any more messages from " + HtmlUtils.htmlEscape(partnerName) + ".</p>"
						+ "<form method=\"post\"><button type=\"submit\">Unsubscribe</button></form>");
	}

	@PostMapping(path = "/unsubscribe/{token}", produces = MediaType.TEXT_HTML_VALUE)
	@Transactional
	ResponseEntity<String> unsubscribe(@PathVariable String token) {
		Optional<UnsubscribeTokens.Subject> subject = this.tokens.verify(token);
		if (subject.isEmpty()) {
			return invalid();
		}
		long partnerId = subject.get().partnerId();
		long contactId = subject.get().contactId();
		this.book.optOut(partnerId, contactId);
		this.contacts.findById(partnerId, contactId)
			.map(Contact::email)
			.ifPresent(email -> this.suppressions.suppress(partnerId, email, "unsubscribed", this.clock.instant()));
		return page(HttpStatus.OK, "You are unsubscribed",
				"<p>You will not hear from us again. Thank you for having been with us.</p>");
	}

	private static ResponseEntity<String> invalid() {
		return page(HttpStatus.NOT_FOUND, "This link is not valid",
				"<p>The unsubscribe link is incomplete or was changed. Please use the link from the message itself.</p>");
	}

	private static ResponseEntity<String> page(HttpStatus status, String title, String body) {
		String html = """
				<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
				<title>%s</title></head>
				<body style="font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;line-height:1.5">
				<h1 style="font-size:1.4rem">%s</h1>%s</body></html>"""
			.formatted(HtmlUtils.htmlEscape(title), HtmlUtils.htmlEscape(title), body);
		return ResponseEntity.status(status)
			.contentType(MediaType.TEXT_HTML)
			.header("Content-Security-Policy",
					"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
			// The address holds the contact's signed token: never pass it on.
			.header("Referrer-Policy", "no-referrer")
			.body(html);
	}

}
