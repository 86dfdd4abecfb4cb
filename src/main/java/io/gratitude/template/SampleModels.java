package io.gratitude.template;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Sample data a template is rendered with before it is published: every value of the
 * template model (docs/templates.md) present and plausible, so that a template which
 * reaches for anything else fails here rather than at send time. Plain maps, lists,
 * strings, numbers and booleans only, as the sandbox demands.
 */
public final class SampleModels {

	static final String STAFF_REMINDER = "staff-reminder";

	private SampleModels() {
	}

	/**
	 * The model for the template with this key: the staff model for
	 * {@code staff-reminder}, the contact-facing one (a sale and a dated occasion at
	 * once) for every other key.
	 */
	public static Map<String, Object> forTemplate(String key, String name) {
		return STAFF_REMINDER.equals(key) ? staffReminder() : contactFacing(key, name);
	}

	/**
	 * The model for a variant: as {@link #forTemplate(String, String)}, with the dates
	 * and amounts of a variant in a language formatted for its locale (and {@code locale}
	 * set to it).
	 */
	public static Map<String, Object> forTemplate(MessageTemplate template) {
		Map<String, Object> model = forTemplate(template.key(), template.name());
		if (template.isBase()) {
			return model;
		}
		return localized(model, Locale.forLanguageTag(template.locale()));
	}

	/** The sample model with its dates and amounts formatted for the locale. */
	@SuppressWarnings("unchecked")
	static Map<String, Object> localized(Map<String, Object> model, Locale locale) {
		Map<String, Object> copy = new LinkedHashMap<>(model);
		copy.put("locale", locale.toLanguageTag());
		if (copy.get("occasion") instanceof Map<?, ?> occasion) {
			Map<String, Object> o = new LinkedHashMap<>((Map<String, Object>) occasion);
			o.put("dateText", LocalizedText.monthDay(LocalDate.of(2027, 3, 14), locale));
			copy.put("occasion", o);
		}
		if (copy.get("sale") instanceof Map<?, ?> sale) {
			Map<String, Object> s = new LinkedHashMap<>((Map<String, Object>) sale);
			s.put("amountText", LocalizedText.money(new BigDecimal("42.50"), "EUR", locale));
			s.put("dateText", LocalizedText.monthDay(LocalDate.of(2027, 3, 10), locale));
			copy.put("sale", s);
		}
		if (copy.get("contact") instanceof Map<?, ?> contact) {
			Map<String, Object> c = new LinkedHashMap<>((Map<String, Object>) contact);
			c.put("locale", locale.toLanguageTag());
			copy.put("contact", c);
		}
		return copy;
	}

	static Map<String, Object> contactFacing(String programKey, String programName) {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("contact", anaLima());
		model.put("partner", partner());
		Map<String, Object> occasion = new LinkedHashMap<>();
		occasion.put("key", "sale:ORD-991");
		occasion.put("kind", occasionKind(programKey));
		occasion.put("date", "2027-03-14");
		occasion.put("dateText", "March 14");
		occasion.put("label", "Wedding anniversary");
		occasion.put("years", 5);
		occasion.put("daysUntil", 3);
		model.put("occasion", occasion);
		Map<String, Object> sale = new LinkedHashMap<>();
		sale.put("ref", "ORD-991");
		sale.put("description", "a sourdough loaf and two croissants");
		sale.put("amount", "42.50");
		sale.put("currency", "EUR");
		sale.put("amountText", "€42.50");
		sale.put("dateText", "March 10");
		model.put("sale", sale);
		model.put("purchases", Map.of("count", 3));
		model.put("program", Map.of("key", programKey, "name", programName));
		model.put("unsubscribeUrl", "https://gratitude.example/unsubscribe/sample-token");
		model.put("locale", "en");
		return model;
	}

