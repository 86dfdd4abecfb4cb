package io.gratitude.mail;

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
		/** 4xx or a connection problem: try again later. */
		TRANSIENT,
		/** 5xx: the server refused the message for good. */
		PERMANENT

	}

	static SendResult ofCode(int code, String reply, long durationMs) {
		Outcome outcome = (code >= 200 && code < 300) ? Outcome.ACCEPTED
				: (code >= 500 && code < 600) ? Outcome.PERMANENT : Outcome.TRANSIENT;
		return new SendResult(outcome, code, reply, durationMs);
	}

}
