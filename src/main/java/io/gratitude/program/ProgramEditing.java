package io.gratitude.program;

import io.gratitude.audit.AuditLog;
import io.gratitude.system.InvalidField;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.regex.Pattern;

import io.gratitude.contact.DateKind;
import io.gratitude.template.MessageTemplates;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * How partners create, change and delete their programs. Every request is validated whole
 * before anything is written. A deleted program is disabled and hidden, never removed:
 * outreach refers to it, and what was already planned is cancelled by the dispatcher at
 * send time (the program is disabled).
 */
@Service
public class ProgramEditing {

	private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

	private static final int MAX_NAME_LENGTH = 200;

	private final Programs programs;

	private final MessageTemplates templates;

	private final Clock clock;

	private final AuditLog audit;

	ProgramEditing(Programs programs, MessageTemplates templates, Clock clock, AuditLog audit) {
		this.programs = programs;
		this.templates = templates;
		this.clock = clock;
		this.audit = audit;
	}

	/**
	 * A new program as requested; absent optional values take their defaults: no delay,
	 * no offset, 09:00 for dated and check-in programs, the trigger's usual lateness,
	 * enabled.
	 */
	public record NewProgram(@Nullable String key, @Nullable String name, @Nullable Trigger trigger,
			@Nullable DateKind dateKind, @Nullable Audience audience, @Nullable String template,
			@Nullable Duration delay, @Nullable Integer offsetDays, @Nullable Integer periodDays,
			@Nullable LocalTime sendAt, @Nullable Duration maxLateness, @Nullable Boolean enabled) {
	}

	/** Changes to a program; {@code null} leaves a setting as it is. */
	public record Change(@Nullable String name, @Nullable Audience audience, @Nullable String template,
			@Nullable Duration delay, @Nullable Integer offsetDays, @Nullable Integer periodDays,
			@Nullable LocalTime sendAt, @Nullable Duration maxLateness, @Nullable Boolean enabled) {
	}

	/**
	 * Creates a program; its priority follows from its trigger.
	 * @return the stored program
	 * @throws InvalidField (400) for a missing or malformed value, or a setting its
	 * trigger ignores
	 * @throws ErrorResponseException 409 when the key is taken (by a deleted program
	 * too), 422 when the partner has no template with that key
	 */
	@Transactional
	public Program create(long partnerId, NewProgram request) {
		String key = required("key", request.key());
		if (!KEY.matcher(key).matches()) {
			throw new InvalidField("key",
					"key must be 1 to 64 lowercase letters, digits and hyphens, starting with a letter or digit");
		}
		String name = name(required("name", request.name()));
		Trigger trigger = required("trigger", request.trigger());
		Audience audience = required("audience", request.audience());
		String template = required("template", request.template());
		rejectIgnoredSettings(trigger, request.delay(), request.offsetDays(), request.periodDays(), request.sendAt());
		LocalTime sendAt = (request.sendAt() != null) ? request.sendAt() : defaultSendAt(trigger);
		Program program = new Program(0, partnerId, key, name, trigger, request.dateKind(), audience, template,
				(request.delay() != null) ? request.delay() : Duration.ZERO,
				(request.offsetDays() != null) ? request.offsetDays() : 0, request.periodDays(), sendAt,
				(request.maxLateness() != null) ? request.maxLateness() : defaultMaxLateness(trigger),
				DefaultPrograms.priorityOf(trigger, request.dateKind()),
				(request.enabled() != null) ? request.enabled() : true, null);
		if (this.programs.isKeyTaken(partnerId, key)) {
			throw problem(HttpStatus.CONFLICT, "Program exists",
					"A program with key '" + key + "' exists or existed (keys of deleted programs stay taken).");
		}
		requireTemplate(partnerId, template);
		Instant now = this.clock.instant();
		this.programs.insert(program, now);
		this.audit.record(partnerId, "program.created", "program " + key);
		return require(partnerId, key);
	}

