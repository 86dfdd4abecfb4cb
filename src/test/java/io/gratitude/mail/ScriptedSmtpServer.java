package io.gratitude.mail;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;

/**
 * A small SMTP server for tests that answers what it is told: per recipient or for every
 * message, at RCPT or after the DATA's final ".", a given reply, a dropped connection or
 * a stall (no answer at all), or after the final "." a slow acceptance; at the greeting,
 * a reply such as 421 for every connection; or no connections at all ({@link #stop()}).
 * Everything else is accepted and recorded with its Message-ID. Counts connections, and
 * the most that were ever open at once. Plain sockets, a thread per connection; enough
 * SMTP for Jakarta Mail: greeting, EHLO/HELO, MAIL, RCPT, DATA, ".", RSET, NOOP, QUIT.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

	/** Where in the session a scripted answer applies. */
	public enum Phase {

		/** Answering the connection, before any command. */
		GREETING,
		/** Answering RCPT TO. */
		RCPT,
		/** Answering the final "." of DATA. */
		DATA

	}

	/** What the server does at a phase. */
	public record Action(Kind kind, String reply, Duration delay) {

		/** What kind of action. */
		public enum Kind {

			REPLY, DROP, STALL, SLOW

		}

		/** Answer with this reply line, e.g. "451 4.3.0 try later". */
		public static Action reply(String line) {
			return new Action(Kind.REPLY, line, Duration.ZERO);
		}

		/** Close the connection without a word (mid-DATA at {@link Phase#DATA}). */
		public static Action drop() {
			return new Action(Kind.DROP, "", Duration.ZERO);
		}

		/** Never answer; keep reading until the client gives up. */
		public static Action stall() {
			return new Action(Kind.STALL, "", Duration.ZERO);
		}

		/**
		 * Accept the message, but only after {@code delay} (at {@link Phase#DATA}): a
		 * slow server, well within the client's timeout.
		 */
		public static Action slow(Duration delay) {
			return new Action(Kind.SLOW, "", delay);
		}

	}

	/**
	 * A message the server accepted, with its text as received (lines joined by CRLF, the
	 * SMTP dot-stuffing undone).
	 */
	public record Accepted(String recipient, @Nullable String messageId, String data) {

		/** The message, parsed. */
		public MimeMessage message() {
			try {
				return new MimeMessage(Session.getInstance(new Properties()),
						new ByteArrayInputStream(this.data.getBytes(StandardCharsets.ISO_8859_1)));
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

	private final int port;

	private final Map<String, Action> scripted = new ConcurrentHashMap<>();

	private final List<Accepted> accepted = new CopyOnWriteArrayList<>();

	private final List<Socket> open = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private final AtomicInteger sessions = new AtomicInteger();

	private final AtomicInteger mostSessions = new AtomicInteger();

	private volatile @Nullable ServerSocket server;

	private ScriptedSmtpServer(int port) {
		this.port = port;
	}

	/** Starts a server on a free local port. */
	public static ScriptedSmtpServer start() {
		try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			ScriptedSmtpServer server = new ScriptedSmtpServer(probe.getLocalPort());
			probe.close();
			server.resume();
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	/** Scripts {@code action} at {@code phase} for messages to {@code recipient}. */
	public ScriptedSmtpServer on(String recipient, Phase phase, Action action) {
		this.scripted.put(key(recipient, phase), action);
		return this;
	}

	/** Scripts {@code action} at {@code phase} for every message (or connection). */
	public ScriptedSmtpServer always(Phase phase, Action action) {
		this.scripted.put(key("*", phase), action);
		return this;
	}

	/** Forgets every script: from now on everything is accepted. */
	public ScriptedSmtpServer heal() {
		this.scripted.clear();
		return this;
	}

	/** The messages accepted so far. */
	public List<Accepted> accepted() {
		return List.copyOf(this.accepted);
	}

	/** The messages accepted for one recipient. */
	public List<Accepted> acceptedFor(String recipient) {
		return this.accepted.stream().filter(a -> a.recipient().equalsIgnoreCase(recipient)).toList();
	}

	/** How many connections were accepted since the start. */
	public int connections() {
		return this.connections.get();
	}

	/** The most connections that were ever open at the same time. */
	public int mostConcurrentSessions() {
		return this.mostSessions.get();
	}

	/**
	 * Stops listening and closes every open connection: from now on connections are
	 * refused, until {@link #resume()}.
	 */
	public synchronized void stop() {
		ServerSocket current = this.server;
		this.server = null;
		closeQuietly(current);
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
		this.open.clear();
	}

	/** Listens again on the same port. */
	public synchronized void resume() {
		if (this.server != null) {
			return;
		}
		try {
			ServerSocket listening = new ServerSocket();
			listening.setReuseAddress(true);
			listening.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port), 50);
			this.server = listening;
			Thread acceptor = new Thread(() -> acceptAll(listening), "scripted-smtp-accept-" + this.port);
			acceptor.setDaemon(true);
			acceptor.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		stop();
	}

	private void acceptAll(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				Socket socket = listening.accept();
				if (listening.isClosed() || this.server != listening) {
					// Accepted by a call already under way when stop() closed the
					// listener
					// (the kernel keeps it listening until that call returns): as good as
					// refused.
					closeQuietly(socket);
					continue;
				}
				this.connections.incrementAndGet();
				this.mostSessions.accumulateAndGet(this.sessions.incrementAndGet(), Math::max);
				this.open.add(socket);
				Thread session = new Thread(() -> converse(socket), "scripted-smtp-" + socket.getPort());
				session.setDaemon(true);
				session.start();
			}
			catch (IOException ex) {
				// Closed by stop(): no more connections.
			}
		}
	}

	private void converse(Socket socket) {
		boolean counted = true;
		try (socket) {
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
			OutputStream out = socket.getOutputStream();
			Action greeting = action(List.of(), Phase.GREETING);
			if (greeting != null) {
				if (!perform(greeting, in, out)) {
					return;
				}
				if (!greeting.reply().startsWith("2")) {
					return;
				}
			}
			else {
				send(out, "220 scripted.test ESMTP");
			}
			List<String> recipients = new ArrayList<>();
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO")) {
					send(out, "250-scripted.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
				}
				else if (command.startsWith("HELO")) {
					send(out, "250 scripted.test");
				}
				else if (command.startsWith("MAIL FROM")) {
					recipients.clear();
					send(out, "250 2.1.0 OK");
				}
				else if (command.startsWith("RCPT TO")) {
					String recipient = address(line);
					Action action = action(List.of(recipient), Phase.RCPT);
					if (action == null) {
						recipients.add(recipient);
						send(out, "250 2.1.5 OK");
					}
					else if (!perform(action, in, out) || action.reply().startsWith("421")) {
						return;
					}
				}
				else if (command.equals("DATA")) {
					if (!data(recipients, in, out)) {
						return;
					}
				}
				else if (command.equals("RSET")) {
					recipients.clear();
					send(out, "250 2.0.0 OK");
				}
				else if (command.equals("NOOP")) {
					send(out, "250 2.0.0 OK");
				}
				else if (command.equals("QUIT")) {
					// The session ends here for the count: the client, which waits for
					// the 221, may open its next one before this thread closes the
					// socket.
					counted = false;
					this.sessions.decrementAndGet();
					send(out, "221 2.0.0 Bye");
					return;
				}
				else {
					send(out, "502 5.5.2 Command not implemented");
				}
			}
		}
		catch (IOException ex) {
			// The client went away: the session is over.
		}
		finally {
			this.open.remove(socket);
			if (counted) {
				this.sessions.decrementAndGet();
			}
		}
	}

	/** Reads one DATA body; false when the session must end. */
	private boolean data(List<String> recipients, BufferedReader in, OutputStream out) throws IOException {
		if (recipients.isEmpty()) {
			send(out, "554 5.5.1 No valid recipients");
			return true;
		}
		send(out, "354 End data with <CR><LF>.<CR><LF>");
		Action action = action(recipients, Phase.DATA);
		String messageId = null;
		boolean inHeaders = true;
		int lines = 0;
		StringBuilder data = new StringBuilder();
		String line;
		while ((line = in.readLine()) != null) {
			if (line.equals(".")) {
				break;
			}
			lines++;
			data.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
			if (action != null && action.kind() == Action.Kind.DROP && lines > 3) {
				// Mid-DATA: the client is still writing the message.
				return false;
			}
			if (inHeaders && line.isEmpty()) {
				inHeaders = false;
			}
			else if (inHeaders && line.toLowerCase(Locale.ROOT).startsWith("message-id:")) {
				messageId = line.substring("message-id:".length()).strip();
			}
		}
		if (line == null) {
			return false;
		}
		if (action != null && action.kind() == Action.Kind.SLOW) {
			pause(action.delay());
			action = null;
		}
		if (action != null) {
			boolean goOn = perform(action, in, out);
			return goOn && !action.reply().startsWith("421");
		}
		for (String recipient : recipients) {
			this.accepted.add(new Accepted(recipient, messageId, data.toString()));
		}
		send(out, "250 2.0.0 OK queued");
		recipients.clear();
		return true;
	}

	/** Performs a scripted action; false when the session must end. */
	private boolean perform(Action action, BufferedReader in, OutputStream out) throws IOException {
		switch (action.kind()) {
			case REPLY -> {
				send(out, action.reply());
				return true;
			}
			case DROP -> {
				return false;
			}
			case SLOW -> throw new UnsupportedOperationException("a slow acceptance is scripted at Phase.DATA only");
			default -> {
				// Stall: read and ignore until the client gives up and closes.
				while (in.readLine() != null) {
					// Nothing is ever answered.
				}
				return false;
			}
		}
	}

	private @Nullable Action action(List<String> recipients, Phase phase) {
		for (String recipient : recipients) {
			Action action = this.scripted.get(key(recipient, phase));
			if (action != null) {
				return action;
			}
		}
		return this.scripted.get(key("*", phase));
	}

	private static void pause(Duration delay) {
		try {
			// The scripted server's own slowness, not a test waiting for a result.
			Thread.sleep(delay.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String key(String recipient, Phase phase) {
		return recipient.toLowerCase(Locale.ROOT) + "|" + phase;
	}

	private static String address(String line) {
		int open = line.indexOf('<');
		int close = line.indexOf('>', open + 1);
		String address = (open >= 0 && close > open) ? line.substring(open + 1, close)
				: line.substring(line.indexOf(':') + 1).strip();
		return address.toLowerCase(Locale.ROOT);
	}

	private static void send(OutputStream out, String reply) throws IOException {
		out.write((reply + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
		out.flush();
	}

	private static void closeQuietly(@Nullable AutoCloseable closeable) {
		if (closeable != null) {
			try {
				closeable.close();
			}
			catch (Exception ex) {
				// Closing for good: nothing to do about a failure.
			}
		}
	}

}
