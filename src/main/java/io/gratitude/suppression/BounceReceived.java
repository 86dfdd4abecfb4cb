package io.gratitude.suppression;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Published inside the intake transaction for each accepted bounce or complaint event, so
 * that the send log records it on the partner's sent message with this Message-ID (if
 * there is one) atomically with the suppression. A listener that finds the message calls
 * {@link #matched()}; the intake counts the event as unmatched otherwise. Listeners must
 * be synchronous (plain {@code @EventListener}) and scope everything by
 * {@link #partnerId()}: another partner's message is never touched.
 */
public final class BounceReceived {

	private final long partnerId;

	private final String email;

	private final BounceType type;

	private final @Nullable String messageId;

	private final @Nullable String reason;

	private final Instant occurredAt;

	private boolean matched;

	BounceReceived(long partnerId, String email, BounceType type, @Nullable String messageId, @Nullable String reason,
			Instant occurredAt) {
		this.partnerId = partnerId;
		this.email = email;
		this.type = type;
		this.messageId = messageId;
		this.reason = reason;
		this.occurredAt = occurredAt;
	}

	public long partnerId() {
		return this.partnerId;
	}

	/** The bounced address, as given (validated). */
	public String email() {
		return this.email;
	}

	public BounceType type() {
		return this.type;
	}

	/**
	 * The Message-ID of the message, in angle brackets ({@code <id@domain>}), if given.
	 */
	public @Nullable String messageId() {
		return this.messageId;
	}

	/** The provider's diagnostic (e.g. the remote server's reply), if given. */
	public @Nullable String reason() {
		return this.reason;
	}

	/** When the provider saw it; the time of receipt when not given. */
	public Instant occurredAt() {
		return this.occurredAt;
	}

	/** Marks the event as recorded on one of the partner's sent messages. */
	public void matched() {
		this.matched = true;
	}

	/** Whether a listener found the partner's sent message. */
	public boolean isMatched() {
		return this.matched;
	}

}
