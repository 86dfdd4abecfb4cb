package io.gratitude.outreach;

import java.util.Locale;

/** Why an outreach was SKIPPED, CANCELLED or FAILED without reaching the recipient. */
public enum SkipReason {

	/** Past the program's max lateness: never sent days after the date. */
	TOO_LATE,
	/** The contact opted out. */
	OPTED_OUT,
	/** The address is on the partner's suppression list. */
	SUPPRESSED,
	/** The contact's personal data was erased. */
	CONTACT_ERASED,
	/** The contact has no address to write to. */
	NO_ADDRESS,
	/** The contact no longer belongs to the program's audience. */
	NOT_IN_AUDIENCE,
	/** The program was disabled after the outreach was planned. */
	PROGRAM_DISABLED,
	/** The significant date changed after the outreach was planned. */
	DATE_CHANGED,
	/** The template failed to render (FAILED). */
	TEMPLATE_ERROR,
	/** The message could not be built from the rendered parts (FAILED). */
	INVALID_MESSAGE,
	/** The SMTP server refused the message for good (FAILED). */
	REJECTED,
	/** Transient failures lasted past the max lateness (FAILED). */
	RETRIES_EXHAUSTED,
	/**
	 * The partner's frequency cap: another message to the contact went, or a more
	 * important one is due, within the cap period, and waiting for the period to end
	 * would have been too late.
	 */
	CAPPED,
	/** Its campaign was cancelled before it was sent (CANCELLED). */
	CAMPAIGN_CANCELLED;

	public String code() {
		return name().toLowerCase(Locale.ROOT);
	}

}
