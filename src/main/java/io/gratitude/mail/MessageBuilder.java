package io.gratitude.mail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

/**
 * Builds the MIME message: multipart/alternative with the plain-text part first and the
 * HTML part last (clients show the last part they can render), UTF-8, RFC 2047-encoded
 * names and subject, a fixed Message-ID, and RFC 8058 one-click unsubscribe headers.
 * <p>
 * Jakarta Mail writes the headers (address and RFC 2047 encoding, folding); the body is
 * encoded here, once, into the bytes that go on the wire: each part quoted-printable
 * (base64 when most of it is not ASCII, as Jakarta Mail would choose), so that neither a
 * boundary nor a line over 76 characters can occur in it. Jakarta Mail's own body parts
 * would scan and encode each text a byte at a time, twice (once to choose the encoding,
 * once to send), and look up a stream provider through the service loader for every part.
 */
public final class MessageBuilder {

	private static final byte[] CRLF = { '\r', '\n' };

	private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

	/**
	 * Quoted-printable lines are at most 76 characters, the soft break's "=" included.
	 */
	private static final int QP_LINE = 76;

	private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(QP_LINE, CRLF);

	/**
	 * Boundaries are this JVM's random start plus a counter, as 16 hex digits: unique per
	 * message, and always the same length, so the Content-Type header line is 75
	 * characters on every machine (a boundary built from the clock grew with the
	 * machine's uptime and pushed that line over 76).
	 */
	private static final AtomicLong BOUNDARIES = new AtomicLong(new SecureRandom().nextLong());

	private MessageBuilder() {
	}

	/** Builds the message in the given session; nothing is sent. */
	public static MimeMessage build(Session session, OutgoingMessage message) {
		try {
			String boundary = boundary();
			MimeMessage mime = new PrebuiltMimeMessage(session, message.messageId(),
					body(boundary, message.text(), message.html()));
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
			mime.setHeader("Content-Type", "multipart/alternative; boundary=\"" + boundary + "\"");
			mime.saveChanges();
			return mime;
		}
		catch (MessagingException | UnsupportedEncodingException ex) {
			throw new IllegalArgumentException("cannot build message " + message.messageId() + ": " + ex.getMessage(),
					ex);
		}
	}

	/**
	 * A boundary that cannot occur in an encoded part: quoted-printable never writes "=_"
	 * (an "=" is followed by two hex digits or a line break), base64 has neither
	 * character.
	 */
	private static String boundary() {
		return "----=_Part_" + HexFormat.of().toHexDigits(BOUNDARIES.incrementAndGet());
	}

	/** The multipart/alternative body: the text part, then the HTML part. */
	static byte[] body(String boundary, String text, String html) {
		byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
		byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
		byte[] htmlBytes = html.getBytes(StandardCharsets.UTF_8);
		Bytes out = new Bytes(textBytes.length + htmlBytes.length + 1024);
		part(out, delimiter, "text/plain", textBytes);
		part(out, delimiter, "text/html", htmlBytes);
		out.writeBytes(delimiter);
		out.write('-');
		out.write('-');
		out.writeBytes(CRLF);
		return out.toByteArray();
	}

	private static void part(Bytes out, byte[] delimiter, String type, byte[] content) {
		boolean base64 = mostlyNotAscii(content);
		out.writeBytes(delimiter);
		out.writeBytes(CRLF);
		out.writeBytes(("Content-Type: " + type + "; charset=UTF-8\r\nContent-Transfer-Encoding: "
				+ (base64 ? "base64" : "quoted-printable") + "\r\n\r\n")
			.getBytes(StandardCharsets.US_ASCII));
		if (base64) {
			out.writeBytes(BASE64.encode(content));
		}
		else {
			quotedPrintable(content, out);
		}
		out.writeBytes(CRLF);
	}

	private static boolean mostlyNotAscii(byte[] content) {
		int notAscii = 0;
		for (byte b : content) {
			if (b < 0) {
				notAscii++;
			}
		}
		return notAscii > content.length - notAscii;
	}

