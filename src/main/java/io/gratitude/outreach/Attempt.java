package io.gratitude.outreach;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/** One delivery try of an outreach. */
public record Attempt(Instant at, String node, String outcome, @Nullable Integer smtpCode, @Nullable String smtpReply,
		long durationMs) {
}
