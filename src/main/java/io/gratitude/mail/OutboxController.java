package io.gratitude.mail;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
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

	private final ObjectProvider<GreenMail> sink;

	OutboxController(ObjectProvider<GreenMail> sink) {
		this.sink = sink;
	}

	record Received(String messageId, String from, String to, String subject, @Nullable String sentAt, String text,
			String html) {
	}

	record Outbox(int count, List<Received> items) {
	}

	@GetMapping("/api/v1/outbox")
	Outbox list() throws MessagingException, IOException {
		GreenMail greenMail = this.sink.getIfAvailable();
		if (greenMail == null) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND,
					"The outbox exists only with the embedded SMTP sink (spring.mail.host unset).");
		}
		List<Received> items = new ArrayList<>();
		for (MimeMessage message : greenMail.getReceivedMessages()) {
			String[] parts = { "", "" };
			collect(message.getContent(), parts);
			items.add(new Received(message.getMessageID(), ((InternetAddress) message.getFrom()[0]).toUnicodeString(),
					String.join(", ",
							Arrays.stream(message.getAllRecipients())
								.map(a -> ((InternetAddress) a).toUnicodeString())
								.toList()),
					message.getSubject(),
					(message.getSentDate() != null) ? message.getSentDate().toInstant().toString() : null, parts[0],
					parts[1]));
		}
		return new Outbox(items.size(), items);
	}

	private static void collect(Object content, String[] parts) throws MessagingException, IOException {
		if (content instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart part = multipart.getBodyPart(i);
				if (part.isMimeType("text/plain")) {
					parts[0] = (String) part.getContent();
				}
				else if (part.isMimeType("text/html")) {
					parts[1] = (String) part.getContent();
				}
				else {
					collect(part.getContent(), parts);
				}
			}
		}
		else if (content instanceof String text) {
			parts[0] = text;
		}
	}

}
