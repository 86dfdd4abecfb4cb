package io.gratitude.mail;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * Sends messages over one SMTP connection reused for a whole batch (connect-per-message
 * halves throughput), through the {@link JavaMailSenderImpl} that Spring Boot configures
 * from {@code spring.mail.*}. Each message gets its own reply, so the caller can record
 * it before the next one goes.
 */
@Component
public class SmtpSender {

	private static final Pattern GREETING_CODE = Pattern.compile("response: \\[?([2-5]\\d\\d)");

	private final JavaMailSenderImpl mailSender;

	SmtpSender(JavaMailSenderImpl mailSender) {
		this.mailSender = mailSender;
	}

	/** The mail session to build messages in. */
	public Session session() {
		return this.mailSender.getSession();
	}

	/** Opens a connection lazily: nothing touches the network until the first send. */
	public Connection open() {
		return new Connection();
	}

	/**
	 * One SMTP connection; reconnects after a failure. Not thread-safe: one per worker.
	 */
	public final class Connection implements AutoCloseable {

		private @Nullable Transport transport;

		private Connection() {
		}

		/**
		 * Sends one message and reports the server's answer; never throws for a refused
		 * message.
		 */
		public SendResult send(MimeMessage message) {
			long start = System.nanoTime();
			Transport connected;
			try {
				connected = connected();
			}
			catch (MessagingException | RuntimeException ex) {
				// No session at all (refused, connect timeout, a 421 greeting): a
				// transport problem, not this message's.
				discard();
				String text = reply(describe(ex));
				return new SendResult(SendResult.Outcome.UNREACHABLE, replyCode(text), text, millisSince(start));
			}
			try {
				connected.sendMessage(message, message.getAllRecipients());
				if (connected instanceof SMTPTransport smtp) {
					return SendResult.ofCode(smtp.getLastReturnCode(), reply(smtp.getLastServerResponse()),
							millisSince(start));
				}
				return SendResult.ofCode(250, "250 accepted", millisSince(start));
			}
			catch (SendFailedException ex) {
				SendResult refused = refused(ex, millisSince(start));
				if (refused != null) {
					if (refused.code() == 421) {
						// The server is closing the session: the next message
						// reconnects.
						discard();
					}
					dropIfBroken();
					return refused;
				}
				discard();
				return new SendResult(SendResult.Outcome.TRANSIENT, 0, reply(ex.getMessage()), millisSince(start));
			}
			catch (MessagingException | RuntimeException ex) {
				discard();
				return new SendResult(SendResult.Outcome.TRANSIENT, 0, reply(describe(ex)), millisSince(start));
			}
		}

		private Transport connected() throws MessagingException {
			if (this.transport == null || !this.transport.isConnected()) {
				discard();
				String protocol = SmtpSender.this.mailSender.getProtocol();
				Transport fresh = session().getTransport((protocol != null) ? protocol : "smtp");
				fresh.connect(SmtpSender.this.mailSender.getHost(), SmtpSender.this.mailSender.getPort(),
						SmtpSender.this.mailSender.getUsername(), SmtpSender.this.mailSender.getPassword());
				this.transport = fresh;
			}
			return this.transport;
		}

		private @Nullable SendResult refused(SendFailedException ex, long durationMs) {
			for (Exception cause = ex; cause != null; cause = (cause instanceof MessagingException m)
					? m.getNextException() : null) {
				if (cause instanceof SMTPSendFailedException failed) {
					return SendResult.ofCode(failed.getReturnCode(), reply(failed.getMessage()), durationMs);
				}
				if (cause instanceof SMTPAddressFailedException failed) {
					return SendResult.ofCode(failed.getReturnCode(), reply(failed.getMessage()), durationMs);
				}
			}
			return null;
		}

		private void dropIfBroken() {
			if (this.transport != null && !this.transport.isConnected()) {
				discard();
			}
		}

		private void discard() {
			if (this.transport != null) {
				try {
					this.transport.close();
				}
				catch (MessagingException ex) {
					// The connection is being abandoned because it failed; a failing QUIT
					// adds nothing.
				}
				this.transport = null;
			}
		}

		@Override
		public void close() {
			discard();
		}

	}

	private static long millisSince(long startNanos) {
		return (System.nanoTime() - startNanos) / 1_000_000;
	}

	private static String describe(Exception ex) {
		Throwable root = ex;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root == ex) ? String.valueOf(ex.getMessage()) : ex.getMessage() + " (" + root + ")";
	}

	/**
	 * The reply code a failed connect reports ("Got bad greeting ... response: 421 ..."),
	 * 0 when the server never answered.
	 */
	private static int replyCode(String text) {
		Matcher matcher = GREETING_CODE.matcher(text);
		return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
	}

	private static String reply(@Nullable String text) {
		String single = (text != null) ? text.replaceAll("[\\r\\n]+", " ").strip() : "";
		return (single.length() > 1000) ? single.substring(0, 1000) : single;
	}

}
