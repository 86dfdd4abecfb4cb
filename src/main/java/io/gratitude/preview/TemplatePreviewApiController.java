package io.gratitude.preview;

import java.util.Map;

import io.gratitude.dispatch.MessageModel;
import io.gratitude.partner.ApiCaller;
import io.gratitude.template.TemplatePreviews.Preview;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Template previews and test sends over the API. They live here rather than with the
 * templates because a preview for a stored contact needs the outreach model
 * ({@link MessageModel}), and the template module must not depend on outreach.
 */
@RestController
class TemplatePreviewApiController {

	private final TemplateTrials trials;

	TemplatePreviewApiController(TemplateTrials trials) {
		this.trials = trials;
	}

	/**
	 * {@code locale}: the variant to render; absent, the base (or, for a contact, the
	 * variant the contact would get).
	 */
	record PreviewBody(@Nullable Integer version, @Nullable String contactRef, @Nullable String program,
			@Nullable Map<String, Object> sampleData, @Nullable String locale) {

		TemplateTrials.Trial toTrial() {
			return new TemplateTrials.Trial(this.version, this.contactRef, this.program, this.sampleData, this.locale);
		}

	}

	record TestSendBody(@Nullable String to, @Nullable Integer version, @Nullable String contactRef,
			@Nullable String program, @Nullable Map<String, Object> sampleData, @Nullable String locale) {

		TemplateTrials.Trial toTrial() {
			return new TemplateTrials.Trial(this.version, this.contactRef, this.program, this.sampleData, this.locale);
		}

	}

	/** A rendered version: its number and the three parts. */
	record PreviewView(String key, int version, String subject, String html, String text) {

		static PreviewView of(Preview preview) {
			return new PreviewView(preview.key(), preview.version(), preview.message().subject(),
					preview.message().html(), preview.message().text());
		}

	}

	@PostMapping("/api/v1/templates/{key}/preview")
	PreviewView preview(ApiCaller caller, @PathVariable String key,
			@RequestBody(required = false) @Nullable PreviewBody body) {
		PreviewBody request = (body != null) ? body : new PreviewBody(null, null, null, null, null);
		return PreviewView.of(this.trials.preview(caller.partnerId(), key, request.toTrial()));
	}

	@PostMapping("/api/v1/templates/{key}/test-send")
	ResponseEntity<TemplateTrials.TestSent> testSend(ApiCaller caller, @PathVariable String key,
			@RequestBody TestSendBody body) {
		return ResponseEntity.status(HttpStatus.ACCEPTED)
			.body(this.trials.sendTest(caller.partnerId(), key, body.to(), body.toTrial()));
	}

}
