package io.gratitude.partner;

import io.gratitude.audit.AuditLog;

import java.time.Clock;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.ErrorResponseException;

/**
 * A partner's own key management: issue, revoke and rotate its API keys. Every change
 * locks the partner's row first, so two concurrent revocations cannot together revoke its
 * last active key: a partner can never lock itself out (only the operator could re-enroll
 * it).
 */
@Service
public class KeyRing {

	private final ApiKeys keys;

	private final Partners partners;

	private final Clock clock;

	private final AuditLog audit;

	KeyRing(ApiKeys keys, Partners partners, Clock clock, AuditLog audit) {
		this.keys = keys;
		this.partners = partners;
		this.clock = clock;
		this.audit = audit;
	}

	/** A new key for the partner; the answer holds it in plain text, this once. */
	@Transactional
	public ApiKeys.IssuedKey issue(long partnerId, @Nullable String label) {
		String checked = NewPartner.requireText(label, "label", 100);
		this.partners.lock(partnerId);
		ApiKeys.IssuedKey issued = this.keys.create(partnerId, checked, this.clock.instant());
		this.audit.record(partnerId, "api-key.created", "API key " + issued.prefix());
		return issued;
	}

	/**
	 * Revokes the key at once (idempotent: a revoked key stays revoked, answered alike).
	 * @throws ErrorResponseException 404 for a key the partner does not have, 409 for its
	 * last active key
	 */
	@Transactional
	public void revoke(long partnerId, String prefix) {
		this.partners.lock(partnerId);
		ApiKeys.ApiKey key = require(partnerId, prefix);
		if (key.active() && this.keys.countActive(partnerId) <= 1) {
			throw conflict("Key '" + prefix + "' is the last active key: create another one before revoking it.");
		}
		if (key.active()) {
			this.keys.revoke(partnerId, prefix, this.clock.instant());
			this.audit.record(partnerId, "api-key.revoked", "API key " + prefix);
		}
	}

	/**
	 * Replaces an active key by a new one with the same label. The old key is revoked at
	 * once, without a grace period (kept simple): requests with it fail from the rotation
	 * on, so deploy the answer's key right after rotating. For an overlap, create a
	 * second key, deploy it, then revoke the first.
	 * @throws ErrorResponseException 404 for a key the partner does not have, 409 for a
	 * revoked key
	 */
	@Transactional
	public ApiKeys.IssuedKey rotate(long partnerId, String prefix) {
		this.partners.lock(partnerId);
		ApiKeys.ApiKey key = require(partnerId, prefix);
		if (!key.active()) {
			throw conflict("Key '" + prefix + "' is revoked; create a new key instead.");
		}
		Instant now = this.clock.instant();
		this.keys.revoke(partnerId, prefix, now);
		ApiKeys.IssuedKey issued = this.keys.create(partnerId, key.label(), now);
		this.audit.record(partnerId, "api-key.rotated", "API key " + prefix + ", replaced by " + issued.prefix());
		return issued;
	}

	/**
	 * The partner's key with this prefix.
	 * @throws ErrorResponseException 404, alike for a missing key and another partner's
	 */
	ApiKeys.ApiKey require(long partnerId, String prefix) {
		return this.keys.find(partnerId, prefix).orElseThrow(() -> {
			ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
					"No API key '" + prefix + "'.");
			problem.setTitle("Unknown API key");
			return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
		});
	}

	private static ErrorResponseException conflict(String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
		problem.setTitle("Conflict");
		return new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
	}

}
