package io.gratitude.partner;

import io.gratitude.system.Page;

import java.net.URI;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A partner's own API keys (API key auth): create, list, revoke, rotate. Keys are named
 * by their public prefix; the plain key appears only in the answer that creates it.
 */
@RestController
class ApiKeyApiController {

	private final KeyRing keyRing;

	private final ApiKeys keys;

	ApiKeyApiController(KeyRing keyRing, ApiKeys keys) {
		this.keyRing = keyRing;
		this.keys = keys;
	}

	record KeyBody(@Nullable String label) {
	}

	record KeyView(String prefix, String label, Instant createdAt, @Nullable Instant lastUsedAt,
			@Nullable Instant revokedAt) {

		static KeyView of(ApiKeys.ApiKey key) {
			return new KeyView(key.prefix(), key.label(), key.createdAt(), key.lastUsedAt(), key.revokedAt());
		}

	}

	record NewKeyView(String key, String prefix, String label, Instant createdAt) {

		static ResponseEntity<NewKeyView> created(ApiKeys.IssuedKey issued) {
			return ResponseEntity.created(URI.create("/api/v1/keys/" + issued.prefix()))
				.body(new NewKeyView(issued.key(), issued.prefix(), issued.label(), issued.createdAt()));
		}

	}

	@PostMapping("/api/v1/keys")
	ResponseEntity<NewKeyView> create(ApiCaller caller, @RequestBody KeyBody body) {
		return NewKeyView.created(this.keyRing.issue(caller.partnerId(), body.label()));
	}

	@GetMapping("/api/v1/keys")
	Page<KeyView> list(ApiCaller caller, @RequestParam(defaultValue = "0") int page,
			@RequestParam(defaultValue = "" + Page.DEFAULT_SIZE) int size) {
		Page.Request request = new Page.Request(page, size);
		List<KeyView> items = this.keys.findPage(caller.partnerId(), request).stream().map(KeyView::of).toList();
		return new Page<>(items, page, size, this.keys.count(caller.partnerId()));
	}

	@GetMapping("/api/v1/keys/{prefix}")
	KeyView get(ApiCaller caller, @PathVariable String prefix) {
		return KeyView.of(this.keyRing.require(caller.partnerId(), prefix));
	}

	@DeleteMapping("/api/v1/keys/{prefix}")
	ResponseEntity<Void> revoke(ApiCaller caller, @PathVariable String prefix) {
		this.keyRing.revoke(caller.partnerId(), prefix);
		return ResponseEntity.noContent().build();
	}

	@PostMapping("/api/v1/keys/{prefix}/rotate")
	ResponseEntity<NewKeyView> rotate(ApiCaller caller, @PathVariable String prefix) {
		return NewKeyView.created(this.keyRing.rotate(caller.partnerId(), prefix));
	}

}
