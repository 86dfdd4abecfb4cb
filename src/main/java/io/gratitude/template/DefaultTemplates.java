package io.gratitude.template;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.gratitude.partner.Partner;
import io.gratitude.partner.PartnerEnrolled;
import io.gratitude.partner.Partners;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * The templates that ship in the repository's {@code templates/} folder (packaged under
 * {@code default-templates/}). They are checked by the sandbox at start (a broken default
 * fails the start, not a send) and copied to every new partner as published version 1,
 * with their variants in other languages ({@code templates/<key>/fr/}: French).
 */
@Component
public class DefaultTemplates {

	/** Template keys and their display names. */
	public static final Map<String, String> NAMES;

	static {
		Map<String, String> names = new LinkedHashMap<>();
		names.put("after-sale-thanks", "Thank you after a purchase");
		names.put("birthday", "Birthday greeting");
		names.put("client-anniversary", "Client anniversary");
		names.put("client-check-in", "Client check-in");
		names.put("client-welcome", "Welcome, new client");
		names.put("client-at-risk", "Personal check-in with a client at risk");
		names.put("staff-reminder", "Staff reminder of upcoming dates");
		NAMES = Collections.unmodifiableMap(names);
	}

	/**
	 * The languages default templates may ship variants in: templates/<key>/<locale>/.
	 */
	static final List<String> SHIPPED_LOCALES = List.of("fr");

	private final Map<String, TemplateSource> sources = new LinkedHashMap<>();

	/** The shipped variants: key, then locale. */
	private final Map<String, Map<String, TemplateSource>> variants = new LinkedHashMap<>();

	private final MessageTemplates templates;

	private final Partners partners;

	private final Clock clock;

	DefaultTemplates(SandboxedRenderer renderer, MessageTemplates templates, Partners partners, Clock clock)
			throws IOException {
		this.templates = templates;
		this.partners = partners;
		this.clock = clock;
		for (String key : NAMES.keySet()) {
			TemplateSource source = new TemplateSource(key + " (default)", read(key, "subject.ftl"),
					read(key, "html.ftl"), read(key, "text.ftl"));
			renderer.check(source);
			this.sources.put(key, source);
			for (String locale : SHIPPED_LOCALES) {
				String folder = key + "/" + locale;
				if (!new ClassPathResource("default-templates/" + folder + "/subject.ftl").exists()) {
					continue;
				}
				TemplateSource variant = new TemplateSource(key + " [" + locale + "] (default)",
						read(folder, "subject.ftl"), read(folder, "html.ftl"), read(folder, "text.ftl"));
				renderer.check(variant);
				this.variants.computeIfAbsent(key, (k) -> new LinkedHashMap<>()).put(locale, variant);
			}
		}
	}

	/** The shipped source of a default template. */
	public TemplateSource source(String key) {
		TemplateSource source = this.sources.get(key);
		if (source == null) {
			throw new IllegalArgumentException("no default template '" + key + "'");
		}
		return source;
	}

	/** The shipped variant of a default template in this language, if there is one. */
	public Optional<TemplateSource> source(String key, String locale) {
		return Optional.ofNullable(this.variants.getOrDefault(key, Map.of()).get(locale));
	}

	@EventListener
	void copyToNewPartner(PartnerEnrolled enrolled) {
		this.sources.forEach((key, source) -> {
			this.templates.createPublished(enrolled.partnerId(), key, MessageTemplates.BASE, NAMES.get(key), source,
					this.clock.instant());
			this.variants.getOrDefault(key, Map.of())
				.forEach((locale, variant) -> this.templates.createPublished(enrolled.partnerId(), key, locale,
						NAMES.get(key), variant, this.clock.instant()));
		});
	}

	/**
	 * Gives partners enrolled before a default template shipped (client-at-risk, issue 7)
	 * that template, as published version 1; a key the partner has is left alone. Safe
	 * when several nodes start at once (the key is unique per partner).
	 */
	@EventListener(ApplicationReadyEvent.class)
	void addMissingDefaults() {
		for (Partner partner : this.partners.findAll()) {
			this.sources.forEach((key, source) -> {
				if (!this.templates.exists(partner.id(), key)) {
					try {
						this.templates.createPublished(partner.id(), key, MessageTemplates.BASE, NAMES.get(key), source,
								this.clock.instant());
					}
					catch (DuplicateKeyException ex) {
						// Another node added it a moment ago.
					}
				}
			});
		}
	}

	private static String read(String key, String part) throws IOException {
		ClassPathResource resource = new ClassPathResource("default-templates/" + key + "/" + part);
		try (InputStream in = resource.getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
