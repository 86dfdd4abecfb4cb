package io.gratitude.outreach;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.mail.MessageBuilder;
import io.gratitude.mail.OutgoingMessage;
import io.gratitude.mail.SendResult;
import io.gratitude.mail.SmtpSender;
import io.gratitude.mail.Suppressions;
import io.gratitude.mail.TransportHealth;
import io.gratitude.mail.UnsubscribeTokens;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.template.RenderedMessage;
import io.gratitude.template.TemplateRejected;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due outreach: claims a batch, then for each row checks again whether it may go
 * (lateness, opt-out, suppression, audience, send window, frequency cap), renders it,
 * sends it over the batch's SMTP connection and records the result right after the
 * server's reply, one row at a time (a crash re-sends at most the one message between "."
 * and 250, with the same Message-ID).
 * <p>
 * Replies: 2xx → SENT; 5xx → FAILED {@code rejected} with the reply kept, and a hard
 * bounce of the address (5.1.x, 551, 553) also suppresses it for the partner; 4xx, a
 * dropped connection or a timeout while the message is under way → RETRY with capped
 * exponential backoff and jitter while within the outreach's lateness
 * ({@code expiresAt}), else FAILED {@code retries_exhausted}. When no session can be
 * opened at all (refused, connect timeout, a 421 greeting), the whole transport backs off
 * ({@link TransportHealth}): the rest of the batch goes back to RETRY untried and nothing
 * is claimed until the pause ends. A batch slowed down by a stalling server stops at half
 * its lease and returns the rest untried, so recovery never hands out a row still being
 * sent.
 * <p>
 * A run takes one of the node's SMTP connection slots
 * ({@code gratitude.delivery.max-connections}) before it claims a batch, and gives it
 * back when the batch's connection closes; a run that finds none free claims nothing and
 * ends, so rows are never claimed to wait for a connection. Batches are claimed fairly
 * between partners and within each partner's messages per minute ({@link FairClaims}).
 */
