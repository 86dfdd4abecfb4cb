package io.gratitude.suppression;

import java.util.Locale;

/**
 * What a mail provider reports about a message that was accepted for delivery: a hard
 * bounce (the address does not exist or refuses mail for good), a soft bounce (a
 * temporary problem: mailbox full, greylisting) or a complaint (the recipient marked the
 * message as spam). Written in lower case on the wire: {@code hard}, {@code soft},
 * {@code complaint}.
 */
public enum BounceType {

	/** Permanent: the address is suppressed ({@code hard_bounce}). */
	HARD("BOUNCED"),
	/** Temporary: recorded only, nothing is suppressed. */
	SOFT("SOFT_BOUNCE"),
	/**
	 * The recipient complained: the address is suppressed ({@code complaint}) and the
	 * partner's contacts with it are opted out.
	 */
	COMPLAINT("COMPLAINED");

	private final String outcome;

	BounceType(String outcome) {
		this.outcome = outcome;
	}

	/** The outcome of the attempt row that records this event on a sent message. */
	public String outcome() {
		return this.outcome;
	}

	/** The value on the wire. */
	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
