package io.gratitude.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.gratitude.contact.Contact;
import io.gratitude.mail.MessageBuilder;
import io.gratitude.mail.OutgoingMessage;
import io.gratitude.mail.SendResult;
import io.gratitude.mail.SmtpSender;
import io.gratitude.mail.TransportHealth;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.Outreach;
import io.gratitude.outreach.OutreachQueue;
import io.gratitude.outreach.OutreachSettings;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.outreach.SendRules;
import io.gratitude.outreach.SkipReason;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.suppression.Suppressions;
import io.gratitude.suppression.UnsubscribeTokens;
import io.gratitude.system.NodeName;
import io.gratitude.template.RenderedMessage;
import io.gratitude.template.TemplateRejected;
import io.micrometer.core.instrument.Counter;
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
 * What the checks and the message need is read for a slice of the batch at once
 * ({@link DispatchReads}: a dozen queries for up to {@value #SLICE} rows instead of a
 * dozen per row), and read again before any row whose slice was read more than
 * {@link #RECHECK_AGE} ago, so the checks stay those of send time. Recording a result is
 * one transaction: the row's update (status, reply, template variant) and its attempt.
 * <p>
 * A run takes one of the node's SMTP connection slots
 * ({@code gratitude.delivery.max-connections}) before it claims a batch, and gives it
 * back when the batch's connection closes; a run that finds none free claims nothing and
 * ends, so rows are never claimed to wait for a connection. A run that claims a full
 * batch (more is due) while a slot is still free asks for one more run at once (the
 * dispatch job fires again): a backlog is soon sent over every connection, without
 * waiting for the job's interval, and the runs' commits share the database's log flushes.
 * Each run holds a scheduler thread, so a node whose threads are all sending takes no
 * more firings and leaves them to the other nodes of a cluster. Batches are claimed
 * fairly between partners and within each partner's messages per minute
 * ({@link FairClaims}).
 */
@Component
public class Dispatcher {

	private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

	/** How often the held messages of a paused partner are looked at again. */
	static final Duration PAUSE_RECHECK = Duration.ofMinutes(1);

	/**
	 * The oldest the reads behind a message's send-time checks may be: a change (an
	 * opt-out, a suppression, a program disabled, a template published, another message
	 * of the contact sent) is seen by every message sent this long after it.
	 */
	static final Duration RECHECK_AGE = Duration.ofSeconds(1);

	/** The rows of a batch whose checks and messages are read at once. */
	static final int SLICE = 100;

	private final OutreachQueue queue;

	private final FairClaims claims;

	private final DispatchReads reads;

	private final OutreachRendering rendering;

	private final SmtpSender smtp;

	private final SendRules rules;

	private final UnsubscribeTokens unsubscribe;

	private final OutreachSettings settings;

	private final TransportHealth transport;

	private final Suppressions suppressions;

	private final TransactionTemplate transactions;

	private final MeterRegistry meters;

	private final Clock clock;

	private final String node;

	/** Meters by name and tags, looked up once rather than per message. */
	private final Map<String, Counter> outcomeCounters = new ConcurrentHashMap<>();

	private volatile @Nullable Timer smtpLatency;

	private volatile @Nullable Timer delay;

	Dispatcher(OutreachQueue queue, FairClaims claims, DispatchReads reads, OutreachRendering rendering,
			SmtpSender smtp, SendRules rules, UnsubscribeTokens unsubscribe, OutreachSettings settings,
			TransportHealth transport, Suppressions suppressions, TransactionTemplate transactions,
			MeterRegistry meters, Clock clock, NodeName node) {
		this.queue = queue;
		this.claims = claims;
		this.reads = reads;
		this.rendering = rendering;
		this.smtp = smtp;
		this.rules = rules;
		this.unsubscribe = unsubscribe;
		this.settings = settings;
		this.transport = transport;
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
		return dispatchDue(() -> {
		});
	}

	/**
	 * As {@link #dispatchDue()}; calls {@code anotherRun} when a batch comes back full
	 * (more is due) while one of the node's connection slots is still free, for the
	 * caller to start another run at once (the dispatch job fires itself again).
	 */
	public int dispatchDue(Runnable anotherRun) {
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
				if (claimed.size() >= this.settings.batchSize() && this.smtp.hasFreeSlot()) {
					anotherRun.run();
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
	public List<Long> claimBatch() {
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
	public int send(List<Long> claimed) {
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
		int handled = 0;
		// Wall time, like the socket timeouts that slow a batch down.
		long leaseDeadline = System.nanoTime() + this.settings.lease().toNanos() / 2;
		List<Outreach> rows = this.queue.findClaimed(claimed, this.node);
		DispatchReads.Snapshot facts = null;
		for (int i = 0; i < rows.size(); i++) {
			Outreach outreach = rows.get(i);
			if (facts == null || !facts.freshFor(outreach, RECHECK_AGE)) {
				facts = this.reads.readForSending(rows.subList(i, Math.min(rows.size(), i + SLICE)),
						this.clock.instant(), RECHECK_AGE);
			}
			Partner partner = facts.partner(outreach);
			Program program = facts.program(outreach);
			try {
				if (!this.transport.available()) {
					returnUntried(outreach, partner, program, this.transport.pausedUntil(), facts);
				}
				else if (connection == null || this.stopping || System.nanoTime() > leaseDeadline) {
					returnUntried(outreach, partner, program, this.clock.instant(), facts);
				}
				else {
					deliver(outreach, partner, program, connection, facts);
				}
			}
			catch (RuntimeException ex) {
				// Not this message's fault as far as we know (a database hiccup, a bug):
				// back to the queue with a backoff; if even that fails, the lease expiry
				// recovers it.
				log.error("outreach={} partner={} program={} could not be handled; retrying later", outreach.id(),
						partner.id(), program.key(), ex);
				finish(outreach, partner, program, OutreachStatus.RETRY, null,
						this.clock.instant().plus(backoff(outreach.attemptCount())), null, oneLine(ex.toString()), 0,
						null, facts);
			}
			handled++;
		}
		return handled;
	}

	private void deliver(Outreach outreach, Partner partner, Program program, SmtpSender.Connection connection,
			DispatchReads.Snapshot facts) {
		Instant now = this.clock.instant();
		Contact contact = facts.contact(outreach);
		ZoneId zone = OccasionCalendar.zoneFor(contact.timeZone(), partner.timeZone().getId());
		Optional<SkipReason> skip = SendRules.reasonNotToSend(outreach.expiresAt(), contact, partner, program, now,
				(email) -> facts.suppressed(contact));
		if (skip.isPresent()) {
			OutreachStatus target = SendRules.statusFor(skip.get());
			finish(outreach, partner, program, target, null, null, skip.get(), null, 0, null, facts);
			return;
		}
		if (partner.paused()) {
			// Held, not lost: looked at again later; once resumed, sent if still
			// within lateness.
			waitUntil(outreach, partner, program, now.plus(PAUSE_RECHECK), SkipReason.TOO_LATE, facts);
			return;
		}
		Instant opening = this.rules.windowOpening(now, zone, partner);
		if (!opening.equals(now)) {
			// Outside the recipient's send window (a retry, or a late catch-up):
			// wait for it to open.
			waitUntil(outreach, partner, program, opening, SkipReason.TOO_LATE, facts);
			return;
		}
		Duration cap = SendRules.capOf(partner);
		if (!cap.isZero()) {
			OutreachQueue.CapView seen = facts.capView(outreach);
			Instant capOpening = SendRules.capOpening(cap,
					new SendRules.Ranked(program.priority(), outreach.dueAt(), program.key(), outreach.occasion()), now,
					seen.lastSent(), seen.waiting());
			if (!capOpening.equals(now)) {
				waitUntil(outreach, partner, program, capOpening, SkipReason.CAPPED, facts);
				return;
			}
		}
		OutreachRendering.Rendering rendering;
		try {
			// The same rendering as the send log's preview (OutreachRendering), so they
			// never differ.
			rendering = this.rendering.render(outreach, contact, partner, program, zone, now, facts);
		}
		catch (TemplateRejected ex) {
			finish(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.TEMPLATE_ERROR,
					ex.getMessage(), 0, null, facts);
			return;
		}
		String locale = rendering.locale();
		MimeMessage message;
		try {
			message = MessageBuilder.build(this.smtp.session(), outgoing(outreach, contact, partner, rendering, now));
		}
		catch (IllegalArgumentException ex) {
			// A header value the message builder refuses (e.g. a line break a template
			// put in a name).
			finish(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.INVALID_MESSAGE,
					ex.getMessage(), 0, locale, facts);
			return;
		}
		SendResult result = connection.send(message);
		Instant after = this.clock.instant();
		smtpLatency().record(result.durationMs(), TimeUnit.MILLISECONDS);
		if (result.outcome() == SendResult.Outcome.UNREACHABLE) {
			serverUnreachable(outreach, partner, program, result, locale, facts);
			return;
		}
		this.transport.reachable();
		switch (result.outcome()) {
			case ACCEPTED -> {
				finishAttempt(outreach, partner, program, OutreachStatus.SENT, after, null, null, result, locale,
						facts);
				delay().record(Duration.between(outreach.dueAt(), after).abs());
			}
			case PERMANENT -> {
				if (result.hardBounce()) {
					// The address itself is bad: nothing more goes to it from this
					// partner (idempotent; an earlier reason stands).
					this.suppressions.suppress(partner.id(), contact.email(), "hard_bounce", after);
				}
				finishAttempt(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.REJECTED,
						result, locale, facts);
			}
			case TRANSIENT -> {
				Instant retryAt = after.plus(backoff(outreach.attemptCount()));
				if (retryAt.isAfter(outreach.expiresAt())) {
					finishAttempt(outreach, partner, program, OutreachStatus.FAILED, null, null,
							SkipReason.RETRIES_EXHAUSTED, result, locale, facts);
				}
				else {
					finishAttempt(outreach, partner, program, OutreachStatus.RETRY, null, retryAt, null, result, locale,
							facts);
				}
			}
			case UNREACHABLE -> throw new IllegalStateException("handled above");
		}
	}

	/**
	 * Puts the message back to wait until {@code later}, when it is judged again; past
	 * its lateness it is skipped for {@code reason} instead.
	 */
	private void waitUntil(Outreach outreach, Partner partner, Program program, Instant later, SkipReason reason,
			DispatchReads.Snapshot facts) {
		if (later.isAfter(outreach.expiresAt())) {
			finish(outreach, partner, program, OutreachStatus.SKIPPED, null, null, reason, null, 0, null, facts);
		}
		else {
			finish(outreach, partner, program, OutreachStatus.SCHEDULED, null, later, null, null, 0, null, facts);
		}
	}

	/**
	 * No session could be opened: the attempt is recorded and the message waits for the
	 * end of the transport's outage pause, without its own backoff growing (the server's
	 * outage is not the message's failure); past its lateness it fails.
	 */
	private void serverUnreachable(Outreach outreach, Partner partner, Program program, SendResult result,
			String locale, DispatchReads.Snapshot facts) {
		Instant resume = this.transport.unreachable();
		log.warn("mail server unreachable ({}); no sending on this node until {}", oneLine(result.reply()), resume);
		if (resume.isAfter(outreach.expiresAt())) {
			finishAttempt(outreach, partner, program, OutreachStatus.FAILED, null, null, SkipReason.RETRIES_EXHAUSTED,
					result, locale, facts);
			return;
		}
		String reply = replyOf(result);
		Boolean recorded = this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			// The row first, then its attempt (see finishAttempt).
			boolean returned = this.queue.returnUnreached(outreach.id(), this.node, resume, now, reply, locale);
			this.queue.recordAttempt(outreach.id(), now, this.node, result.outcome().name(), result.code(), reply,
					result.durationMs());
			return returned;
		});
		facts.recorded(outreach, program, OutreachStatus.RETRY, null, resume);
		logOutcome(outreach, partner, program, OutreachStatus.RETRY, null, reply, result.durationMs(),
				Boolean.TRUE.equals(recorded));
	}

	/**
	 * A claimed row the batch did not try (the server became unreachable, or the batch
	 * ran out of lease): back to RETRY at {@code resume}, its claim not counted as an
	 * attempt.
	 */
	private void returnUntried(Outreach outreach, Partner partner, Program program, Instant resume,
			DispatchReads.Snapshot facts) {
		Boolean returned = this.transactions.execute(status -> this.queue.returnUnreached(outreach.id(), this.node,
				resume, this.clock.instant(), null, null));
		facts.recorded(outreach, program, OutreachStatus.RETRY, null, resume);
		if (Boolean.TRUE.equals(returned)) {
			log.debug("outreach={} partner={} program={} returned untried, due again at {}", outreach.id(),
					partner.id(), program.key(), resume);
		}
		else {
			logOutcome(outreach, partner, program, OutreachStatus.RETRY, null, null, 0, false);
		}
	}

	private OutgoingMessage outgoing(Outreach outreach, Contact contact, Partner partner,
			OutreachRendering.Rendering rendering, Instant now) {
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

	/**
	 * Records an attempt's result: the row's update and the attempt, in one transaction
	 * (one commit, one log flush), before the next message goes.
	 */
	private void finishAttempt(Outreach outreach, Partner partner, Program program, OutreachStatus target,
			@Nullable Instant sentAt, @Nullable Instant retryAt, @Nullable SkipReason reason, SendResult result,
			String locale, DispatchReads.Snapshot facts) {
		String reply = replyOf(result);
		Boolean recorded = this.transactions.execute(status -> {
			Instant now = this.clock.instant();
			// The row first, then its attempt: the attempt's foreign-key check would take
			// a shared lock on the row that the update then has to upgrade, which
			// deadlocks on InnoDB against recovery updating the same row.
			boolean released = this.queue.release(outreach.id(), this.node, target, now, sentAt, retryAt, reason, reply,
					locale);
			this.queue.recordAttempt(outreach.id(), now, this.node, result.outcome().name(), result.code(), reply,
					result.durationMs());
			return released;
		});
		facts.recorded(outreach, program, target, sentAt, retryAt);
		logOutcome(outreach, partner, program, target, reason, reply, result.durationMs(),
				Boolean.TRUE.equals(recorded));
	}

	private static String replyOf(SendResult result) {
		return (result.reply().isEmpty() && result.code() > 0) ? String.valueOf(result.code()) : result.reply();
	}

	private void finish(Outreach outreach, Partner partner, Program program, OutreachStatus target,
			@Nullable Instant sentAt, @Nullable Instant dueAt, @Nullable SkipReason reason, @Nullable String detail,
			long durationMs, @Nullable String locale, DispatchReads.Snapshot facts) {
		Boolean recorded = this.transactions.execute(status -> this.queue.release(outreach.id(), this.node, target,
				this.clock.instant(), sentAt, dueAt, reason, detail, locale));
		facts.recorded(outreach, program, target, sentAt, dueAt);
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
		outcomeCounter(status, program.key(), (reason != null) ? reason.code() : "none").increment();
		if (log.isInfoEnabled()) {
			log.info("outreach={} partner={} program={} occasion={} status={}{} smtp=\"{}\" ms={}", outreach.id(),
					partner.id(), program.key(), outreach.occasion(), status,
					(reason != null) ? " reason=" + reason.code() : "", oneLine(reply), durationMs);
		}
	}

	private Counter outcomeCounter(OutreachStatus status, String program, String reason) {
		return this.outcomeCounters.computeIfAbsent(status.name() + '\n' + program + '\n' + reason,
				(key) -> this.meters.counter("gratitude.outreach." + status.name().toLowerCase(Locale.ROOT), "program",
						program, "reason", reason));
	}

	private Timer smtpLatency() {
		Timer timer = this.smtpLatency;
		if (timer == null) {
			timer = this.meters.timer("gratitude.smtp.latency");
			this.smtpLatency = timer;
		}
		return timer;
	}

	private Timer delay() {
		Timer timer = this.delay;
		if (timer == null) {
			timer = Timer.builder("gratitude.outreach.delay").description("due to sent").register(this.meters);
			this.delay = timer;
		}
		return timer;
	}

	private static String oneLine(@Nullable String text) {
		// One log line a send, whatever a server or a template error put in the text;
		// the regex only for the rare text that has a line break.
		if (text == null) {
			return "";
		}
		String line = (text.indexOf('\r') < 0 && text.indexOf('\n') < 0) ? text
				: text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
		return line.replace('"', '\'');
	}

}
