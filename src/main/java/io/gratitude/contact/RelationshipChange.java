package io.gratitude.contact;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One entry of a contact's relationship history: a change of relationship, or the start
 * or end of an at-risk episode (where {@code from} and {@code to} are both CLIENT).
 *
 * @param from the relationship before, null when the contact was created with {@code to}
 * @param reasonText why, in words ("3rd purchase", "Made a client by staff")
 * @param actor who: {@code api}, {@code import:csv}, {@code import:batch},
 * {@code staff:<email>}, {@code rule:purchase-count}, {@code rule:lifetime-spend},
 * {@code rule:tenure}, {@code at-risk-review}, {@code sale:<ref>}
 */
public record RelationshipChange(@Nullable Relationship from, Relationship to, Instant at, ChangeReason reason,
		String reasonText, String actor) {

	/** What a change was made by, and why: the part of a change its caller knows. */
	public record Origin(ChangeReason reason, String text, String actor) {

		public Origin {
			text = (text.length() > 300) ? text.substring(0, 300) : text;
			actor = (actor.length() > 340) ? actor.substring(0, 340) : actor;
		}

		/** A change over the API. */
		public static final Origin API = new Origin(ChangeReason.API, "Changed over the API", "api");

		/** A change by a staff member in the console. */
		public static Origin staff(String email, Relationship to) {
			return new Origin(ChangeReason.STAFF,
					(to == Relationship.CLIENT) ? "Made a client by staff" : "Made a customer by staff",
					"staff:" + email);
		}

	}

}
