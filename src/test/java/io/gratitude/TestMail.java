package io.gratitude;

import java.util.Arrays;
import java.util.List;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/** One real SMTP server (GreenMail) for the whole test JVM, on a free port. */
public final class TestMail {

	private static final GreenMail SERVER = start();

	private TestMail() {
	}

	private static GreenMail start() {
		GreenMail greenMail = new GreenMail(new ServerSetup(0, "127.0.0.1", "smtp").dynamicPort());
		greenMail.start();
		Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop));
		return greenMail;
	}

	public static GreenMail server() {
		return SERVER;
	}

	public static int port() {
		return SERVER.getSmtp().getPort();
	}

	/** Every message received so far for this address. */
	public static List<MimeMessage> to(String address) {
		return Arrays.stream(SERVER.getReceivedMessages()).filter(m -> {
			try {
				return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
					.anyMatch(a -> a.toString().contains(address));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

}
