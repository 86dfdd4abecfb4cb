package io.gratitude.outreach;

import java.time.Instant;

/**
 * Published, synchronously, at the end of every recovery run, whether or not it found an
 * expired lease: the point after which a batch in flight has either finished or been
 * returned to the queue. Campaigns listen to hold what such a batch put back for a paused
 * campaign.
 *
 * @param recovered how many rows this run returned from SENDING to RETRY
 * @param at when the run ended
 */
public record LeasesRecovered(int recovered, Instant at) {
}
