package io.gratitude.campaign;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a campaign: DRAFT → STARTING (its outreach rows are being written) →
 * RUNNING ⇄ PAUSED, and CANCELLED from any of them. A start interrupted in STARTING is
 * finished by starting again.
 */
public enum CampaignState {

	DRAFT, STARTING, RUNNING, PAUSED, CANCELLED;

	private Set<CampaignState> next() {
		return switch (this) {
			case DRAFT -> EnumSet.of(STARTING, CANCELLED);
			// STARTING again: a start interrupted half-way is repeated.
			case STARTING -> EnumSet.of(STARTING, RUNNING, CANCELLED);
			case RUNNING -> EnumSet.of(PAUSED, CANCELLED);
			case PAUSED -> EnumSet.of(RUNNING, CANCELLED);
			case CANCELLED -> EnumSet.noneOf(CampaignState.class);
		};
	}

	/** Whether a campaign in this state may move to {@code target}. */
	public boolean canBecome(CampaignState target) {
		return next().contains(target);
	}

}
