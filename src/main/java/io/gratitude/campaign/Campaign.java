package io.gratitude.campaign;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A one-off send of a template to a segment (e.g. Customer Appreciation Month). Its
 * outreach rows belong to its own CAMPAIGN program ({@code programId}, key
 * {@code campaign-<key>}), one per contact with the occasion {@code campaign:<key>}.
 *
 * @param segmentSize how many contacts the start planned for; null before the start
 */
public record Campaign(long id, long partnerId, String key, long programId, String programKey, String name,
		String templateKey, CampaignState state, CampaignSegment segment, CampaignSchedule schedule,
		@Nullable Integer segmentSize, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant pausedAt) {

	/** The occasion key of the campaign's outreach rows. */
	public String occasion() {
		return "campaign:" + this.key;
	}

	/**
	 * How far a campaign's messages have got.
	 *
	 * @param planned waiting or being sent (SCHEDULED, RETRY, SENDING)
	 * @param held waiting for the campaign to resume (HELD)
	 */
	public record Progress(long planned, long held, long sent, long failed, long skipped, long cancelled) {

		public long total() {
			return this.planned + this.held + this.sent + this.failed + this.skipped + this.cancelled;
		}

		/** Whether nothing is left to send. */
		public boolean finished() {
			return this.planned == 0 && this.held == 0;
		}

		/** A share of the total, in percent for a progress bar. */
		public double percent(long part) {
			return (total() == 0) ? 0 : 100.0 * part / total();
		}

	}

}
