package io.gratitude.digest;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.gratitude.digest.StaffDigests.Claim;
import io.gratitude.digest.StaffDigests.Recipient;
import io.gratitude.digest.StaffDigests.RecipientStatus;
import io.gratitude.digest.StaffDigests.Status;
import io.gratitude.mail.MessageBuilder;
import io.gratitude.mail.OutgoingMessage;
import io.gratitude.mail.SendResult;
import io.gratitude.mail.SmtpSender;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.preview.TemplateTrials;
import io.gratitude.preview.TestSends;
import io.gratitude.staff.StaffUser;
import io.gratitude.staff.StaffUsers;
import io.gratitude.system.NodeName;
import io.gratitude.template.DefaultTemplates;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.PublishedTemplate;
import io.gratitude.template.RenderedMessage;
import io.gratitude.template.SandboxedRenderer;
import io.gratitude.template.TemplateRejected;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

/**
 * Sends each partner's staff digest once per local day: from the partner's digest hour on
 * (in its zone), the first node to insert the day's row builds the digest and sends it,
 * one message per recipient (the partner's enabled users with the digest on), rendered
 * from the partner's published {@code staff-reminder} template by the sandboxed renderer
 * and sent over one of the node's SMTP connections. A digest with nothing to report is
 * recorded as EMPTY and not sent. Each recipient's row is written before the message goes
 * out, so that nobody gets a day's digest twice; a transient failure is tried again every
 * {@link #RETRY_DELAY} for {@link #RETRY_FOR} after the hour. Logs carry ids only, never
 * names or addresses.
 */
@Service
public class StaffDigestSender {

	private static final Logger log = LoggerFactory.getLogger(StaffDigestSender.class);

	static final String TEMPLATE_KEY = "staff-reminder";

	/**
	 * How long a claim is held before another node may take over a dead node's digest.
	 */
	static final Duration LEASE = Duration.ofMinutes(5);

	/** Time between two tries of the recipients a transient failure held back. */
	static final Duration RETRY_DELAY = Duration.ofMinutes(15);

	/** How long after the digest hour failed recipients are tried again: that morning. */
	static final Duration RETRY_FOR = Duration.ofHours(4);

	/** How long a run waits for one of the node's SMTP connections. */
	private static final Duration CONNECTION_WAIT = Duration.ofSeconds(10);

	private final StaffDigests digests;

	private final StaffDigestContents contents;

	private final Partners partners;

	private final StaffUsers users;

	private final MessageTemplates templates;

	private final DefaultTemplates defaults;

	private final SandboxedRenderer renderer;

	private final SmtpSender smtp;

	private final TestSends testSends;

	private final NodeName node;

	private final Clock clock;

	private final String consoleUrl;

	StaffDigestSender(StaffDigests digests, StaffDigestContents contents, Partners partners, StaffUsers users,
			MessageTemplates templates, DefaultTemplates defaults, SandboxedRenderer renderer, SmtpSender smtp,
			TestSends testSends, NodeName node, Clock clock,
			@Value("${gratitude.public-url:http://localhost:8080}") String publicUrl) {
		this.digests = digests;
		this.contents = contents;
		this.partners = partners;
		this.users = users;
		this.templates = templates;
		this.defaults = defaults;
		this.renderer = renderer;
		this.smtp = smtp;
		this.testSends = testSends;
		this.node = node;
		this.clock = clock;
		this.consoleUrl = (publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl)
				+ "/console";
	}

	/**
	 * Sends the digests that are due: each partner's whose local time is past its digest
	 * hour and that has no digest for its local day yet, then those waiting for a retry
	 * and those a dead node left half-way. Safe to call concurrently, on one node or
	 * many: each digest is claimed by exactly one caller.
	 * @return how many digests this call handled
	 */
	int sendDue() {
		Instant now = this.clock.instant();
		Map<Long, Set<LocalDate>> taken = this.digests
			.daysTaken(LocalDate.ofInstant(now, java.time.ZoneOffset.UTC).minusDays(2));
		int handled = 0;
		for (long partnerId : this.digests.partnersWithRecipients()) {
			Partner partner = this.partners.findById(partnerId).orElse(null);
			if (partner == null) {
				continue;
			}
			StaffDigestSettings settings = this.digests.settings(partnerId);
			ZonedDateTime local = now.atZone(partner.timeZone());
			LocalDate day = local.toLocalDate();
			if (!settings.enabled() || local.getHour() < settings.hour()
					|| taken.getOrDefault(partnerId, Set.of()).contains(day)) {
				continue;
			}
			Optional<Claim> claim = this.digests.claimNew(partnerId, day, this.node.value(), now, now.plus(LEASE));
			if (claim.isPresent()) {
				send(claim.get(), partner, settings);
				handled++;
			}
		}
		for (Claim claim : this.digests.claimDue(this.node.value(), now, now.plus(LEASE))) {
			Partner partner = this.partners.findById(claim.partnerId()).orElseThrow();
			send(claim, partner, this.digests.settings(claim.partnerId()));
			handled++;
		}
		return handled;
	}