	/**
	 * Applies the changes given.
	 * @return the changed program
	 * @throws InvalidField (400) for a malformed value or a setting the program's trigger
	 * ignores
	 * @throws ErrorResponseException 404 for an unknown program, 422 when the partner has
	 * no template with the given key
	 */
	@Transactional
	public Program change(long partnerId, String key, Change change) {
		Program p = require(partnerId, key);
		String name = (change.name() != null) ? name(change.name()) : p.name();
		rejectIgnoredSettings(p.trigger(), change.delay(), change.offsetDays(), change.periodDays(), change.sendAt());
		Program changed = new Program(p.id(), p.partnerId(), p.key(), name, p.trigger(), p.dateKind(),
				(change.audience() != null) ? change.audience() : p.audience(),
				(change.template() != null) ? change.template() : p.templateKey(),
				(change.delay() != null) ? change.delay() : p.delay(),
				(change.offsetDays() != null) ? change.offsetDays() : p.offsetDays(),
				(change.periodDays() != null) ? change.periodDays() : p.periodDays(),
				(change.sendAt() != null) ? change.sendAt() : p.sendAt(),
				(change.maxLateness() != null) ? change.maxLateness() : p.maxLateness(), p.priority(),
				(change.enabled() != null) ? change.enabled() : p.enabled(), p.plannedThrough());
		if (change.template() != null) {
			requireTemplate(partnerId, change.template());
		}
		this.programs.update(changed, this.clock.instant());
		this.audit.record(partnerId,
				(change.enabled() != null && change.enabled() != p.enabled())
						? (change.enabled() ? "program.enabled" : "program.disabled") : "program.changed",
				"program " + key);
		return changed;
	}

	/**
	 * Disables the program and hides it from lists, lookups and planning; outreach
	 * already planned for it is cancelled when it falls due.
	 * @throws ErrorResponseException 404 for an unknown (or already deleted) program
	 */
	@Transactional
	void delete(long partnerId, String key) {
		Program p = require(partnerId, key);
		this.programs.markDeleted(partnerId, p.id(), this.clock.instant());
		this.audit.record(partnerId, "program.deleted", "program " + key);
	}

	/**
	 * @throws ErrorResponseException (404) when the partner has no such program
	 */
	public Program require(long partnerId, String key) {
		return this.programs.findByKey(partnerId, key)
			.orElseThrow(() -> problem(HttpStatus.NOT_FOUND, "Unknown program", "No program '" + key + "'."));
	}

	private void requireTemplate(long partnerId, String template) {
		if (!this.templates.exists(partnerId, template)) {
			throw problem(HttpStatus.UNPROCESSABLE_CONTENT, "Unknown template",
					"No template '" + template + "'; create it with PUT /api/v1/templates/" + template + " first.");
		}
	}

	/**
	 * Refuses a setting that would have no effect for the trigger (a likely mistake), but
	 * accepts the neutral value, so that a program read from the API can be sent back.
	 */
	private static void rejectIgnoredSettings(Trigger trigger, @Nullable Duration delay, @Nullable Integer offsetDays,
			@Nullable Integer periodDays, @Nullable LocalTime sendAt) {
		boolean afterEvent = trigger == Trigger.AFTER_SALE || trigger == Trigger.PROMOTION
				|| trigger == Trigger.CAMPAIGN || trigger == Trigger.AT_RISK;
		if (delay != null && !delay.isZero() && !afterEvent) {
			throw new InvalidField("delay",
					"delay applies to AFTER_SALE, PROMOTION, CAMPAIGN and AT_RISK programs only");
		}
		if (offsetDays != null && offsetDays != 0 && trigger != Trigger.DATE) {
			throw new InvalidField("offsetDays", "offsetDays applies to DATE programs only");
		}
		if (periodDays != null && trigger != Trigger.CHECK_IN) {
			throw new InvalidField("periodDays", "periodDays applies to CHECK_IN programs only");
		}
		if (sendAt != null
				&& (trigger == Trigger.AFTER_SALE || trigger == Trigger.PROMOTION || trigger == Trigger.AT_RISK)) {
			throw new InvalidField("sendAt", "sendAt applies to DATE, CHECK_IN and CAMPAIGN programs only");
		}
	}

	private static @Nullable LocalTime defaultSendAt(Trigger trigger) {
		return (trigger == Trigger.DATE || trigger == Trigger.CHECK_IN) ? LocalTime.of(9, 0) : null;
	}

	/** As the default programs have it. */
	private static Duration defaultMaxLateness(Trigger trigger) {
		return switch (trigger) {
			case PROMOTION, AT_RISK -> Duration.ofDays(3);
			case CHECK_IN -> Duration.ofHours(48);
			case AFTER_SALE, DATE, CAMPAIGN -> Duration.ofHours(24);
		};
	}

	private static String name(String value) {
		String name = value.strip();
		if (name.isEmpty() || name.length() > MAX_NAME_LENGTH || name.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidField("name", "name must be 1 to " + MAX_NAME_LENGTH + " characters");
		}
		return name;
	}

	private static <T> T required(String field, @Nullable T value) {
		if (value == null) {
			throw new InvalidField(field, field + " is required");
		}
		return value;
	}

	private static ErrorResponseException problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		return new ErrorResponseException(status, problem, null);
	}

}
