package io.gratitude.program;

/** What starts a program's outreach. */
public enum Trigger {

	/** A recorded sale, after the program's delay. */
	AFTER_SALE,
	/**
	 * A contact's significant date of the program's kind, every year, with offset days.
	 */
	DATE,
	/**
	 * Every period since a client's last activity: its latest outreach sent, its latest
	 * sale, or its client-since date.
	 */
	CHECK_IN,
	/** A customer becoming a client. */
	PROMOTION,
	/** A one-off send to a segment. */
	CAMPAIGN,
	/**
	 * A client's going the partner's at-risk period without a sale: once per at-risk
	 * episode, after the program's delay.
	 */
	AT_RISK

}