	/** What a send to one address came to. */
	public record Sent(SendResult.Outcome outcome, int smtpCode, String smtpReply) {

		public boolean accepted() {
			return this.outcome == SendResult.Outcome.ACCEPTED;
		}

	}

	/**
	 * Today's digest (in the partner's zone) as it stands now, whether or not it went
	 * out.
	 */
	public StaffDigestContent today(Partner partner) {
		StaffDigestSettings settings = this.digests.settings(partner.id());
		return this.contents.build(partner, settings, LocalDate.ofInstant(this.clock.instant(), partner.timeZone()));
	}

	/**
	 * Renders today's digest for this person and sends it to them alone, the subject
	 * prefixed "[Test] ", even when it has nothing to report; logged as a test send of
	 * the template, never as the day's digest.
	 * @throws TemplateRejected when the partner's template fails to render
	 */
	public Sent sendTest(Partner partner, String toEmail, String toName) {
		StaffDigestContent content = today(partner);
		TemplateChoice template = template(partner.id());
		RenderedMessage rendered = this.renderer.render(new SandboxedRenderer.Owner(partner.id(), ""),
				template.cacheKey(), template.source(), content.model(partner, toName, this.consoleUrl));
		String messageId = "<test-digest-" + UUID.randomUUID() + "@" + partner.senderDomain() + ">";
		Instant now = this.clock.instant();
		MimeMessage message = message(partner, messageId, toEmail, toName,
				TemplateTrials.TEST_PREFIX + rendered.subject(), rendered, now);
		Optional<SmtpSender.Connection> connection = this.smtp.tryOpen(CONNECTION_WAIT);
		if (connection.isEmpty()) {
			return new Sent(SendResult.Outcome.UNREACHABLE, 0, "all of this node's SMTP connections are busy");
		}
		SendResult result;
		try (SmtpSender.Connection open = connection.get()) {
			result = open.send(message);
		}
		String reply = reply(result);
		this.testSends.record(partner.id(), TEMPLATE_KEY, template.version(), toEmail, this.clock.instant(),
				result.code(), reply, messageId);
		log.info("staff-digest-test partner={} outcome={} ms={}", partner.id(), result.outcome(), result.durationMs());
		return new Sent(result.outcome(), result.code(), reply);
	}

