package io.gratitude.system;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What erasure may keep of a personal value it removes: a keyed digest (HMAC-SHA256 under
 * the erasure secret, {@code gratitude.erasure.secret}, else generated once and kept in
 * {@code instance_secret}), enough to recognise the same value given again and not to
 * read it back nor to confirm a guess without the secret. A plain SHA-256 of an address
 * or a reference is no such thing: anyone can hash a guess and compare.
 * <p>
 * The digest is {@value #PREFIX} and 43 characters of unpadded base64url, so that it is
 * never mistaken for the 64 hex digits of a plain SHA-256 (earlier versions' erased
 * references) or for an address.
 */
@Component
public class ErasedValues {

	/** What every keyed digest starts with. */
	public static final String PREFIX = "k1:";

	private final HmacSha256 current;

	/** Secrets digests were made under before (a changed configuration). */
	private final List<HmacSha256> earlier;

	ErasedValues(JdbcClient jdbc, Clock clock, @Value("${gratitude.erasure.secret:}") String configuredSecret,
			@Value("${gratitude.erasure.previous-secrets:}") List<String> previousSecrets) {
		String secret = configuredSecret.isBlank() ? InstanceSecrets.storedOrGenerated(jdbc, clock, "erasure")
				: configuredSecret.strip();
		this.current = new HmacSha256(secret);
		List<String> earlier = new ArrayList<>();
		previousSecrets.stream().map(String::strip).filter(old -> !old.isEmpty()).forEach(earlier::add);
		// A secret configured after the generated one was in use: what was kept under the
		// generated one must still be recognised (a suppression above all).
		InstanceSecrets.stored(jdbc, "erasure").ifPresent(earlier::add);
		this.earlier = earlier.stream().filter(other -> !other.equals(secret)).distinct().map(HmacSha256::new).toList();
	}

	/**
	 * The keyed digest of a value: the same value always gives the same digest under the
	 * same secret. This is what to store.
	 */
	public String keyed(String value) {
		return PREFIX + encode(this.current.sign(value));
	}

	/**
	 * Every digest the value may have been kept as: under the current secret first, then
	 * under earlier ones ({@code gratitude.erasure.previous-secrets}, and the generated
	 * secret once one is configured). This is what to look up.
	 */
	public List<String> keyedForms(String value) {
		List<String> forms = new ArrayList<>();
		forms.add(keyed(value));
		for (HmacSha256 other : this.earlier) {
			forms.add(PREFIX + encode(other.sign(value)));
		}
		return forms;
	}

	private static String encode(byte[] mac) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
	}

	/** Whether the stored value is a keyed digest made by {@link #keyed}. */
	public static boolean isKeyed(String stored) {
		return stored.startsWith(PREFIX);
	}

	/** A plain SHA-256 in hex: what earlier versions kept, never to be stored anew. */
	public static String sha256Hex(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is part of every Java platform", ex);
		}
	}

}
