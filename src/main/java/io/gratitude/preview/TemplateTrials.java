package io.gratitude.preview;

import io.gratitude.system.InvalidField;
import io.gratitude.system.LocaleTags;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Contacts;
import io.gratitude.mail.MessageBuilder;
import io.gratitude.mail.OutgoingMessage;
import io.gratitude.mail.SendResult;
import io.gratitude.mail.SmtpSender;
import io.gratitude.partner.EmailAddresses;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Audience;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.program.Trigger;
import io.gratitude.template.LocaleChoice;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.RenderedMessage;
import io.gratitude.template.TemplatePreviews;
import io.gratitude.template.TemplatePreviews.Preview;
import jakarta.mail.internet.MimeMessage;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.web.ErrorResponseException;

/**
 * Trying a template out before it reaches anyone: a preview renders a version with sample
 * data, with data the caller gives, or as a stored contact would get it from a program; a
 * test send renders the same way and sends the one message to an address staff choose,
 * logged as a test send, never as outreach.
 */
@Service
public class TemplateTrials {

	private static final Logger log = LoggerFactory.getLogger(TemplateTrials.class);

	public static final String TEST_PREFIX = "[Test] ";

	/** How long a test send waits for a free SMTP connection. */
	static final int CONNECTION_WAIT_SECONDS = 10;

	private static final Duration CONNECTION_WAIT = Duration.ofSeconds(CONNECTION_WAIT_SECONDS);

	private final TemplatePreviews previews;

	private final PreviewModels models;

	private final Partners partners;

	private final Contacts contacts;

	private final Programs programs;

	private final SmtpSender smtp;

	private final TestSends testSends;

	private final Clock clock;

	TemplateTrials(TemplatePreviews previews, PreviewModels models, Partners partners, Contacts contacts,
			Programs programs, SmtpSender smtp, TestSends testSends, Clock clock) {
		this.previews = previews;
		this.models = models;
		this.partners = partners;
		this.contacts = contacts;
		this.programs = programs;
		this.smtp = smtp;
		this.testSends = testSends;
		this.clock = clock;
	}

	/**
	 * What to render: a version (default: the newest draft, else the published one) and
	 * the data: a stored contact (optionally as a given program would address it), or a
	 * plain-data model, or neither (the sample data of publication).
	 */
	public record Trial(@Nullable Integer version, @Nullable String contactRef, @Nullable String program,
			@Nullable Map<String, Object> sampleData, @Nullable String locale) {

		/** A trial of the variant a contact would get (or of the base variant). */
		Trial(@Nullable Integer version, @Nullable String contactRef, @Nullable String program,
				@Nullable Map<String, Object> sampleData) {
			this(version, contactRef, program, sampleData, null);
		}

	}

	/** What the SMTP server answered to a test send it accepted. */
	public record TestSent(String messageId, int smtpCode, String smtpReply) {
	}

	/**
	 * Renders the template as the trial asks.
	 * @throws InvalidField (400) when both a contact and sample data are given, or a
	 * program without a contact
	 * @throws ErrorResponseException 404 for an unknown template, version or contact (of
	 * this partner), 422 for an unknown program or a version that does not render (with
	 * {@code part}, {@code line}, {@code column})
	 */
	Preview preview(long partnerId, String key, Trial trial) {
		if (trial.contactRef() != null && trial.sampleData() != null) {
			throw new InvalidField("sampleData", "give either contactRef or sampleData, not both");
		}
		if (trial.program() != null && trial.contactRef() == null) {
			throw new InvalidField("program", "program applies to a preview for a contact (contactRef) only");
		}
		String locale = (trial.locale() != null) ? LocaleTags.require(trial.locale(), "locale") : MessageTemplates.BASE;
		if (trial.contactRef() != null) {
			Partner partner = this.partners.findById(partnerId).orElseThrow();
			Contact contact = contact(partnerId, trial.contactRef());
			if (trial.locale() == null) {
				locale = variantFor(partner, contact, key);
			}
			else if (!this.previews.hasVariant(partnerId, key, locale)) {
				// the 404 of an unknown variant
				return this.previews.render(partnerId, key, locale, trial.version(), Map.of());
			}
			return this.previews.render(partnerId, key, locale, trial.version(),
					this.models.forContact(partner, contact, programFor(partnerId, key, trial.program()),
							this.clock.instant(), formatting(partner, locale)));
		}
		if (trial.sampleData() != null) {
			return this.previews.render(partnerId, key, locale, trial.version(), trial.sampleData());
		}
		return this.previews.renderWithSampleData(partnerId, key, locale, trial.version());
	}

	/**
	 * The variant of the template the contact would get: the first of its
	 * {@link LocaleChoice#preference} the template has, else the base.
	 */
	String variantFor(Partner partner, Contact contact, String key) {
		return LocaleChoice.preference(contact.locale(), partner.defaultLocale())
			.stream()
			.filter((tag) -> this.previews.hasVariant(partner.id(), key, tag))
			.findFirst()
			.orElse(MessageTemplates.BASE);
	}

