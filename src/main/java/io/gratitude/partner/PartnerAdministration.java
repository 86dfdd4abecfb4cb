package io.gratitude.partner;

import io.gratitude.audit.AuditLog;

import java.time.ZoneId;

import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * The operator's changes to an enrolled partner: its settings, and pausing and resuming
 * its sending. Changes apply to what is planned and sent from then on: a new send window
 * or time zone is checked again at sending, while a new leap-day policy moves only Feb 29
 * occasions planned afterwards (the queue holds up to the planning horizon, 48 h, already
 * planned).
 */
@Service
public class PartnerAdministration {

	private final Partners partners;

	private final ApplicationEventPublisher events;

	private final AuditLog audit;

	PartnerAdministration(Partners partners, ApplicationEventPublisher events, AuditLog audit) {
		this.partners = partners;
		this.events = events;
		this.audit = audit;
	}

	/**
	 * The partner's settings to change; {@code null} keeps a setting as it is, an empty
	 * {@code replyTo} removes the Reply-To, and a {@code maxPerMinute} of 0 returns the
	 * partner to the configured limit. A new {@code sendWindow} changes the daily hours
	 * only: whether weekends are skipped changes through {@code skipWeekends}.
	 */
	public record PartnerChanges(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
			@Nullable String replyTo, @Nullable ZoneId timeZone, @Nullable SendWindow sendWindow,
			@Nullable LeapDayPolicy leapDayPolicy, @Nullable Integer frequencyCapHours, @Nullable Boolean skipWeekends,
			@Nullable Integer maxPerMinute, @Nullable String defaultLocale) {

		/** Changes that leave the default locale as it is. */
		public PartnerChanges(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
				@Nullable String replyTo, @Nullable ZoneId timeZone, @Nullable SendWindow sendWindow,
				@Nullable LeapDayPolicy leapDayPolicy, @Nullable Integer frequencyCapHours,
				@Nullable Boolean skipWeekends, @Nullable Integer maxPerMinute) {
			this(name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, frequencyCapHours,
					skipWeekends, maxPerMinute, null);
		}

		/** Changes that leave the messages-per-minute limit as it is. */
		public PartnerChanges(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
				@Nullable String replyTo, @Nullable ZoneId timeZone, @Nullable SendWindow sendWindow,
				@Nullable LeapDayPolicy leapDayPolicy, @Nullable Integer frequencyCapHours,
				@Nullable Boolean skipWeekends) {
			this(name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, frequencyCapHours,
					skipWeekends, null);
		}

		/**
		 * Changes that leave whether weekends are skipped, and the messages-per-minute
		 * limit, as they are.
		 */
		public PartnerChanges(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
				@Nullable String replyTo, @Nullable ZoneId timeZone, @Nullable SendWindow sendWindow,
				@Nullable LeapDayPolicy leapDayPolicy, @Nullable Integer frequencyCapHours) {
			this(name, senderEmail, senderName, replyTo, timeZone, sendWindow, leapDayPolicy, frequencyCapHours, null,
					null);
		}

		/** The partner's settings with these changes, validated. */
		NewPartner applyTo(Partner p) {
			String newReplyTo = (this.replyTo == null) ? p.replyTo() : this.replyTo.isBlank() ? null : this.replyTo;
			SendWindow window = or(this.sendWindow, p.sendWindow())
				.withSkipWeekends(or(this.skipWeekends, p.sendWindow().skipWeekends()));
			return new NewPartner(or(this.name, p.name()), or(this.senderEmail, p.senderEmail()),
					or(this.senderName, p.senderName()), newReplyTo, or(this.timeZone, p.timeZone()), window,
					or(this.leapDayPolicy, p.leapDayPolicy()), or(this.frequencyCapHours, p.frequencyCapHours()),
					(this.maxPerMinute != null) ? this.maxPerMinute : p.maxPerMinute(),
					or(this.defaultLocale, p.defaultLocale()));
		}

		private static <T> T or(@Nullable T change, T current) {
			return (change != null) ? change : current;
		}

	}

	/**
	 * The partner with this id.
	 * @throws ErrorResponseException 404 when there is none
	 */
	public Partner require(long id) {
		return this.partners.findById(id).orElseThrow(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No partner " + id + ".");
			problem.setTitle("Unknown partner");
			return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		});
	}

	/**
	 * Changes the partner's settings; nothing changes when one is refused.
	 * @throws io.gratitude.system.InvalidField naming the refused setting
	 * @throws ErrorResponseException 404 for an unknown partner
	 */
	@Transactional
	public Partner change(long id, PartnerChanges changes) {
		NewPartner settings = changes.applyTo(require(id));
		this.partners.updateSettings(id, settings);
		this.audit.record(id, "partner.settings-changed", "partner #" + id);
		return require(id);
	}

	/**
	 * Holds the partner's sending (idempotent). Its messages stay SCHEDULED, looked at
	 * again every minute, and are skipped as too late once past their max lateness.
	 */
	@Transactional
	public Partner pause(long id) {
		require(id);
		if (this.partners.changePaused(id, true)) {
			this.audit.record(id, "partner.paused", "partner #" + id);
		}
		return require(id);
	}

	/**
	 * Resumes the partner's sending (idempotent): held messages still within their
	 * lateness go out at once ({@link PartnerResumed}).
	 */
	@Transactional
	public Partner resume(long id) {
		require(id);
		if (this.partners.changePaused(id, false)) {
			this.audit.record(id, "partner.resumed", "partner #" + id);
			this.events.publishEvent(new PartnerResumed(id));
		}
		return require(id);
	}

}
