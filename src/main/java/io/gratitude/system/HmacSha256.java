package io.gratitude.system;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one secret, for the service's keyed hashes and signatures (API keys,
 * unsubscribe tokens, what erasure keeps, sign-in throttling). Thread-safe: each thread
 * keeps its own {@link Mac}, as a Mac is not thread-safe and {@link Mac#getInstance}
 * looks the algorithm up among the security providers each time.
 */
public final class HmacSha256 {

	private final ThreadLocal<Mac> macs;

	public HmacSha256(byte[] secret) {
		byte[] key = secret.clone();
		this.macs = ThreadLocal.withInitial(() -> newMac(key));
	}

	/** Under the UTF-8 bytes of the secret. */
	public HmacSha256(String secret) {
		this(secret.getBytes(StandardCharsets.UTF_8));
	}

	/** The 32-byte MAC of the data. */
	public byte[] sign(byte[] data) {
		// doFinal resets the Mac for the next call.
		return this.macs.get().doFinal(data);
	}

	/** The 32-byte MAC of the text's UTF-8 bytes. */
	public byte[] sign(String text) {
		return sign(text.getBytes(StandardCharsets.UTF_8));
	}

	private static Mac newMac(byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is part of every Java runtime", ex);
		}
	}

}
