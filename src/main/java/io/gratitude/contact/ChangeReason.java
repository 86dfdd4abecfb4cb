package io.gratitude.contact;

/** What kind of change a {@link RelationshipChange} was. */
public enum ChangeReason {

	/** A contact written over the API (one PUT). */
	API,
	/** A contact written by a bulk write (JSON batch or CSV import). */
	IMPORT,
	/** A staff member changed it in the console. */
	STAFF,
	/** One of the partner's promotion rules promoted a customer. */
	PROMOTION_RULE,
	/** A client went the partner's at-risk period without a sale. */
	AT_RISK,
	/** A sale ended a client's at-risk episode. */
	ACTIVE_AGAIN

}
