package io.gratitude.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.stereotype.Component;

/**
 * The {@code mail} health check, in place of Spring Boot's (the bean name replaces it):
 * DOWN at once, without a connection, while the dispatcher holds the mail server to be
 * unreachable ({@link TransportHealth}'s outage pause); otherwise one connect, EHLO and
 * QUIT at most every {@code gratitude.delivery.health-check-interval}, with
 * {@code health-check-timeout} as its connect and read timeouts, the answer being reused
 * in between. Probes and scrapes from every node therefore never hammer the server, and a
 * stalled server never holds a health request for the sending timeouts (30 s). A check
 * already under way is not waited for: its predecessor's answer is given.
 * <p>
 * Not part of the readiness group: the dispatcher backs off from an SMTP outage on its
 * own and nothing is lost, while the API still works.
 */
@Component("mailHealthIndicator")
class MailServerHealth implements HealthIndicator {

	private final JavaMailSenderImpl mailSender;

	private final TransportHealth transport;

	private final Duration interval;

	private final Clock clock;

	private final Session probeSession;

	private final ReentrantLock probing = new ReentrantLock();

	private volatile @Nullable Checked last;

	MailServerHealth(JavaMailSenderImpl mailSender, TransportHealth transport, DeliverySettings settings, Clock clock) {
		this.mailSender = mailSender;
		this.transport = transport;
		this.interval = settings.healthCheckInterval();
		this.clock = clock;
		this.probeSession = probeSession(mailSender, settings.healthCheckTimeout());
	}

	@Override
	public Health health() {
		if (!this.transport.available()) {
			// Asked again as soon as the pause is over.
			this.last = null;
			return Health.down()
				.withDetail("location", location())
				.withDetail("pausedUntil", this.transport.pausedUntil().toString())
				.withDetail("reason", "the dispatcher could not reach the mail server")
				.build();
		}
		Instant now = this.clock.instant();
		Checked cached = this.last;
		if (cached != null && cached.isFreshAt(now, this.interval)) {
			return cached.health();
		}
		if (!this.probing.tryLock()) {
			return (cached != null) ? cached.health() : Health.unknown().withDetail("location", location()).build();
		}
		try {
			Checked checked = new Checked(now, probe(now));
			this.last = checked;
			return checked.health();
		}
		finally {
			this.probing.unlock();
		}
	}

	private Health probe(Instant now) {
		try (Transport connection = this.probeSession.getTransport(protocol(this.mailSender))) {
			connection.connect(this.mailSender.getHost(), this.mailSender.getPort(), this.mailSender.getUsername(),
					this.mailSender.getPassword());
			return Health.up().withDetail("location", location()).withDetail("checkedAt", now.toString()).build();
		}
		catch (MessagingException ex) {
			return Health.down(ex).withDetail("location", location()).withDetail("checkedAt", now.toString()).build();
		}
	}

	private String location() {
		String host = (this.mailSender.getHost() != null) ? this.mailSender.getHost() : "localhost";
		return (this.mailSender.getPort() > 0) ? host + ":" + this.mailSender.getPort() : host;
	}

	/**
	 * The sending session's properties (TLS, authentication) with the health check's
	 * timeouts, or the configured ones where they are shorter.
	 */
	private static Session probeSession(JavaMailSenderImpl mailSender, Duration timeout) {
		Properties properties = new Properties();
		properties.putAll(mailSender.getJavaMailProperties());
		String protocol = protocol(mailSender);
		for (String name : List.of("connectiontimeout", "timeout")) {
			String key = "mail." + protocol + "." + name;
			long configured = millis(properties.getProperty(key));
			long limit = (configured > 0) ? Math.min(configured, timeout.toMillis()) : timeout.toMillis();
			properties.setProperty(key, String.valueOf(limit));
		}
		return Session.getInstance(properties);
	}

	private static String protocol(JavaMailSenderImpl mailSender) {
		return (mailSender.getProtocol() != null) ? mailSender.getProtocol() : "smtp";
	}

	/** A configured timeout in milliseconds; 0 (none) when absent or not a number. */
	private static long millis(@Nullable String value) {
		try {
			return (value != null) ? Long.parseLong(value.strip()) : 0;
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private record Checked(Instant at, Health health) {

		boolean isFreshAt(Instant now, Duration interval) {
			// A clock set back (tests) makes the answer stale, never fresh forever.
			return !now.isBefore(this.at) && now.isBefore(this.at.plus(interval));
		}

	}

}
