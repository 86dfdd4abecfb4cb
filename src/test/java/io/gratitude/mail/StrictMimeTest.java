package io.gratitude.mail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;

import jakarta.mail.Session;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.Message;
import org.apache.james.mime4j.dom.Multipart;
import org.apache.james.mime4j.dom.TextBody;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What we send is valid MIME to a strict parser that did not build it (Apache mime4j in
 * strict mode, which throws on malformed headers, bad encodings and broken boundaries),
 * with every header line in 7-bit ASCII and within RFC 5322's 998 characters.
 */
class StrictMimeTest {

	private static final Session SESSION = Session.getInstance(new Properties());

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "Ana Lima|Thank you, Ana|Plain text",
			"Zoë Ürlaub-Çelik|Danke schön, Zoë — für alles|Grüße aus Köln", "李小龍|谢谢你的支持，李先生|感谢您的惠顾",
			"O'Brien, \"Mac\"|A subject that is long enough to need folding across lines because it goes on and on and on beyond seventy-eight characters|x" })
	void aStrictParserReadsOurMessagesBackIntact(String name, String subject, String text) throws Exception {
		OutgoingMessage outgoing = new OutgoingMessage("<test-1@shop.example>", "thanks@shop.example",
				"Café Crème & Co", "reply@shop.example", "ana@example.com", name, subject, "<p>" + text + "</p>",
				text + "\n\nUnsubscribe: https://g.example/unsubscribe/t", "https://g.example/unsubscribe/t",
				"https://g.example/unsubscribe/t", Instant.parse("2027-03-14T09:00:00Z"));
		ByteArrayOutputStream wire = new ByteArrayOutputStream();
		MessageBuilder.build(SESSION, outgoing).writeTo(wire);
		byte[] bytes = wire.toByteArray();

		String raw = new String(bytes, StandardCharsets.ISO_8859_1);
		String headers = raw.substring(0, raw.indexOf("\r\n\r\n"));
		assertThat(headers.chars()).as("headers are 7-bit").allMatch(c -> c < 128);
		assertThat(raw.split("\r\n")).as("lines within 998 characters").allMatch(line -> line.length() <= 998);

		DefaultMessageBuilder parser = new DefaultMessageBuilder();
		parser.setMimeEntityConfig(MimeConfig.STRICT);
		parser.setDecodeMonitor(DecodeMonitor.STRICT);
		Message parsed = parser.parseMessage(new ByteArrayInputStream(bytes));

		assertThat(parsed.getSubject()).isEqualTo(subject);
		assertThat(parsed.getMessageId()).isEqualTo("<test-1@shop.example>");
		assertThat(parsed.getTo().flatten().get(0).getName()).isEqualTo(name);
		assertThat(parsed.getFrom().get(0).getName()).isEqualTo("Café Crème & Co");
		assertThat(parsed.getMimeType()).isEqualTo("multipart/alternative");
		Multipart parts = (Multipart) parsed.getBody();
		assertThat(parts.getBodyParts()).extracting(part -> part.getMimeType())
			.containsExactly("text/plain", "text/html");
		TextBody plain = (TextBody) parts.getBodyParts().get(0).getBody();
		String decoded = new String(plain.getInputStream().readAllBytes(), plain.getMimeCharset());
		assertThat(decoded.replace("\r\n", "\n")).startsWith(text);
		assertThat(parsed.getHeader().getField("List-Unsubscribe-Post").getBody())
			.isEqualTo("List-Unsubscribe=One-Click");
	}

}
