package io.gratitude.partner;

import io.gratitude.InvalidField;

import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Partner enrollment, for the operator (admin token). */
@RestController
class PartnerApiController {

	private final PartnerEnrollment enrollment;

	private final Partners partners;

	PartnerApiController(PartnerEnrollment enrollment, Partners partners) {
		this.enrollment = enrollment;
		this.partners = partners;
	}

	record WindowBody(@Nullable LocalTime start, @Nullable LocalTime end) {
	}

	record EnrollBody(@Nullable String name, @Nullable String senderEmail, @Nullable String senderName,
			@Nullable String replyTo, @Nullable String timeZone, @Nullable WindowBody sendWindow,
			@Nullable LeapDayPolicy leapDayPolicy) {
	}

	record WindowView(@JsonFormat(pattern = "HH:mm") LocalTime start, @JsonFormat(pattern = "HH:mm") LocalTime end) {
	}

	record PartnerView(long id, String name, String senderEmail, String senderName, @Nullable String replyTo,
			String timeZone, WindowView sendWindow, LeapDayPolicy leapDayPolicy, @Nullable String apiKey) {

		static PartnerView of(Partner p, @Nullable String apiKey) {
			return new PartnerView(p.id(), p.name(), p.senderEmail(), p.senderName(), p.replyTo(), p.timeZone().getId(),
					new WindowView(p.sendWindow().start(), p.sendWindow().end()), p.leapDayPolicy(), apiKey);
		}

	}

	@PostMapping("/api/v1/partners")
	@ResponseStatus(HttpStatus.CREATED)
	PartnerView enroll(@RequestBody EnrollBody body) {
		SendWindow window;
		try {
			window = (body.sendWindow() == null) ? new SendWindow(LocalTime.of(9, 0), LocalTime.of(18, 0))
					: new SendWindow(required(body.sendWindow().start(), "sendWindow.start"),
							required(body.sendWindow().end(), "sendWindow.end"));
		}
		catch (InvalidField ex) {
			throw ex;
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidField("sendWindow", ex.getMessage());
		}
		ZoneId zone;
		try {
			zone = ZoneId.of(required(body.timeZone(), "timeZone"));
		}
		catch (DateTimeException ex) {
			throw new InvalidField("timeZone", "timeZone '" + body.timeZone() + "' is not an IANA time zone id");
		}
		NewPartner partner = new NewPartner(required(body.name(), "name"), body.senderEmail(),
				required(body.senderName(), "senderName"), body.replyTo(), zone, window,
				(body.leapDayPolicy() != null) ? body.leapDayPolicy() : LeapDayPolicy.FEB_28);
		PartnerEnrollment.Enrolled enrolled = this.enrollment.enroll(partner);
		return PartnerView.of(enrolled.partner(), enrolled.apiKey());
	}

	@GetMapping("/api/v1/partners")
	List<PartnerView> list() {
		return this.partners.findAll().stream().map(p -> PartnerView.of(p, null)).toList();
	}

	private static <T> T required(@Nullable T value, String field) {
		if (value == null) {
			throw new InvalidField(field, field + " is required");
		}
		return value;
	}

}
