package io.gratitude.outreach;

import java.time.Clock;
import java.util.Optional;

import io.gratitude.suppression.BounceReceived;
import io.gratitude.suppression.BounceType;
import io.gratitude.system.NodeName;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The send log's part of a bounce or complaint, in the intake's own transaction: when the
 * event's Message-ID names one of the partner's SENT messages, an attempt row records it
 * (outcome {@code BOUNCED}, {@code SOFT_BOUNCE} or {@code COMPLAINED}, the provider's
 * reason as the reply), once per message and outcome. A hard bounce also sets the
 * message's reason to {@code bounced} and its last reply to the provider's reason. The
 * status stays SENT: the message did leave, the recipient's side refused it later.
 * Another partner's message, or one not SENT, is never touched; an erased contact's
 * message records the event without the provider's reason (see {@link Erasure}).
 */
@Component
class Bounces {

	private static final Logger log = LoggerFactory.getLogger(Bounces.class);

	/** The reason a hard-bounced SENT message carries. */
	static final String BOUNCED = "bounced";

	private final JdbcClient jdbc;

	private final NodeName node;

	private final Clock clock;

	Bounces(JdbcClient jdbc, NodeName node, Clock clock) {
		this.jdbc = jdbc;
		this.node = node;
		this.clock = clock;
	}

	@EventListener
	void record(BounceReceived bounce) {
		String messageId = bounce.messageId();
		if (messageId == null) {
			return;
		}
		// The row lock makes two deliveries of the same event at once record it once.
		Optional<Long> found = this.jdbc.sql("""
				SELECT id FROM outreach WHERE partner_id = ? AND message_id = ? AND status = 'SENT'
				ORDER BY id LIMIT 1 FOR UPDATE""").params(bounce.partnerId(), messageId).query(Long.class).optional();
		if (found.isEmpty()) {
			return;
		}
		bounce.matched();
		long outreachId = found.get();
		String outcome = bounce.type().outcome();
		boolean known = this.jdbc.sql("SELECT COUNT(*) FROM attempt WHERE outreach_id = ? AND outcome = ?")
			.params(outreachId, outcome)
			.query(Integer.class)
			.single() > 0;
		if (known) {
			return;
		}
		// An erased contact's log keeps no replies (a server may echo the address).
		boolean erased = this.jdbc.sql("""
				SELECT COUNT(*) FROM contact
				WHERE erased_at IS NOT NULL AND id = (SELECT contact_id FROM outreach WHERE id = ?)""")
			.param(outreachId)
			.query(Integer.class)
			.single() > 0;
		@Nullable String reply = erased ? null : bounce.reason();
		this.jdbc.sql("""
				INSERT INTO attempt (outreach_id, attempted_at, node, outcome, smtp_code, smtp_reply, duration_ms)
				VALUES (?, ?, ?, ?, NULL, ?, 0)""")
			.params(outreachId, bounce.occurredAt().toEpochMilli(), this.node.value(), outcome, reply)
			.update();
		if (bounce.type() == BounceType.HARD) {
			this.jdbc.sql("""
					UPDATE outreach SET reason = ?, last_reply = COALESCE(?, last_reply), version = version + 1,
					       updated_at = ?
					WHERE id = ? AND partner_id = ? AND status = 'SENT'""")
				.params(BOUNCED, reply, this.clock.millis(), outreachId, bounce.partnerId())
				.update();
		}
		log.info("bounce recorded: partner={} outreach={} outcome={}", bounce.partnerId(), outreachId, outcome);
	}

}
