package io.gratitude.contact;

import java.util.Map;

import io.gratitude.system.ErasedValues;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Replaces, once at start-up, the plain SHA-256 of an old reference that earlier versions
 * kept for each erased contact by its keyed digest: a plain hash of a reference can be
 * checked against a guess, so it is personal data. The keyed digest is computed from the
 * plain hash (see {@link ContactBook#legacyRefHash}), so the reference is not needed.
 * Safe when several nodes start at once: each row changes only from its plain value.
 */
@Component
class ErasedRefUpgrade {

	private static final Logger log = LoggerFactory.getLogger(ErasedRefUpgrade.class);

	private final Contacts contacts;

	private final ErasedValues erasedValues;

	ErasedRefUpgrade(Contacts contacts, ErasedValues erasedValues) {
		this.contacts = contacts;
		this.erasedValues = erasedValues;
	}

	@EventListener(ApplicationReadyEvent.class)
	void upgrade() {
		Map<Long, String> unkeyed = this.contacts.unkeyedErasedRefs();
		unkeyed.forEach((id, hash) -> this.contacts.upgradeErasedRef(id, hash, this.erasedValues.keyed(hash)));
		if (!unkeyed.isEmpty()) {
			log.info("erased references: {} plain hashes replaced by keyed ones", unkeyed.size());
		}
	}

}
