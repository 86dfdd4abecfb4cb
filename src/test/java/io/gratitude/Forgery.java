package io.gratitude;

import java.util.Base64;

/**
 * Forged tokens for tests, made by changing the bytes a token carries rather than its
 * characters. Editing characters of base64url text is not a reliable forgery: the last
 * character of 16 bytes (22 characters) carries only 2 bits, and a decoder ignores the
 * other 4, so {@code "…Bx"} → {@code "…xx"} can decode to the very same bytes (issue 25:
 * one run in about 256). Flipping one decoded bit always makes other bytes.
 */
public final class Forgery {

	private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

	private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

	private Forgery() {
	}

	/**
	 * The unpadded base64url text of the same bytes with bit {@code bit} flipped (bit 0
	 * is the lowest bit of the last byte).
	 */
	public static String flipBit(String base64url, int bit) {
		byte[] bytes = Base64.getUrlDecoder().decode(base64url);
		int index = bytes.length - 1 - bit / 8;
		bytes[index] = (byte) (bytes[index] ^ (1 << (bit % 8)));
		return ENCODER.encodeToString(bytes);
	}

	/**
	 * A {@code payload.signature} token with bit {@code bit} of its decoded signature
	 * flipped.
	 */
	public static String withSignatureBitFlipped(String token, int bit) {
		int dot = token.lastIndexOf('.');
		return token.substring(0, dot + 1) + flipBit(token.substring(dot + 1), bit);
	}

	/**
	 * A {@code payload.signature} token with bit {@code bit} of its decoded payload
	 * flipped.
	 */
	public static String withPayloadBitFlipped(String token, int bit) {
		int dot = token.lastIndexOf('.');
		return flipBit(token.substring(0, dot), bit) + token.substring(dot);
	}

	/**
	 * The same bytes spelled differently: the unused low bits of the last character set.
	 * A lenient decoder reads both spellings as one value.
	 */
	public static String withUnusedBitsSet(String base64url) {
		int unused = switch (base64url.length() % 4) {
			case 2 -> 4;
			case 3 -> 2;
			default -> throw new IllegalArgumentException("no unused bits in " + base64url.length() + " characters");
		};
		int last = ALPHABET.indexOf(base64url.charAt(base64url.length() - 1));
		return base64url.substring(0, base64url.length() - 1) + ALPHABET.charAt(last | ((1 << unused) - 1));
	}

}
