package io.gratitude.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.stream.Stream;

import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MessageBuilderTest {

	private static final Session SESSION = Session.getInstance(new Properties());

	private static OutgoingMessage message(String toName, String subject) {
		return new OutgoingMessage("<abc-123@shop.example>", "thanks@shop.example", "Chloé at Café Crème",
				"reply@shop.example", "ana@example.com", toName, subject, "<p>Olá</p>", "Olá", "https://g.example/u/t",
				"https://g.example/u/t", Instant.parse("2027-03-14T09:00:00Z"));
	}

	@Test
	void buildsMultipartAlternativeWithTextFirstAndTheFixedMessageId() throws Exception {
		MimeMessage mime = MessageBuilder.build(SESSION, message("Ana Lima", "Obrigada, Ana"));
		assertThat(mime.getMessageID()).isEqualTo("<abc-123@shop.example>");
		assertThat(mime.getContentType()).startsWith("multipart/alternative");
		Multipart parts = (Multipart) mime.getContent();
		assertThat(parts.getBodyPart(0).getContentType()).startsWith("text/plain").contains("UTF-8");
		assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html").contains("UTF-8");
		assertThat(mime.getHeader("List-Unsubscribe")).containsExactly("<https://g.example/u/t>");
		assertThat(mime.getHeader("List-Unsubscribe-Post")).containsExactly("List-Unsubscribe=One-Click");
		assertThat(mime.getHeader("Reply-To")).containsExactly("reply@shop.example");
		assertThat(mime.getSentDate().toInstant()).isEqualTo(Instant.parse("2027-03-14T09:00:00Z"));
	}

	@Test
	void messageIdSurvivesRebuildingSoAResendCarriesTheSameOne() throws Exception {
		MimeMessage first = MessageBuilder.build(SESSION, message("Ana", "Hi"));
		MimeMessage second = MessageBuilder.build(SESSION, message("Ana", "Hi"));
		first.saveChanges();
		assertThat(first.getMessageID()).isEqualTo(second.getMessageID()).isEqualTo("<abc-123@shop.example>");
	}

	@Test
	void nonAsciiNamesAndSubjectsAreEncodedPerRfc2047() throws Exception {
		MimeMessage mime = MessageBuilder.build(SESSION, message("Zoë Ürlaub", "Danke schön, Zoë"));
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		mime.writeTo(raw);
		String wire = raw.toString(StandardCharsets.US_ASCII);
		String headers = wire.substring(0, wire.indexOf("\r\n\r\n"));
		assertThat(headers).contains("Subject: =?UTF-8?").doesNotContain("schön").doesNotContain("Zoë");
		assertThat(headers.chars().allMatch(c -> c < 128)).isTrue();
		assertThat(mime.getSubject()).isEqualTo("Danke schön, Zoë");
	}

	static Stream<String> bodies() {
		return Stream.of("plain ASCII", "a = sign, =3D and =\nat the end =", "trailing spaces   \nand tabs\t\t\r\nend ",
				"a line of exactly seventy-six characters, no more and no less, believe me!!\nnext",
				"x".repeat(75) + "=" + "y".repeat(200) + "\n\n\nblank lines above, é è ü and € in the middle",
				"old Mac\rline breaks\r\rand Windows ones\r\n.a dot first\n..two dots\nFrom the start",
				"日本語のテキストがほとんどの場合は base64 で送られます。ありがとうございました。", "");
	}

	@ParameterizedTest
	@MethodSource("bodies")
	void bodiesSurviveTheirEncodingAndKeepLinesShort(String text) throws Exception {
		OutgoingMessage outgoing = new OutgoingMessage("<abc-123@shop.example>", "thanks@shop.example", "Shop", null,
				"ana@example.com", null, "Hi", "<p>" + text + "</p>", text, "https://g.example/u/t",
				"https://g.example/u/t", Instant.parse("2027-03-14T09:00:00Z"));
		ByteArrayOutputStream raw = new ByteArrayOutputStream();
		MessageBuilder.build(SESSION, outgoing).writeTo(raw);
		String wire = raw.toString(StandardCharsets.ISO_8859_1);
		assertThat(wire.split("\r\n", -1)).as("lines of at most 76 characters").allMatch(line -> line.length() <= 76);
		assertThat(wire.chars()).as("7-bit on the wire").allMatch(c -> c < 128);
		assertThat(wire.replace("\r\n", "")).as("no bare CR or LF").doesNotContain("\r").doesNotContain("\n");

		MimeMessage parsed = new MimeMessage(SESSION, new ByteArrayInputStream(raw.toByteArray()));
		Multipart parts = (Multipart) parsed.getContent();
		String crlf = text.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
		assertThat(parts.getBodyPart(0).getContent()).isEqualTo(crlf);
		assertThat(parts.getBodyPart(1).getContent()).isEqualTo("<p>" + crlf + "</p>");
	}

	@Test
	void eachMessageHasItsOwnBoundaryOfOneFixedLength() throws Exception {
		String first = MessageBuilder.build(SESSION, message("Ana", "Hi")).getContentType();
		String second = MessageBuilder.build(SESSION, message("Ana", "Hi")).getContentType();
		assertThat(first).isNotEqualTo(second)
			.hasSameSizeAs(second)
			.matches("multipart/alternative; boundary=\"----=_Part_[0-9a-f]{16}\"");
	}

	@Test
	void headerValuesWithLineBreaksAreRefusedSoNoHeaderCanBeInjected() {
		assertThatIllegalArgumentException().isThrownBy(() -> message("Ana\r\nBcc: victim@example.com", "Hi"));
		assertThatIllegalArgumentException().isThrownBy(() -> message("Ana", "Hi\nBcc: victim@example.com"));
		for (String control : new String[] { "\r", "\n", "\u0000", "\t", "\u000b", "\u001b", "\u007f", "\u0085",
				"\u2028", "\u2029" }) {
			assertThatIllegalArgumentException().as("U+%04X in a name", (int) control.charAt(0))
				.isThrownBy(() -> message("Ana" + control + "Bcc: victim@example.com", "Hi"));
			assertThatIllegalArgumentException().as("U+%04X in a subject", (int) control.charAt(0))
				.isThrownBy(() -> message("Ana", "Hi" + control + "Bcc: victim@example.com"));
		}
		assertThat(message("Ána Müller-Ørsted", "Alles Gute, Ána! 🎂").toName()).isEqualTo("Ána Müller-Ørsted");
	}

}