	/**
	 * Encodes text as quoted-printable (RFC 2045, 6.7): line breaks (CRLF, CR or LF)
	 * become CRLF, lines longer than 76 characters get soft breaks, and "=", control
	 * characters, non-ASCII bytes and a space or tab before a line break are escaped.
	 */
	static void quotedPrintable(byte[] content, Bytes out) {
		int column = 0;
		for (int i = 0; i < content.length; i++) {
			int b = content[i] & 0xff;
			if (b == '\r' || b == '\n') {
				out.writeBytes(CRLF);
				column = 0;
				if (b == '\r' && i + 1 < content.length && content[i + 1] == '\n') {
					i++;
				}
				continue;
			}
			boolean lineEnds = i + 1 == content.length || content[i + 1] == '\r' || content[i + 1] == '\n';
			boolean literal = (b >= 33 && b <= 126 && b != '=') || ((b == ' ' || b == '\t') && !lineEnds);
			int width = literal ? 1 : 3;
			// Room for the soft break's "=" unless this is the line's last character.
			int limit = lineEnds ? QP_LINE : QP_LINE - 1;
			if (column + width > limit) {
				out.write('=');
				out.writeBytes(CRLF);
				column = 0;
			}
			if (literal) {
				out.write(b);
			}
			else {
				out.write('=');
				out.write(HEX[b >> 4]);
				out.write(HEX[b & 0xf]);
			}
			column += width;
		}
	}

	/**
	 * A growing byte buffer: {@link ByteArrayOutputStream}'s methods are synchronized,
	 * which costs on every byte of the encoding.
	 */
	static final class Bytes {

		private byte[] bytes;

		private int length;

		Bytes(int capacity) {
			this.bytes = new byte[Math.max(16, capacity)];
		}

		void write(int b) {
			if (this.length == this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, this.bytes.length * 2);
			}
			this.bytes[this.length++] = (byte) b;
		}

		void writeBytes(byte[] more) {
			if (this.length + more.length > this.bytes.length) {
				this.bytes = Arrays.copyOf(this.bytes, Math.max(this.bytes.length * 2, this.length + more.length));
			}
			System.arraycopy(more, 0, this.bytes, this.length, more.length);
			this.length += more.length;
		}

		byte[] toByteArray() {
			return Arrays.copyOf(this.bytes, this.length);
		}

	}

	/**
	 * A message whose body is written as built, and whose planned Message-ID is kept: a
	 * resend after a crash must carry the same one.
	 */
	private static final class PrebuiltMimeMessage extends MimeMessage {

		private final String messageId;

		PrebuiltMimeMessage(Session session, String messageId, byte[] body) {
			super(session);
			this.messageId = messageId;
			// Read back by getContent(), parsed lazily, as for a received message.
			this.content = body;
		}

		@Override
		protected void updateHeaders() throws MessagingException {
			// Every content header is set by the builder: nothing to derive from a
			// data handler.
			setHeader("MIME-Version", "1.0");
			updateMessageID();
		}

		@Override
		protected void updateMessageID() throws MessagingException {
			setHeader("Message-ID", this.messageId);
		}

		@Override
		public void writeTo(OutputStream os, String[] ignoreList) throws IOException, MessagingException {
			if (!this.saved) {
				saveChanges();
			}
			// Headers are 7-bit ASCII: RFC 2047 encoded and folded by Jakarta Mail.
			ByteArrayOutputStream head = new ByteArrayOutputStream(1024);
			Enumeration<String> lines = getNonMatchingHeaderLines(ignoreList);
			while (lines.hasMoreElements()) {
				head.writeBytes(lines.nextElement().getBytes(StandardCharsets.UTF_8));
				head.writeBytes(CRLF);
			}
			head.writeBytes(CRLF);
			head.writeTo(os);
			os.write(this.content);
			os.flush();
		}

	}

}
