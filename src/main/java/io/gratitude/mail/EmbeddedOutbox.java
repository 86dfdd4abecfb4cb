package io.gratitude.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the embedded SMTP sink received, read as a mail client shows it: for the console's
 * outbox. Present only while the sink runs (the zero-set-up run, {@code spring.mail.host}
 * unset); a real mail server keeps its own mailboxes.
 */
@Component
public class EmbeddedOutbox {

	private final ObjectProvider<GreenMail> sink;

	EmbeddedOutbox(ObjectProvider<GreenMail> sink) {
		this.sink = sink;
	}

	/**
	 * A message the sink received.
	 *
	 * @param index its place in the order received, from 0: stable while the application
	 * runs, as the sink only ever adds
	 * @param messageId the Message-ID header with its angle brackets, empty when none
	 * @param sentAt the Date header, null when none
	 * @param text the text/plain part, empty when none
	 * @param html the text/html part, empty when none
	 */
	public record Received(int index, String messageId, String from, String to, String subject,
			@Nullable Instant sentAt, List<Header> headers, String text, String html, String raw) {
	}

	/** A header as it was received (decoded value). */
	public record Header(String name, String value) {
	}

	/** Whether the embedded sink runs. */
	public boolean running() {
		return this.sink.getIfAvailable() != null;
	}

	/** Every message received, oldest first; empty when the sink does not run. */
	public List<Received> messages() {
		GreenMail greenMail = this.sink.getIfAvailable();
		if (greenMail == null) {
			return List.of();
		}
		MimeMessage[] received = greenMail.getReceivedMessages();
		List<Received> messages = new ArrayList<>(received.length);
		for (int i = 0; i < received.length; i++) {
			messages.add(read(i, received[i]));
		}
		return messages;
	}

	/** The message received at {@code index}. */
	public Optional<Received> message(int index) {
		GreenMail greenMail = this.sink.getIfAvailable();
		if (greenMail == null || index < 0) {
			return Optional.empty();
		}
		MimeMessage[] received = greenMail.getReceivedMessages();
		return (index < received.length) ? Optional.of(read(index, received[index])) : Optional.empty();
	}

	private static Received read(int index, MimeMessage message) {
		try {
			String[] parts = { "", "" };
			collect(message.getContent(), parts);
			List<Header> headers = new ArrayList<>();
			for (jakarta.mail.Header header : Collections.list(message.getAllHeaders())) {
				headers.add(new Header(header.getName(), decode(header.getValue())));
			}
			ByteArrayOutputStream raw = new ByteArrayOutputStream();
			message.writeTo(raw);
			String messageId = message.getMessageID();
			return new Received(index, (messageId != null) ? messageId : "", addresses(message.getFrom()),
					addresses(message.getAllRecipients()), (message.getSubject() != null) ? message.getSubject() : "",
					(message.getSentDate() != null) ? message.getSentDate().toInstant() : null, headers, parts[0],
					parts[1], raw.toString(StandardCharsets.UTF_8));
		}
		catch (MessagingException | IOException ex) {
			throw new IllegalStateException("cannot read received message " + index + ": " + ex.getMessage(), ex);
		}
	}

	private static String addresses(Address @Nullable [] addresses) {
		if (addresses == null) {
			return "";
		}
		return String.join(", ",
				Arrays.stream(addresses)
					.map(a -> (a instanceof InternetAddress internet) ? internet.toUnicodeString() : a.toString())
					.toList());
	}

	private static String decode(String value) {
		try {
			return jakarta.mail.internet.MimeUtility.decodeText(value);
		}
		catch (IOException ex) {
			return value;
		}
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