@Component
public class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	/** How often the held messages of a paused partner are looked at again. */
	static final Duration PAUSE_RECHECK = Duration.ofMinutes(1);

	private final OutreachQueue queue;

	private final FairClaims claims;

	private final Partners partners;

	private final Programs programs;

	private final Contacts contacts;

	private final OutreachRendering rendering;

	private final SmtpSender smtp;

	private final SendRules rules;

	private final UnsubscribeTokens unsubscribe;

	private final OutreachSettings settings;

	private final TransportHealth transport;

	private final TransportReturns returns;

	private final Suppressions suppressions;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	private final String node;

	Dispatcher(OutreachQueue queue, FairClaims claims, Partners partners, Programs programs, Contacts contacts,
			OutreachRendering rendering, SmtpSender smtp, SendRules rules, UnsubscribeTokens unsubscribe,
			OutreachSettings settings, TransportHealth transport, TransportReturns returns, Suppressions suppressions,
			TransactionTemplate transactions, MeterRegistry meters, Clock clock, NodeName node) {
		this.queue = queue;
		this.claims = claims;
		this.partners = partners;
		this.programs = programs;
		this.contacts = contacts;
		this.rendering = rendering;
		this.smtp = smtp;
		this.rules = rules;
		this.unsubscribe = unsubscribe;
		this.settings = settings;
		this.transport = transport;
		this.returns = returns;
		this.suppressions = suppressions;
		this.transactions = transactions;
		this.meters = meters;
		this.clock = clock;
		this.node = node.value();
	}

	/**
	 * Set when the application begins to stop: no batch is claimed any more, and the rows
	 * of a batch under way that have not been tried go back to the queue at once, so a
	 * stopping node holds nothing another node must wait a lease for.
	 */
	private volatile boolean stopping;

	/**
	 * The application is stopping (SIGTERM, a rolling deploy): published before the
	 * scheduler waits for running jobs, so they end after the message in flight.
	 */
	@EventListener(ContextClosedEvent.class)
	void stop() {
		this.stopping = true;
	}

	/**
	 * Claims and sends due batches until none is due, no SMTP connection slot is free or
	 * the run's time budget is spent.
	 * @return how many outreach rows were handled (sent, retried, failed or skipped)
	 */
	public int dispatchDue() {
		long deadline = System.nanoTime() + this.settings.maxRunTime().toNanos();
		int handled = 0;
		while (!this.stopping && System.nanoTime() < deadline) {
			// The connection slot first, then the claim: rows are never claimed to wait
			// for a connection.
			Optional<SmtpSender.Connection> slot = this.smtp.tryOpen(Duration.ZERO);
			if (slot.isEmpty()) {
				break;
			}
			try (SmtpSender.Connection connection = slot.get()) {
				List<Long> claimed = claimBatch();
				if (claimed.isEmpty()) {
					break;
				}
				handled += send(claimed, connection);
			}
		}
		return handled;
	}

	/**
	 * Claims one batch for this node (a transaction of its own), fairly between partners
	 * and within their rates; nothing while the mail server is in an outage pause, so an
	 * unreachable server is not hammered.
	 */
	List<Long> claimBatch() {
		if (!this.transport.available()) {
			return List.of();
		}
		return this.claims.claim(this.clock.instant(), this.settings.batchSize(), this.node, this.settings.lease());
	}

	/**
	 * Sends rows {@link #claimBatch()} claimed over a connection of their own: tests
	 * drive the dispatcher batch by batch this way. When every connection slot of the
	 * node is taken, the rows go back to the queue untried instead of waiting for one.
	 */
	int send(List<Long> claimed) {
		Optional<SmtpSender.Connection> slot = this.smtp.tryOpen(Duration.ZERO);
		if (slot.isEmpty()) {
			return send(claimed, null);
		}
		try (SmtpSender.Connection connection = slot.get()) {
			return send(claimed, connection);
		}
	}

	/**
	 * Sends the claimed rows over the batch's SMTP connection, recording each result as
	 * it comes; without a connection, returns them untried.
	 */
	private int send(List<Long> claimed, SmtpSender.@Nullable Connection connection) {
		Map<Long, Optional<Partner>> partnerCache = new HashMap<>();
		Map<Long, Optional<Program>> programCache = new HashMap<>();
		int handled = 0;
		// Wall time, like the socket timeouts that slow a batch down.
		long leaseDeadline = System.nanoTime() + this.settings.lease().toNanos() / 2;
		for (Outreach outreach : this.queue.findClaimed(claimed, this.node)) {
			Partner partner = partnerCache.computeIfAbsent(outreach.partnerId(), this.partners::findById).orElseThrow();
			Program program = programCache
				.computeIfAbsent(outreach.programId(), id -> this.programs.findById(outreach.partnerId(), id))
				.orElseThrow();
			try {
				if (!this.transport.available()) {
					returnUntried(outreach, partner, program, this.transport.pausedUntil());
				}
				else if (connection == null || this.stopping || System.nanoTime() > leaseDeadline) {
					returnUntried(outreach, partner, program, this.clock.instant());
				}
				else {
					deliver(outreach, partner, program, connection);
				}
			}
			catch (RuntimeException ex) {
				// Not this message's fault as far as we know (a database hiccup, a bug):
				// back to the queue with a backoff; if even that fails, the lease expiry
				// recovers it.
				log.error("outreach={} partner={} program={} could not be handled; retrying later", outreach.id(),
						partner.id(), program.key(), ex);
				finish(outreach, partner, program, OutreachStatus.RETRY, null,
						this.clock.instant().plus(backoff(outreach.attemptCount())), null, oneLine(ex.toString()), 0);
			}
			handled++;
		}
		return handled;
	}

	private void deliver(Outreach outreach, Partner partner, Program program, SmtpSender.Connection connection) {
		Instant now = this.clock.instant();
		Contact contact = this.contacts.findById(partner.id(), outreach.contactId()).orElseThrow();
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		Optional<SkipReason> skip = reasonNotToSend(outreach, contact, partner, program, now);
		if (skip.isPresent()) {
			OutreachStatus target = SendRules.statusFor(skip.get());
			finish(outreach, partner, program, target, null, null, skip.get(), null, 0);
			return;
		}
		if (partner.paused()) {
			// Held, not lost: looked at again later; once resumed, sent if still
			// within lateness.
			waitUntil(outreach, partner, program, now.plus(PAUSE_RECHECK), SkipReason.TOO_LATE);
			return;
		}
		Instant opening = this.rules.windowOpening(now, zone, partner);
		if (!opening.equals(now)) {
			// Outside the recipient's send window (a retry, or a late catch-up):
			// wait for it to open.
			waitUntil(outreach, partner, program, opening, SkipReason.TOO_LATE);
			return;
		}
		Duration cap = SendRules.capOf(partner);
		if (!cap.isZero()) {
			OutreachQueue.CapView seen = this.queue.capView(partner.id(), contact.id(), outreach.id(), now.minus(cap),
					now.plus(cap));
			Instant capOpening = SendRules.capOpening(cap,
					new SendRules.Ranked(program.priority(), outreach.dueAt(), program.key(), outreach.occasion()), now,
					seen.lastSent(), seen.waiting());
			if (!capOpening.equals(now)) {
				waitUntil(outreach, partner, program, capOpening, SkipReason.CAPPED);
				return;
			}
		}
		MimeMessage message;
		try {
			message = MessageBuilder.build(this.smtp.session(),
					outgoing(outreach, contact, partner, program, zone, now));
		}
		catch (TemplateRejected ex) {
			finish(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.TEMPLATE_ERROR,
					ex.getMessage(), 0);
			return;
		}
		catch (IllegalArgumentException ex) {
			// A header value the message builder refuses (e.g. a line break a template
			// put in a name).
			finish(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.INVALID_MESSAGE,
					ex.getMessage(), 0);
			return;
		}
		SendResult result = connection.send(message);
		Instant after = this.clock.instant();
		this.meters.timer("gratitude.smtp.latency").record(result.durationMs(), TimeUnit.MILLISECONDS);
		if (result.outcome() == SendResult.Outcome.UNREACHABLE) {
			serverUnreachable(outreach, partner, program, result);
			return;
		}
		this.transport.reachable();
		switch (result.outcome()) {
			case ACCEPTED -> {
				finishAttempt(outreach, partner, program, OutreachStatus.SENT, after, null, null, result);
				Timer.builder("gratitude.outreach.delay")
					.description("due to sent")
					.register(this.meters)
					.record(Duration.between(outreach.dueAt(), after).abs());
			}
			case PERMANENT -> {
				if (result.hardBounce()) {
					// The address itself is bad: nothing more goes to it from this
					// partner (idempotent; an earlier reason stands).
					this.suppressions.suppress(partner.id(), contact.email(), "hard_bounce", after);
				}
				finishAttempt(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.REJECTED,
						result);
			}
			case TRANSIENT -> {
				Instant retryAt = after.plus(backoff(outreach.attemptCount()));
				if (retryAt.isAfter(outreach.expiresAt())) {
					finishAttempt(outreach, partner, program, OutreachStatus.FAILED, null, null,
							SkipReason.RETRIES_EXHAUSTED, result);
				}
				else {
					finishAttempt(outreach, partner, program, OutreachStatus.RETRY, null, retryAt, null, result);
				}
			}
			case UNREACHABLE -> throw new IllegalStateException("handled above");
		}
	}

	/**
	 * Puts the message back to wait until {@code later}, when it is judged again; past
	 * its lateness it is skipped for {@code reason} instead.
	 */
	private void waitUntil(Outreach outreach, Partner partner, Program program, Instant later, SkipReason reason) {
		if (later.isAfter(outreach.expiresAt())) {
			finish(outreach, partner, program, OutreachStatus.SKIPPED, null, null, reason, null, 0);
		}
		else {
			finish(outreach, partner, program, OutreachStatus.SCHEDULED, null, later, null, null, 0);
		}
	}

	/**
	 * No session could be opened: the attempt is recorded and the message waits for the
	 * end of the transport's outage pause, without its own backoff growing (the server's
	 * outage is not the message's failure); past its lateness it fails.
	 */
	private void serverUnreachable(Outreach outreach, Partner partner, Program program, SendResult result) {
		Instant resume = this.transport.unreachable();
		log.warn("mail server unreachable ({}); no sending on this node until {}", oneLine(result.reply()), resume);
		if (resume.isAfter(outreach.expiresAt())) {
			finishAttempt(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.RETRIES_EXHAUSTED,
					result);
			return;
		}
		String reply = replyOf(result);
		Boolean recorded = this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			// The row first, then its attempt (see finishAttempt).
			boolean returned = this.returns.returnToQueue(outreach.id(), this.node, resume, now, reply);
			this.queue.recordAttempt(outreach.id(), now, this.node, result.outcome().name(), result.code(), reply,
					result.durationMs());
			return returned;
		});
		logOutcome(outreach, partner, program, OutreachStatus.RETRY, null, reply, result.durationMs(),
				Boolean.TRUE.equals(recorded));
	}

	/**
	 * A claimed row the batch did not try (the server became unreachable, or the batch
	 * ran out of lease): back to RETRY at {@code resume}, its claim not counted as an
	 * attempt.
	 */
	private void returnUntried(Outreach outreach, Partner partner, Program program, Instant resume) {
		Boolean returned = this.transactions.execute(
				status -> this.returns.returnToQueue(outreach.id(), this.node, resume, this.clock.instant(), null));
		if (Boolean.TRUE.equals(returned)) {
			log.debug("outreach={} partner={} program={} returned untried, due again at {}", outreach.id(),
					partner.id(), program.key(), resume);
		}
		else {
			logOutcome(outreach, partner, program, OutreachStatus.RETRY, null, null, 0, false);
		}
	}

	private Optional<SkipReason> reasonNotToSend(Outreach outreach, Contact contact, Partner partner, Program program,
			Instant now) {
		return this.rules.reasonNotToSend(outreach.expiresAt(), contact, partner, program, now);
	}

	private OutgoingMessage outgoing(Outreach outreach, Contact contact, Partner partner, Program program, ZoneId zone,
			Instant now) {
		// The same rendering as the send log's preview (OutreachRendering), so they never
		// differ.
		OutreachRendering.Rendering rendering = this.rendering.renderForSending(outreach, contact, partner, program,
				zone, now, this.node);
		RenderedMessage rendered = rendering.message();
		String page = rendering.unsubscribePage();
		String toName = contact.fullName().equals(contact.email()) ? null : contact.fullName();
		return new OutgoingMessage(outreach.messageId(), partner.senderEmail(), partner.senderName(), partner.replyTo(),
				contact.email(), toName, rendered.subject(), rendered.html(), rendered.text(), page,
				this.unsubscribe.oneClickUrl(partner.id(), contact.id()), now);
	}

	private Duration backoff(int attempts) {
		long base = this.settings.retryBase().toMillis();
		long capped = Math.min(this.settings.retryMax().toMillis(), base << Math.min(20, Math.max(0, attempts - 1)));
		// Up to 20% jitter spreads retries of a batch that failed together.
		return Duration.ofMillis(capped + ThreadLocalRandom.current().nextLong(capped / 5 + 1));
	}

	private void finishAttempt(Outreach outreach, Partner partner, Program program, OutreachStatus target,
			@Nullable Instant sentAt, @Nullable Instant retryAt, @Nullable SkipReason reason, SendResult result) {
		String reply = replyOf(result);
		Boolean recorded = this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			// The row first, then its attempt: the attempt's foreign-key check would take
			// a
			// shared lock on the row that the update then has to upgrade, which deadlocks
			// on InnoDB against recovery updating the same row.
			boolean released = this.queue.release(outreach.id(), this.node, target, now, sentAt, retryAt, reason,
					reply);
			this.queue.recordAttempt(outreach.id(), now, this.node, result.outcome().name(), result.code(), reply,
					result.durationMs());
			return released;
		});
		logOutcome(outreach, partner, program, target, reason, reply, result.durationMs(),
				Boolean.TRUE.equals(recorded));
	}

	private static String replyOf(SendResult result) {
		return (result.reply().isEmpty() && result.code() > 0) ? String.valueOf(result.code()) : result.reply();
	}

	private void finish(Outreach outreach, Partner partner, Program program, OutreachStatus target,
			@Nullable Instant sentAt, @Nullable Instant dueAt, @Nullable SkipReason reason, @Nullable String detail,
			long durationMs) {
		Boolean recorded = this.transactions.execute(status -> this.queue.release(outreach.id(), this.node, target,
				this.clock.instant(), sentAt, dueAt, reason, detail));
		logOutcome(outreach, partner, program, target, reason, detail, durationMs, Boolean.TRUE.equals(recorded));
	}

	private void logOutcome(Outreach outreach, Partner partner, Program program, OutreachStatus status,
			@Nullable SkipReason reason, @Nullable String reply, long durationMs, boolean recorded) {
		if (!recorded) {
			// The lease ran out and recovery handed the row to another worker: it will
			// decide.
			log.warn("outreach={} partner={} program={} lost its lease before status {} was recorded", outreach.id(),
					partner.id(), program.key(), status);
			return;
		}
		if (status == OutreachStatus.SCHEDULED) {
			log.debug("outreach={} partner={} waits (paused partner, send window or frequency cap)", outreach.id(),
					partner.id());
			return;
		}
		this.meters
			.counter("gratitude.outreach." + status.name().toLowerCase(java.util.Locale.ROOT), "program", program.key(),
					"reason", (reason != null) ? reason.code() : "none")
			.increment();
		log.info("outreach={} partner={} program={} occasion={} status={}{} smtp=\"{}\" ms={}", outreach.id(),
				partner.id(), program.key(), outreach.occasion(), status,
				(reason != null) ? " reason=" + reason.code() : "", oneLine(reply), durationMs);
	}

	private static String oneLine(@Nullable String text) {
		// One log line a send, whatever a server or a template error put in the text.
		return (text != null) ? text.replaceAll("\\s*[\\r\\n]+\\s*", " ").replace('"', '\'') : "";
	}

}
