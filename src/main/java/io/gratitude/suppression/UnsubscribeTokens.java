package io.gratitude.suppression;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import io.gratitude.system.HmacSha256;
import io.gratitude.system.InstanceSecrets;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Signed unsubscribe tokens:
 * {@code base64url(partnerId, contactId) . base64url(HMAC-SHA256)}. They carry no email
 * and cannot be changed to point at another contact without the secret. A token is
 * accepted only as {@link #tokenFor} spells it (unpadded base64url with the unused bits
 * of each part's last character zero): one token, one string. The secret is
 * {@code gratitude.unsubscribe.secret}; when unset, one is generated once and kept in the
 * database, so every node and every restart signs alike.
 * <p>
 * Rotation: new tokens are signed with the current secret only; links in messages already
 * sent keep working for as long as their secret is listed in
 * {@code gratitude.unsubscribe.previous-secrets}. The generated secret, once a secret is
 * configured, counts as a previous one.
 */
@Component
public class UnsubscribeTokens {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private final HmacSha256 signing;

	/** Secrets that no longer sign but still verify, newest first. */
	private final List<HmacSha256> previous = new ArrayList<>();

	private final String publicUrl;

	UnsubscribeTokens(@Value("${gratitude.unsubscribe.secret:}") String configured,
			@Value("${gratitude.unsubscribe.previous-secrets:}") List<String> previousSecrets,
			@Value("${gratitude.public-url:http://localhost:8080}") String publicUrl, JdbcClient jdbc, Clock clock) {
		this.signing = new HmacSha256(
				configured.isBlank() ? InstanceSecrets.storedOrGenerated(jdbc, clock, "unsubscribe") : configured);
		for (String old : previousSecrets) {
			if (!old.isBlank()) {
				this.previous.add(new HmacSha256(old.strip()));
			}
		}
		if (!configured.isBlank()) {
			// Links signed before a secret was configured.
			InstanceSecrets.stored(jdbc, "unsubscribe")
				.ifPresent((generated) -> this.previous.add(new HmacSha256(generated)));
		}
		this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
	}

	/** A contact's identity within its partner. */
	public record Subject(long partnerId, long contactId) {
	}

	/** The token for this contact. */
	public String tokenFor(long partnerId, long contactId) {
		byte[] payload = ByteBuffer.allocate(16).putLong(partnerId).putLong(contactId).array();
		return ENCODER.encodeToString(payload) + "." + ENCODER.encodeToString(mac(payload));
	}

	/** The page a person opens from the message body. */
	public String pageUrl(long partnerId, long contactId) {
		return this.publicUrl + "/unsubscribe/" + tokenFor(partnerId, contactId);
	}

	/** The URL a mail client POSTs to (RFC 8058 one-click). */
	public String oneClickUrl(long partnerId, long contactId) {
		return pageUrl(partnerId, contactId);
	}

	/**
	 * The contact behind a token, when the token is intact and spelled exactly as
	 * {@link #tokenFor} writes it.
	 */
	public Optional<Subject> verify(String token) {
		int dot = token.indexOf('.');
		if (dot < 0) {
			return Optional.empty();
		}
		try {
			String payloadText = token.substring(0, dot);
			String signatureText = token.substring(dot + 1);
			byte[] payload = Base64.getUrlDecoder().decode(payloadText);
			byte[] signature = Base64.getUrlDecoder().decode(signatureText);
			// One token, one string: the decoder ignores the unused low bits of the last
			// character and accepts padding, so several strings decode to one token.
			// Only the spelling tokenFor writes is accepted (comparing the presented
			// text with its own re-encoding tells nothing about the secret).
			if (!ENCODER.encodeToString(payload).equals(payloadText)
					|| !ENCODER.encodeToString(signature).equals(signatureText)) {
				return Optional.empty();
			}
			if (payload.length != 16 || !signedByAKnownSecret(payload, signature)) {
				return Optional.empty();
			}
			ByteBuffer buffer = ByteBuffer.wrap(payload);
			return Optional.of(new Subject(buffer.getLong(), buffer.getLong()));
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

	private boolean signedByAKnownSecret(byte[] payload, byte[] signature) {
		if (MessageDigest.isEqual(signature, mac(payload))) {
			return true;
		}
		for (HmacSha256 old : this.previous) {
			if (MessageDigest.isEqual(signature, Arrays.copyOf(old.sign(payload), 16))) {
				return true;
			}
		}
		return false;
	}

	private byte[] mac(byte[] payload) {
		return Arrays.copyOf(this.signing.sign(payload), 16);
	}

}
