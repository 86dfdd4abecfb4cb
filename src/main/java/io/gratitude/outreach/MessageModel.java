package io.gratitude.outreach;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Relationship;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.program.Trigger;
import io.gratitude.sale.Sale;
import io.gratitude.template.LocaleChoice;
import io.gratitude.template.LocalizedText;
import org.jspecify.annotations.Nullable;

/**
 * Builds the plain-data model a template sees (documented in README, "The template
 * model"): only maps, strings, numbers and booleans, so that the sandbox has nothing to
 * reach through.
 */
final class MessageModel {

	private MessageModel() {
	}

	/**
	 * @param locale the locale of the template variant the message is rendered with (see
	 * {@link LocaleChoice#formatting}): dates and amounts are written its way, and the
	 * model's {@code locale} names it
	 */
	static Map<String, Object> build(Outreach outreach, Contact contact, Partner partner, Program program,
			@Nullable Sale sale, int purchases, String unsubscribeUrl, LocalDate today, ZoneId zone, Locale locale) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("locale", locale.toLanguageTag());

		Map<String, Object> c = new LinkedHashMap<>();
		putIfPresent(c, "firstName", contact.firstName());
		putIfPresent(c, "lastName", contact.lastName());
		c.put("fullName", contact.fullName());
		c.put("email", contact.email());
		c.put("relationship", contact.relationship().name());
		c.put("isClient", contact.relationship() == Relationship.CLIENT);
		c.put("locale", Locale.forLanguageTag((contact.locale() != null) ? contact.locale() : partner.defaultLocale())
			.toLanguageTag());
		c.put("timeZone", zone.getId());
		if (contact.clientSince() != null) {
			c.put("clientSince", contact.clientSince().toString());
			c.put("yearsAsClient", Period.between(contact.clientSince(), today).getYears());
		}
		c.put("attributes", new LinkedHashMap<>(contact.attributes()));
		model.put("contact", c);

		Map<String, Object> p = new LinkedHashMap<>();
		p.put("name", partner.name());
		p.put("senderName", partner.senderName());
		p.put("senderEmail", partner.senderEmail());
		model.put("partner", p);

		Map<String, Object> occasion = new LinkedHashMap<>();
		occasion.put("key", outreach.occasion());
		occasion.put("kind", program.occasionKind());
		LocalDate date = outreach.occasionDate();
		if (date != null && program.trigger() != Trigger.AFTER_SALE) {
			occasion.put("date", date.toString());
			occasion.put("dateText", monthDay(date, locale));
			occasion.put("daysUntil", Math.max(0, ChronoUnit.DAYS.between(today, date)));
			contact.dates()
				.stream()
				.filter(d -> program.dateKind() == d.kind() && Planner.occasionKey(d, date).equals(outreach.occasion()))
				.findFirst()
				.ifPresent(d -> {
					if (!d.label().isEmpty()) {
						occasion.put("label", d.label());
					}
					Integer years = OccasionCalendar.yearsOn(d.year(), date);
					if (years != null && years > 0) {
						occasion.put("years", years);
					}
				});
		}
		model.put("occasion", occasion);

		if (sale != null) {
			Map<String, Object> s = new LinkedHashMap<>();
			s.put("ref", sale.externalRef());
			putIfPresent(s, "description", sale.description());
			s.put("amount", sale.amount().toPlainString());
			s.put("currency", sale.currency());
			s.put("amountText", money(sale.amount(), sale.currency(), locale));
			s.put("dateText", monthDay(LocalDate.ofInstant(sale.occurredAt(), zone), locale));
			model.put("sale", s);
		}
		model.put("purchases", Map.of("count", purchases));
		model.put("program", Map.of("key", program.key(), "name", program.name()));
		model.put("unsubscribeUrl", unsubscribeUrl);
		return model;
	}

	private static String monthDay(LocalDate date, Locale locale) {
		// "March 14" in English, "14 mars" in French.
		return LocalizedText.monthDay(date, locale);
	}

	private static String money(BigDecimal amount, String currency, Locale locale) {
		return LocalizedText.money(amount, currency, locale);
	}

	private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