	static Map<String, Object> staffReminder() {
		Map<String, Object> model = new LinkedHashMap<>();
		model.put("partner", partner());
		model.put("days", 7);
		model.put("upcoming",
				List.of(upcoming(anaLima(), "BIRTHDAY", null, "2027-03-14", "March 14", 0, 37, "a call"),
						upcoming(contact("Ben", "Carter", "ben.carter@example.com", false, null), "CUSTOM",
								"Wedding anniversary", "2027-03-15", "March 15", 1, 10, "a handwritten card"),
						upcoming(contact("Chloé", "Martin", "chloe.martin@example.com", true, 5), "CLIENT_ANNIVERSARY",
								null, "2027-03-17", "March 17", 3, 5, "a small gift")));
		// What the staff digest adds (docs/programs.md, "The staff digest"): the
		// recipient, the
		// day,
		// links to the console and yesterday's events.
		model.put("staff", Map.of("displayName", "Sam"));
		model.put("date", "2027-03-14");
		model.put("dateText", "Sunday, March 14");
		model.put("consoleUrl", "https://gratitude.example/console/partners/1");
		Map<String, Object> dan = contact("Dan", "Ng", "dan.ng@example.com", true, null);
		dan.put("url", "https://gratitude.example/console/partners/1/contacts/dan-ng");
		Map<String, Object> failure = new LinkedHashMap<>();
		failure.put("contact", contact("Eve", "Park", "eve.park@example.com", false, null));
		failure.put("program", "Thank you after a purchase");
		failure.put("reason", "smtp_permanent");
		failure.put("url", "https://gratitude.example/console/partners/1/outreach/42");
		model.put("yesterday", Map.of("date", "2027-03-13", "dateText", "Saturday, March 13", "newClients",
				Map.of("count", 1, "items", List.of(dan)), "failures", Map.of("count", 1, "items", List.of(failure))));
		return model;
	}

	private static String occasionKind(String programKey) {
		return switch (programKey) {
			case "after-sale-thanks" -> "AFTER_SALE";
			case "birthday" -> "BIRTHDAY";
			case "client-anniversary" -> "CLIENT_ANNIVERSARY";
			case "client-check-in" -> "CHECK_IN";
			case "client-welcome" -> "WELCOME";
			case "client-at-risk" -> "AT_RISK";
			default -> "CUSTOM";
		};
	}

	private static Map<String, Object> anaLima() {
		Map<String, Object> contact = new LinkedHashMap<>();
		contact.put("firstName", "Ana");
		contact.put("lastName", "Lima");
		contact.put("fullName", "Ana Lima");
		contact.put("email", "ana.lima@example.com");
		contact.put("relationship", "CLIENT");
		contact.put("isClient", true);
		contact.put("locale", "en");
		contact.put("timeZone", "Europe/Lisbon");
		contact.put("clientSince", "2022-03-14");
		contact.put("yearsAsClient", 5);
		contact.put("attributes", Map.of("favourite", "sourdough"));
		contact.put("relationshipHistory",
				List.of(change(null, "CUSTOMER", "2021-11-02", "November 2, 2021", "Changed over the API", "API"),
						change("CUSTOMER", "CLIENT", "2022-03-14", "March 14, 2022",
								"3rd purchase (rule: a client from the 3rd purchase)", "PROMOTION_RULE")));
		contact.put("tenureMonths", 64);
		contact.put("tenureText", "5 years and 4 months");
		contact.put("purchaseCount", 3);
		contact.put("lifetimeSpendText", "€312.40");
		contact.put("lastPurchase", Map.of("dateText", "March 10", "amountText", "€42.50", "description",
				"a sourdough loaf and two croissants"));
		contact.put("atRisk", false);
		return contact;
	}

	private static Map<String, Object> change(@Nullable String from, String to, String at, String dateText,
			String reason, String kind) {
		Map<String, Object> change = new LinkedHashMap<>();
		if (from != null) {
			change.put("from", from);
		}
		change.put("to", to);
		change.put("at", at);
		change.put("dateText", dateText);
		change.put("reason", reason);
		change.put("kind", kind);
		return change;
	}

	/** A contact as the staff model has it: fewer fields than the contact-facing one. */
	private static Map<String, Object> contact(String firstName, String lastName, String email, boolean isClient,
			@Nullable Integer yearsAsClient) {
		Map<String, Object> contact = new LinkedHashMap<>();
		contact.put("firstName", firstName);
		contact.put("fullName", firstName + " " + lastName);
		contact.put("email", email);
		contact.put("isClient", isClient);
		if (yearsAsClient != null) {
			contact.put("yearsAsClient", yearsAsClient);
		}
		return contact;
	}

	private static Map<String, Object> upcoming(Map<String, Object> contact, String kind, @Nullable String label,
			String date, String dateText, int daysUntil, int years, String suggestion) {
		Map<String, Object> item = new LinkedHashMap<>();
		item.put("contact", contact);
		item.put("kind", kind);
		if (label != null) {
			item.put("label", label);
		}
		item.put("date", date);
		item.put("dateText", dateText);
		item.put("daysUntil", daysUntil);
		item.put("years", years);
		item.put("suggestion", suggestion);
		return item;
	}

	private static Map<String, Object> partner() {
		return Map.of("name", "Rosa's Bakery", "senderName", "Rosa at Rosa's Bakery", "senderEmail",
				"hello@rosas-bakery.example");
	}

}
