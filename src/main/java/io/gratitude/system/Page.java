package io.gratitude.system;

import java.util.List;

/**
 * One page of a list answer: {@code {"items":[…],"page":0,"size":50,"total":123}}. Pages
 * are 0-based and lists have a stable order, so paging through them never skips nor
 * repeats.
 */
public record Page<T>(List<T> items, int page, int size, long total) {

	/** Page size when a request gives none. */
	public static final int DEFAULT_SIZE = 50;

	/** Largest page size a request may ask for. */
	public static final int MAX_SIZE = 500;

	/** A validated page request. */
	public record Request(int page, int size) {

		public Request {
			if (page < 0) {
				throw new InvalidField("page", "page must be 0 or more");
			}
			if (size < 1 || size > MAX_SIZE) {
				throw new InvalidField("size", "size must be between 1 and " + MAX_SIZE);
			}
		}

		/** Rows to skip. */
		public long offset() {
			return (long) this.page * this.size;
		}

	}

}