	/**
	 * The locale a variant is formatted for: its own, the partner's default for the base.
	 */
	static Locale formatting(Partner partner, String variant) {
		return Locale.forLanguageTag(variant.isEmpty() ? partner.defaultLocale() : variant);
	}

	private Contact contact(long partnerId, String contactRef) {
		return this.contacts.findByRef(partnerId, contactRef)
			.filter(c -> !c.erased())
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown contact", "No contact '" + contactRef + "'."));
	}

	/**
	 * The model the partner's contact would get from the program (default: the first
	 * program sending this template), as a preview shows it.
	 * @throws ErrorResponseException 404 for a contact the partner does not have (or has
	 * erased), 422 for an unknown program
	 */
	public Map<String, Object> contactModel(long partnerId, String key, String contactRef, @Nullable String programKey,
			String variant) {
		Partner partner = this.partners.findById(partnerId).orElseThrow();
		Contact contact = contact(partnerId, contactRef);
		Program program = programFor(partnerId, key, programKey);
		return this.models.forContact(partner, contact, program, this.clock.instant(), formatting(partner, variant));
	}

	/**
	 * Renders the template as {@link #preview} does and sends it to {@code to}, the
	 * subject prefixed with {@value #TEST_PREFIX}; logs the try, accepted or not.
	 * @throws InvalidField (400) for an invalid address, and as {@link #preview}
	 * @throws ErrorResponseException as {@link #preview}, 502 when the SMTP server
	 * refuses the message or cannot be reached, and 503 when none of this node's SMTP
	 * connections is freed within {@value #CONNECTION_WAIT_SECONDS} s
	 */
	public TestSent sendTest(long partnerId, String key, @Nullable String to, Trial trial) {
		String address = EmailAddresses.require(to, "to");
		Preview preview = preview(partnerId, key, trial);
		Partner partner = this.partners.findById(partnerId).orElseThrow();
		RenderedMessage rendered = preview.message();
		Instant now = this.clock.instant();
		String messageId = "<test-" + UUID.randomUUID() + "@" + partner.senderDomain() + ">";
		MimeMessage message;
		try {
			message = MessageBuilder.build(this.smtp.session(),
					new OutgoingMessage(messageId, partner.senderEmail(), partner.senderName(), partner.replyTo(),
							address, null, TEST_PREFIX + rendered.subject(), rendered.html(), rendered.text(),
							this.models.inertUnsubscribeUrl(), this.models.inertUnsubscribeUrl(), now));
		}
		catch (IllegalArgumentException ex) {
			throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "Message cannot be built", ex.getMessage());
		}
		// A test send takes one of the node's SMTP connections like a dispatch batch
		// (gratitude.delivery.max-connections), waiting a little for one to be freed.
		SmtpSender.Connection connection = this.smtp.tryOpen(CONNECTION_WAIT)
			.orElseThrow(() -> problem(HttpStatus.SERVICE_UNAVAILABLE, "Mail connections busy",
					"All of this node's SMTP connections stayed busy for " + CONNECTION_WAIT.toSeconds()
							+ " s; try again shortly."));
		SendResult result;
		try (connection) {
			result = connection.send(message);
		}
		String reply = (result.reply().isEmpty() && result.code() > 0) ? String.valueOf(result.code()) : result.reply();
		this.testSends.record(partnerId, preview.key(), preview.version(), address, this.clock.instant(), result.code(),
				reply, messageId);
		log.info("test-send partner={} template={} version={} outcome={} smtp=\"{}\" ms={}", partnerId, preview.key(),
				preview.version(), result.outcome(), reply.replace('"', '\''), result.durationMs());
		if (result.outcome() != SendResult.Outcome.ACCEPTED) {
			ErrorResponseException refused = problem(HttpStatus.BAD_GATEWAY, "Test send failed",
					(result.code() > 0) ? "The mail server refused the message: " + reply
							: "The mail server could not be reached: " + reply);
			refused.getBody().setProperty("messageId", messageId);
			refused.getBody().setProperty("smtpCode", result.code());
			refused.getBody().setProperty("smtpReply", reply);
			throw refused;
		}
		return new TestSent(messageId, result.code(), reply);
	}

	/**
	 * The program named, else the partner's first program (by priority) sending this
	 * template, else a stand-in campaign for a template no program uses yet.
	 */
	private Program programFor(long partnerId, String key, @Nullable String programKey) {
		if (programKey != null) {
			return this.programs.findByKey(partnerId, programKey)
				.orElseThrow(() -> problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown program",
						"No program '" + programKey + "'."));
		}
		return this.programs.findByPartner(partnerId)
			.stream()
			.filter(p -> p.templateKey().equals(key))
			.findFirst()
			.orElseGet(() -> new Program(0, partnerId, key, key, Trigger.CAMPAIGN, null, Audience.ANY, key,
					Duration.ZERO, 0, null, null, Duration.ofHours(24), 60, true, null));
	}

	private static ErrorResponseException problem(HttpStatus status, String title, @Nullable String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

}
