package io.gratitude.contact;

/**
 * A customer buys transactionally; a client has a long-term relationship with the
 * partner.
 */
public enum Relationship {

	CUSTOMER, CLIENT

}
