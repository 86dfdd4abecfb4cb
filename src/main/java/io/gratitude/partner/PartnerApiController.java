package io.gratitude.partner;

import io.gratitude.system.InvalidField;
import io.gratitude.system.Page;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Partner enrollment and administration, for the operator (admin token): enroll, list,
 * read, change settings, pause and resume sending.
 */
@RestController
class PartnerApiController {

	private final PartnerEnrollment enrollment;

	private final PartnerAdministration administration;

	private final Partners partners;

	PartnerApiController(PartnerEnrollment enrollment, PartnerAdministration administration, Partners partners) {
		this.enrollment = enrollment;
		this.administration = administration;
		this.partners = partners;
	}

	record WindowBody(@Nullable LocalTime start, @Nullable LocalTime end) {
	}

	record EnrollBody(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
			@Nullable String replyTo, @Nullable String timeZone, @Nullable WindowBody sendWindow,
			@Nullable LeapDayPolicy leapDayPolicy, @Nullable Integer frequencyCapHours, @Nullable Boolean skipWeekends,
			@Nullable Integer maxPerMinute, @Nullable String defaultLocale) {
	}

	/** Absent or null keeps a setting; {@code maxPerMinute} 0 returns to the default. */
	record PartnerPatch(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
			@Nullable String replyTo, @Nullable String timeZone, @Nullable WindowBody sendWindow,
			@Nullable LeapDayPolicy leapDayPolicy, @Nullable Integer frequencyCapHours, @Nullable Boolean skipWeekends,
			@Nullable Integer maxPerMinute, @Nullable String defaultLocale) {
	}

	record WindowView(@JsonFormat(pattern = "HH:mm") LocalTime start, @JsonFormat(pattern = "HH:mm") LocalTime end) {
	}

	/**
	 * A partner; {@code maxPerMinute} is null while it follows the configured default.
	 */
	record PartnerView(long id, String name, String senderEmail, String senderName, @Nullable String replyTo,
			String timeZone, WindowView sendWindow, boolean skipWeekends, LeapDayPolicy leapDayPolicy,
			int frequencyCapHours, @Nullable Integer maxPerMinute, String defaultLocale, boolean paused,
			@Nullable String apiKey) {

		static PartnerView of(Partner p, @Nullable String apiKey) {
			return new PartnerView(p.id(), p.name(), p.senderEmail(), p.senderName(), p.replyTo(), p.timeZone().getId(),
					new WindowView(p.sendWindow().start(), p.sendWindow().end()), p.sendWindow().skipWeekends(),
					p.leapDayPolicy(), p.frequencyCapHours(), p.maxPerMinute(), p.defaultLocale(), p.paused(), apiKey);
		}

	}

	@PostMapping("/api/v1/partners")
	@ResponseStatus(HttpStatus.CREATED)
	PartnerView enroll(@RequestBody EnrollBody body) {
		SendWindow window = (body.sendWindow() == null) ? new SendWindow(LocalTime.of(9, 0), LocalTime.of(18, 0))
				: window(body.sendWindow());
		window = window.withSkipWeekends(Boolean.TRUE.equals(body.skipWeekends()));
		ZoneId zone = zone(required(body.timeZone(), "timeZone"));
		NewPartner partner = new NewPartner(required(body.name(), "name"), body.senderEmail(),
				required(body.senderName(), "senderName"), body.replyTo(), zone, window,
				(body.leapDayPolicy() != null) ? body.leapDayPolicy() : LeapDayPolicy.FEB_28,
				(body.frequencyCapHours() != null) ? body.frequencyCapHours() : NewPartner.DEFAULT_FREQUENCY_CAP_HOURS,
				body.maxPerMinute(), body.defaultLocale());
		PartnerEnrollment.Enrolled enrolled = this.enrollment.enroll(partner);
		return PartnerView.of(enrolled.partner(), enrolled.apiKey());
	}

	@GetMapping("/api/v1/partners")
	Page<PartnerView> list(@RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		List<PartnerView> items = this.partners.findPage(request).stream().map(p -> PartnerView.of(p, null)).toList();
		return new Page<>(items, page, size, this.partners.count());
	}

	@GetMapping("/api/v1/partners/{id}")
	PartnerView get(@PathVariable long id) {
		return PartnerView.of(this.administration.require(id), null);
	}

	@PatchMapping("/api/v1/partners/{id}")
	PartnerView change(@PathVariable long id, @RequestBody PartnerPatch patch) {
		PartnerAdministration.PartnerChanges changes = new PartnerAdministration.PartnerChanges(patch.name(),
				patch.senderEmail(), patch.senderName(), patch.replyTo(),
				(patch.timeZone() != null) ? zone(patch.timeZone()) : null,
				(patch.sendWindow() != null) ? window(patch.sendWindow()) : null, patch.leapDayPolicy(),
				patch.frequencyCapHours(), patch.skipWeekends(), patch.maxPerMinute(), patch.defaultLocale());
		return PartnerView.of(this.administration.change(id, changes), null);
	}

	@PostMapping("/api/v1/partners/{id}/pause")
	PartnerView pause(@PathVariable long id) {
		return PartnerView.of(this.administration.pause(id), null);
	}

	@PostMapping("/api/v1/partners/{id}/resume")
	PartnerView resume(@PathVariable long id) {
		return PartnerView.of(this.administration.resume(id), null);
	}

	private static SendWindow window(WindowBody body) {
		LocalTime start = required(body.start(), "sendWindow.start");
		LocalTime end = required(body.end(), "sendWindow.end");
		try {
			return new SendWindow(start, end);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidField("sendWindow", ex.getMessage());
		}
	}

	private static ZoneId zone(String id) {
		try {
			return ZoneId.of(id);
		}
		catch (DateTimeException ex) {
			throw new InvalidField("timeZone", "timeZone '" + id + "' is not an IANA time zone id");
		}
	}

	private static <T> T required(@Nullable T value, String field) {
		if (value == null) {
			throw new InvalidField(field, field + " is required");
		}
		return value;
	}

}
