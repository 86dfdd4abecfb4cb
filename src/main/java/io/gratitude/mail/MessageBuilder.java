package io.gratitude.mail;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Date;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;

/**
 * Builds the MIME message: multipart/alternative with the plain-text part first and the
 * HTML part last (clients show the last part they can render), UTF-8, RFC 2047-encoded
 * names and subject, a fixed Message-ID, and RFC 8058 one-click unsubscribe headers.
 */
public final class MessageBuilder {

	private MessageBuilder() {
	}

	/** Builds the message in the given session; nothing is sent. */
	public static MimeMessage build(Session session, OutgoingMessage message) {
		try {
			MimeMessage mime = new FixedIdMimeMessage(session, message.messageId());
			mime.setFrom(new InternetAddress(message.fromEmail(), message.fromName(), StandardCharsets.UTF_8.name()));
			if (message.replyTo() != null) {
				mime.setReplyTo(new InternetAddress[] { new InternetAddress(message.replyTo(), true) });
			}
			InternetAddress to = (message.toName() != null)
					? new InternetAddress(message.toEmail(), message.toName(), StandardCharsets.UTF_8.name())
					: new InternetAddress(message.toEmail(), true);
			mime.setRecipient(jakarta.mail.Message.RecipientType.TO, to);
			mime.setSubject(message.subject(), StandardCharsets.UTF_8.name());
			mime.setSentDate(Date.from(message.date()));
			mime.setHeader("List-Unsubscribe", "<" + message.unsubscribePostUrl() + ">");
			mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
			mime.setHeader("Auto-Submitted", "auto-generated");

			MimeBodyPart text = new MimeBodyPart();
			text.setText(message.text(), StandardCharsets.UTF_8.name(), "plain");
			MimeBodyPart html = new MimeBodyPart();
			html.setText(message.html(), StandardCharsets.UTF_8.name(), "html");
			MimeMultipart alternative = new MimeMultipart("alternative");
			alternative.addBodyPart(text);
			alternative.addBodyPart(html);
			mime.setContent(alternative);
			mime.saveChanges();
			return mime;
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new IllegalArgumentException("cannot build message " + message.messageId() + ": " + ex.getMessage(),
					ex);
		}
	}

	/** Keeps the planned Message-ID: a resend after a crash must carry the same one. */
	private static final class FixedIdMimeMessage extends MimeMessage {

		private final String messageId;

		FixedIdMimeMessage(Session session, String messageId) {
			super(session);
			this.messageId = messageId;
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

	}

}
