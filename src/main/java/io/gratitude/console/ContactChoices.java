package io.gratitude.console;

import io.gratitude.contact.Contacts;
import io.gratitude.system.Page;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The template editor's contact picker: a few of the partner's contacts (never erased
 * ones) whose name, email or reference contains what staff typed, through the contact
 * list's own search.
 */
@Component
class ContactChoices {

	private final Contacts contacts;

	ContactChoices(Contacts contacts) {
		this.contacts = contacts;
	}

	/** A contact to preview with: its reference, a display name and its email. */
	record Choice(String ref, String name, @Nullable String email) {
	}

	/**
	 * Up to {@code limit} matching contacts of the partner; empty query: the first ones.
	 */
	List<Choice> search(long partnerId, String query, int limit) {
		String text = query.strip();
		return this.contacts
			.findPage(partnerId, new Contacts.Filter(null, text.isEmpty() ? null : text, null, false),
					new Page.Request(0, limit))
			.items()
			.stream()
			.map((contact) -> new Choice(contact.externalRef(), contact.fullName(), contact.email()))
			.toList();
	}

}
