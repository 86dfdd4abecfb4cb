package io.gratitude.digest;

import java.time.Clock;

import io.gratitude.partner.ApiCaller;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET/PUT /api/v1/digest-settings}: the partner's staff digest (on or off, the
 * local hour from which it goes out, how many days ahead it looks). A PUT changes the
 * fields it gives and keeps the others.
 */
@RestController
class StaffDigestApiController {

	private final StaffDigests digests;

	private final Clock clock;

	StaffDigestApiController(StaffDigests digests, Clock clock) {
		this.digests = digests;
		this.clock = clock;
	}

	/** The settings as the API shows them. */
	record DigestSettingsView(boolean enabled, int hour, int daysAhead) {

		static DigestSettingsView of(StaffDigestSettings settings) {
			return new DigestSettingsView(settings.enabled(), settings.hour(), settings.daysAhead());
		}

	}

	/** A change: absent fields keep their value. */
	record DigestSettingsBody(@Nullable Boolean enabled, @Nullable Integer hour, @Nullable Integer daysAhead) {
	}

	@GetMapping("/api/v1/digest-settings")
	DigestSettingsView get(ApiCaller caller) {
		return DigestSettingsView.of(this.digests.settings(caller.partnerId()));
	}

	@PutMapping("/api/v1/digest-settings")
	DigestSettingsView put(ApiCaller caller, @RequestBody DigestSettingsBody body) {
		StaffDigestSettings current = this.digests.settings(caller.partnerId());
		StaffDigestSettings changed = new StaffDigestSettings(
				(body.enabled() != null) ? body.enabled() : current.enabled(),
				(body.hour() != null) ? body.hour() : current.hour(),
				(body.daysAhead() != null) ? body.daysAhead() : current.daysAhead());
		this.digests.saveSettings(caller.partnerId(), changed, this.clock.instant());
		return DigestSettingsView.of(changed);
	}

}
