package io.gratitude.mail;

import java.util.regex.Pattern;

/**
 * What the SMTP server answered to one message.
 *
 * @param code the SMTP reply code, 0 when no reply was received (connection failure)
 * @param reply the server's reply text, or the connection error
 */
public record SendResult(Outcome outcome, int code, String reply, long durationMs) {

	/** How a send ended. */
	public enum Outcome {

		/** 2xx: the server took responsibility for the message. */
		ACCEPTED,
		/**
		 * 4xx, or the connection failed while this message was under way (dropped, timed
		 * out): try this message again later.
		 */
		TRANSIENT,
		/** 5xx: the server refused the message for good. */
		PERMANENT,
		/**
		 * No session could be opened (refused, connect timeout, or a 4xx/5xx greeting
		 * such as 421): nothing is known about the message; the whole transport should
		 * back off.
		 */
		UNREACHABLE

	}

	/** Enhanced status code 5.1.x in a reply: the address itself is bad (RFC 3463). */
	private static final Pattern BAD_ADDRESS = Pattern.compile("(^|\\D)5\\.1\\.\\d{1,3}(\\D|$)");

	/**
	 * Whether the reply says the recipient's address is bad for good (a hard bounce): 551
	 * or 553, or a 5xx reply with a 5.1.x enhanced status such as "550 5.1.1 user
	 * unknown". Such an address should get nothing more.
	 */
	public boolean hardBounce() {
		if (this.outcome != Outcome.PERMANENT) {
			return false;
		}
		return this.code == 551 || this.code == 553 || BAD_ADDRESS.matcher(this.reply).find();
	}

	static SendResult ofCode(int code, String reply, long durationMs) {
		Outcome outcome = (code >= 200 && code < 300) ? Outcome.ACCEPTED
				: (code >= 500 && code < 600) ? Outcome.PERMANENT : Outcome.TRANSIENT;
		return new SendResult(outcome, code, reply, durationMs);
	}

}