	private void send(Claim claim, Partner partner, StaffDigestSettings settings) {
		Instant now = this.clock.instant();
		StaffDigestContent content = this.contents.build(partner, settings, claim.day());
		if (content.isEmpty()) {
			this.digests.finish(claim.id(), Status.EMPTY, null, now);
			log.info("staff-digest partner={} day={} digest={} outcome=EMPTY", partner.id(), claim.day(), claim.id());
			return;
		}
		Map<Long, Recipient> done = this.digests.recipients(claim.id());
		List<StaffUser> recipients = new ArrayList<>(this.users.digestRecipients(partner.id())
			.stream()
			.filter(u -> !done.containsKey(u.id()) || !done.get(u.id()).status().isFinal())
			.toList());
		TemplateChoice template = template(partner.id());
		int sent = 0;
		int retry = 0;
		int failed = 0;
		try {
			Optional<SmtpSender.Connection> connection = recipients.isEmpty() ? Optional.empty()
					: this.smtp.tryOpen(CONNECTION_WAIT);
			if (!recipients.isEmpty() && connection.isEmpty()) {
				retry = recipients.size();
			}
			else if (connection.isPresent()) {
				try (SmtpSender.Connection open = connection.get()) {
					for (StaffUser user : recipients) {
						// a digest being sent waits for a render thread rather than be
						// refused
						RenderedMessage rendered = this.renderer.renderForSending(
								new SandboxedRenderer.Owner(partner.id(), ""), template.cacheKey(), template.source(),
								content.model(partner, user.displayName(), this.consoleUrl));
						String messageId = "<digest-" + claim.id() + "-" + user.id() + "@" + partner.senderDomain()
								+ ">";
						MimeMessage message = message(partner, messageId, user.email(), user.displayName(),
								rendered.subject(), rendered, now);
						if (!this.digests.markSending(claim.id(), user.id(), messageId, this.clock.instant())) {
							continue;
						}
						SendResult result = open.send(message);
						RecipientStatus status = switch (result.outcome()) {
							case ACCEPTED -> RecipientStatus.SENT;
							case PERMANENT -> RecipientStatus.FAILED;
							case TRANSIENT, UNREACHABLE -> RecipientStatus.RETRY;
						};
						this.digests.recordReply(claim.id(), user.id(), status, result.code(), reply(result),
								(status == RecipientStatus.SENT) ? this.clock.instant() : null, this.clock.instant());
						switch (status) {
							case SENT -> sent++;
							case RETRY -> retry++;
							default -> failed++;
						}
					}
				}
			}
		}
		catch (TemplateRejected ex) {
			this.digests.finish(claim.id(), Status.FAILED, "template_error: " + ex.getMessage(), this.clock.instant());
			log.warn("staff-digest partner={} day={} digest={} outcome=TEMPLATE_ERROR", partner.id(), claim.day(),
					claim.id());
			return;
		}
		Instant end = this.clock.instant();
		Instant retryUntil = claim.day()
			.atTime(settings.hour(), 0)
			.atZone(partner.timeZone())
			.toInstant()
			.plus(RETRY_FOR);
		Status outcome;
		if (retry > 0 && end.plus(RETRY_DELAY).isBefore(retryUntil)) {
			this.digests.retryAt(claim.id(), end.plus(RETRY_DELAY), end);
			outcome = Status.RETRY;
		}
		else {
			if (retry > 0) {
				this.digests.failRetries(claim.id(), end);
				failed += retry;
			}
			long everSent = this.digests.recipients(claim.id())
				.values()
				.stream()
				.filter(r -> r.status() == RecipientStatus.SENT)
				.count();
			outcome = (failed == 0) ? Status.SENT : (everSent > 0) ? Status.PARTIAL : Status.FAILED;
			this.digests.finish(claim.id(), outcome, (failed > 0) ? failed + " recipient(s) not reached" : null, end);
		}
		log.info("staff-digest partner={} day={} digest={} attempt={} sent={} retry={} failed={} outcome={}",
				partner.id(), claim.day(), claim.id(), claim.attempt(), sent, retry, failed, outcome);
	}

	/** The template a digest renders, and the key under which the renderer caches it. */
	private record TemplateChoice(String cacheKey, io.gratitude.template.TemplateSource source, int version) {
	}

	/** The partner's published staff-reminder, else the shipped one. */
	private TemplateChoice template(long partnerId) {
		Optional<PublishedTemplate> published = this.templates.findPublished(partnerId, TEMPLATE_KEY);
		if (published.isPresent()) {
			return new TemplateChoice(published.get().cacheKey(), published.get().source(), published.get().version());
		}
		return new TemplateChoice("default:" + TEMPLATE_KEY, this.defaults.source(TEMPLATE_KEY), 0);
	}

	private MimeMessage message(Partner partner, String messageId, String to, @Nullable String toName, String subject,
			RenderedMessage rendered, Instant now) {
		// Staff turn the digest off on their account page: that is where the
		// List-Unsubscribe header leads.
		String account = this.consoleUrl + "/account";
		return MessageBuilder.build(this.smtp.session(),
				new OutgoingMessage(messageId, partner.senderEmail(), "Gratitude for " + partner.name(), null, to,
						toName, subject, rendered.html(), rendered.text(), account, account, now));
	}

	private static String reply(SendResult result) {
		return (result.reply().isEmpty() && result.code() > 0) ? String.valueOf(result.code()) : result.reply();
	}

}
