package io.gratitude.program;

import io.gratitude.contact.Relationship;

/** Which contacts a program addresses. */
public enum Audience {

	CUSTOMER, CLIENT, ANY;

	/** Whether a contact with this relationship belongs to the audience. */
	public boolean includes(Relationship relationship) {
		return this == ANY || name().equals(relationship.name());
	}

}
