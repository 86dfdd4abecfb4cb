package io.gratitude.digest;

import io.gratitude.contact.DateKind;

/**
 * The gesture the staff digest suggests for a date, by simple rules (documented in
 * docs/programs.md, "The staff digest"), the first that applies:
 * <ol>
 * <li>a long-standing or loyal contact gets <b>a small gift</b>: a client for
 * {@value #GIFT_YEARS} years or more on the date, or {@value #GIFT_PURCHASES} purchases
 * or more;</li>
 * <li>a client anniversary gets <b>a handwritten card</b>;</li>
 * <li>a client's birthday gets <b>a call</b>;</li>
 * <li>anything else (a customer's birthday, a custom date) gets <b>a handwritten
 * card</b>.</li>
 * </ol>
 * Pure.
 */
final class StaffDigestGestures {

	static final int GIFT_YEARS = 5;

	static final int GIFT_PURCHASES = 10;

	static final String GIFT = "a small gift";

	static final String CARD = "a handwritten card";

	static final String CALL = "a call";

	private StaffDigestGestures() {
	}

	/**
	 * @param kind the date's kind
	 * @param isClient whether the contact is a client
	 * @param yearsAsClient whole years as a client on the date, 0 when unknown
	 * @param purchases the contact's purchases so far
	 */
	static String suggest(DateKind kind, boolean isClient, int yearsAsClient, int purchases) {
		if ((isClient && yearsAsClient >= GIFT_YEARS) || purchases >= GIFT_PURCHASES) {
			return GIFT;
		}
		if (kind == DateKind.CLIENT_ANNIVERSARY) {
			return CARD;
		}
		if (kind == DateKind.BIRTHDAY && isClient) {
			return CALL;
		}
		return CARD;
	}

}
