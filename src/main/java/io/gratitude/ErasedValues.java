package io.gratitude;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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

	private final byte[] key;

	/** A keyed MAC per thread: a Mac is not thread-safe. */
	private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

	ErasedValues(JdbcClient jdbc, Clock clock, @Value("${gratitude.erasure.secret:}") String configuredSecret) {
		this.key = (configuredSecret.isBlank() ? InstanceSecrets.storedOrGenerated(jdbc, clock, "erasure")
				: configuredSecret.strip())
			.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * The keyed digest of a value: the same value always gives the same digest under the
	 * same secret.
	 */
	public String keyed(String value) {
		// doFinal resets the Mac for the next value.
		byte[] mac = this.macs.get().doFinal(value.getBytes(StandardCharsets.UTF_8));
		return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
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

	private Mac newMac() {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
