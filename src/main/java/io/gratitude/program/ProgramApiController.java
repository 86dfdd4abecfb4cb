package io.gratitude.program;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;

import io.gratitude.contact.DateKind;
import io.gratitude.partner.ApiCaller;
import io.gratitude.system.Page;
import com.fasterxml.jackson.annotation.JsonFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's programs over the API: create, list, read, change and delete them. Partners
 * see only their own programs.
 */
@RestController
class ProgramApiController {

	private final Programs programs;

	private final ProgramEditing editing;

	ProgramApiController(Programs programs, ProgramEditing editing) {
		this.programs = programs;
		this.editing = editing;
	}

	record ProgramView(String key, String name, Trigger trigger, @Nullable DateKind dateKind, Audience audience,
			String template, Duration delay, int offsetDays, @Nullable Integer periodDays,
			@JsonFormat(pattern = "HH:mm") @Nullable LocalTime sendAt, Duration maxLateness, boolean enabled) {

		static ProgramView of(Program p) {
			return new ProgramView(p.key(), p.name(), p.trigger(), p.dateKind(), p.audience(), p.templateKey(),
					p.delay(), p.offsetDays(), p.periodDays(), p.sendAt(), p.maxLateness(), p.enabled());
		}

	}

	record ProgramBody(@Nullable String key, @Nullable String name, @Nullable Trigger trigger,
			@Nullable DateKind dateKind, @Nullable Audience audience, @Nullable String template,
			@Nullable Duration delay, @Nullable Integer offsetDays, @Nullable Integer periodDays,
			@Nullable LocalTime sendAt, @Nullable Duration maxLateness, @Nullable Boolean enabled) {

		ProgramEditing.NewProgram toNewProgram() {
			return new ProgramEditing.NewProgram(this.key, this.name, this.trigger, this.dateKind, this.audience,
					this.template, this.delay, this.offsetDays, this.periodDays, this.sendAt, this.maxLateness,
					this.enabled);
		}

	}

	record ProgramPatch(@Nullable String name, @Nullable Audience audience, @Nullable String template,
			@Nullable Duration delay, @Nullable Integer offsetDays, @Nullable Integer periodDays,
			@Nullable LocalTime sendAt, @Nullable Duration maxLateness, @Nullable Boolean enabled) {

		ProgramEditing.Change toChange() {
			return new ProgramEditing.Change(this.name, this.audience, this.template, this.delay, this.offsetDays,
					this.periodDays, this.sendAt, this.maxLateness, this.enabled);
		}

	}

	@PostMapping("/api/v1/programs")
	ResponseEntity<ProgramView> create(ApiCaller caller, @RequestBody ProgramBody body) {
		Program created = this.editing.create(caller.partnerId(), body.toNewProgram());
		return ResponseEntity.created(URI.create("/api/v1/programs/" + created.key())).body(ProgramView.of(created));
	}

	@GetMapping("/api/v1/programs")
	Page<ProgramView> list(ApiCaller caller, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		return new Page<>(this.programs.findPage(caller.partnerId(), request).stream().map(ProgramView::of).toList(),
				request.page(), request.size(), this.programs.countByPartner(caller.partnerId()));
	}

	@GetMapping("/api/v1/programs/{key}")
	ProgramView get(ApiCaller caller, @PathVariable String key) {
		return ProgramView.of(this.editing.require(caller.partnerId(), key));
	}

	@PatchMapping("/api/v1/programs/{key}")
	ProgramView patch(ApiCaller caller, @PathVariable String key, @RequestBody ProgramPatch patch) {
		return ProgramView.of(this.editing.change(caller.partnerId(), key, patch.toChange()));
	}

	@DeleteMapping("/api/v1/programs/{key}")
	ResponseEntity<Void> delete(ApiCaller caller, @PathVariable String key) {
		this.editing.delete(caller.partnerId(), key);
		return ResponseEntity.noContent().build();
	}

}
