package io.gratitude.mail;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
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
 * <p>
 * At most {@code gratitude.delivery.max-connections} connections are open at once on this
 * node: each {@link Connection} holds one of that many slots from
 * {@link #tryOpen(Duration)} until it is closed. Slots are handed out in the order they
 * were asked for, so a caller that waits (a template test send) gets the next one freed
 * even while dispatch runs keep asking.
 */
@Component
public class SmtpSender {

	private static final Pattern GREETING_CODE = Pattern.compile("response: \\[?([2-5]\\d\\d)");

	/**
	 * A connection idle this long is asked whether it is still open (a NOOP) before the
	 * next message: servers drop idle sessions, and a message sent into a dropped one
	 * fails and waits for its retry. Messages of a batch follow each other closer than
	 * this, without the extra round trip.
	 */
	static final long IDLE_CHECK_NANOS = 1_000_000_000L;

	private final JavaMailSenderImpl mailSender;

	private final Semaphore slots;

	SmtpSender(JavaMailSenderImpl mailSender, DeliverySettings settings) {
		this.mailSender = mailSender;
		this.slots = new Semaphore(settings.maxConnections(), true);
	}

	/** The mail session to build messages in. */
	public Session session() {
		return this.mailSender.getSession();
	}

	/**
	 * Whether one of this node's connection slots is free now (a hint: another caller may
	 * take it next).
	 */
	public boolean hasFreeSlot() {
		return this.slots.availablePermits() > 0;
	}

	/**
	 * A connection, if one of this node's connection slots is free within {@code wait}
	 * ({@link Duration#ZERO}: free now, never waiting). The connection holds its slot
	 * until it is closed, and opens lazily: nothing touches the network until the first
	 * send.
	 * @return the connection, or empty when every slot stayed taken (or the thread was
	 * interrupted while waiting, its interrupt kept)
	 */
	public Optional<Connection> tryOpen(Duration wait) {
		try {
			// The timed tryAcquire, even with no wait, keeps the queue order of a fair
			// semaphore; the untimed one would barge ahead of a waiting test send.
			if (this.slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
				return Optional.of(new Connection());
			}
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
	}

	/**
	 * One SMTP connection; reconnects after a failure. Holds one of the node's connection
	 * slots until closed. Not thread-safe: one per worker.
	 */
	public final class Connection implements AutoCloseable {

		private @Nullable Transport transport;

		/** When the server last answered on this connection ({@link System#nanoTime}). */
		private long lastReply;

		private boolean closed;

		private Connection() {
		}

		/**
		 * Sends one message and reports the server's answer; never throws for a refused
		 * message.
		 * @throws IllegalStateException once the connection is closed
		 */
		public SendResult send(MimeMessage message) {
			if (this.closed) {
				// Its slot is given back: sending now would exceed max-connections.
				throw new IllegalStateException("connection closed");
			}
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
				this.lastReply = System.nanoTime();
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
			// isConnected() asks the server (a NOOP round trip): only after a pause.
			if (this.transport == null
					|| (System.nanoTime() - this.lastReply > IDLE_CHECK_NANOS && !this.transport.isConnected())) {
				discard();
				String protocol = SmtpSender.this.mailSender.getProtocol();
				Transport fresh = session().getTransport((protocol != null) ? protocol : "smtp");
				fresh.connect(SmtpSender.this.mailSender.getHost(), SmtpSender.this.mailSender.getPort(),
						SmtpSender.this.mailSender.getUsername(), SmtpSender.this.mailSender.getPassword());
				this.transport = fresh;
				this.lastReply = System.nanoTime();
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

		/** Closes the connection and frees its slot; idempotent. */
		@Override
		public void close() {
			discard();
			if (!this.closed) {
				this.closed = true;
				SmtpSender.this.slots.release();
			}
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
		if (text == null) {
			return "";
		}
		// Most replies are one line ("250 2.0.0 Ok: queued"): no regex for those.
		String single = (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) ? text.strip()
				: text.replaceAll("[\\r\\n]+", " ").strip();
		return (single.length() > 1000) ? single.substring(0, 1000) : single;
	}

}
