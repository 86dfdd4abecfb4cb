package io.gratitude.system;

/** A request body over {@code gratitude.api.max-body-size}: answered 413. */
class PayloadTooLarge extends RuntimeException {

	PayloadTooLarge(long limit) {
		super("The request body is larger than " + limit + " bytes; send fewer rows per request.");
	}

}
