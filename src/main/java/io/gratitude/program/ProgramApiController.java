package io.gratitude.program;

import io.gratitude.InvalidField;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;

import io.gratitude.contact.DateKind;
import io.gratitude.partner.ApiCaller;
import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A partner's programs over the API: list and change timing, audience and enablement. */
@RestController
class ProgramApiController {

	private final Programs programs;

	private final Clock clock;

	ProgramApiController(Programs programs, Clock clock) {
		this.programs = programs;
		this.clock = clock;
	}

	record ProgramView(String key, String name, Trigger trigger, @Nullable DateKind dateKind, Audience audience,
			String template, Duration delay, int offsetDays, @Nullable Integer periodDays,
			@JsonFormat(pattern = "HH:mm") @Nullable LocalTime sendAt, Duration maxLateness, boolean enabled) {

		static ProgramView of(Program p) {
			return new ProgramView(p.key(), p.name(), p.trigger(), p.dateKind(), p.audience(), p.templateKey(),
					p.delay(), p.offsetDays(), p.periodDays(), p.sendAt(), p.maxLateness(), p.enabled());
		}

	}

	record ProgramPatch(@Nullable String name, @Nullable Audience audience, @Nullable Duration delay,
			@Nullable Integer offsetDays, @Nullable Integer periodDays, @Nullable LocalTime sendAt,
			@Nullable Duration maxLateness, @Nullable Boolean enabled) {
	}

	record ProgramList(List<ProgramView> items) {
	}

	@GetMapping("/api/v1/programs")
	ProgramList list(ApiCaller caller) {
		return new ProgramList(this.programs.findByPartner(caller.partnerId()).stream().map(ProgramView::of).toList());
	}

	@GetMapping("/api/v1/programs/{key}")
	ProgramView get(ApiCaller caller, @PathVariable String key) {
		return ProgramView.of(require(caller, key));
	}

	@PatchMapping("/api/v1/programs/{key}")
	@Transactional
	ProgramView patch(ApiCaller caller, @PathVariable String key, @RequestBody ProgramPatch patch) {
		Program p = require(caller, key);
		if (patch.name() != null && (patch.name().isBlank() || patch.name().length() > 200)) {
			throw new InvalidField("name", "name must be 1 to 200 characters");
		}
		Program changed = new Program(p.id(), p.partnerId(), p.key(),
				(patch.name() != null) ? patch.name().strip() : p.name(), p.trigger(), p.dateKind(),
				(patch.audience() != null) ? patch.audience() : p.audience(), p.templateKey(),
				(patch.delay() != null) ? patch.delay() : p.delay(),
				(patch.offsetDays() != null) ? patch.offsetDays() : p.offsetDays(),
				(patch.periodDays() != null) ? patch.periodDays() : p.periodDays(),
				(patch.sendAt() != null) ? patch.sendAt() : p.sendAt(),
				(patch.maxLateness() != null) ? patch.maxLateness() : p.maxLateness(), p.priority(),
				(patch.enabled() != null) ? patch.enabled() : p.enabled(), p.plannedThrough());
		this.programs.update(changed, this.clock.instant());
		return ProgramView.of(changed);
	}

	private Program require(ApiCaller caller, String key) {
		return this.programs.findByKey(caller.partnerId(), key).orElseThrow(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "No program '" + key + "'.");
			problem.setTitle("Unknown program");
			return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		});
	}

}
