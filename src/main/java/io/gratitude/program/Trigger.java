package io.gratitude.program;

/** What starts a program's outreach. */
public enum Trigger {

	/** A recorded sale, after the program's delay. */
	AFTER_SALE,
	/**
	 * A contact's significant date of the program's kind, every year, with offset days.
	 */
	DATE,
	/** Every period since a client's client-since date. */
	CHECK_IN,
	/** A customer becoming a client. */
	PROMOTION,
	/** A one-off send to a segment. */
	CAMPAIGN

}
