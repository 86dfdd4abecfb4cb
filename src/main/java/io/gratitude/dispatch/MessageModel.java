package io.gratitude.dispatch;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gratitude.contact.Contact;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.RelationshipChange;
import io.gratitude.outreach.OccasionCalendar;
import io.gratitude.outreach.Outreach;
import io.gratitude.partner.Partner;
import io.gratitude.program.Program;
import io.gratitude.program.Trigger;
import io.gratitude.sale.Sale;
import io.gratitude.template.LocaleChoice;
import io.gratitude.template.LocalizedText;
import org.jspecify.annotations.Nullable;

/**
 * Builds the plain-data model a template sees (documented in docs/templates.md): only
 * maps, strings, numbers and booleans, so that the sandbox has nothing to reach through.
 */
public final class MessageModel {

	private MessageModel() {
	}

	/**
	 * @param locale the locale of the template variant the message is rendered with (see
	 * {@link LocaleChoice#formatting}): dates and amounts are written its way, and the
	 * model's {@code locale} names it
	 */
	public static Map<String, Object> build(Outreach outreach, Contact contact, Partner partner, Program program,
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
				.filter(d -> program.dateKind() == d.kind()
						&& OccasionCalendar.occasionKey(d, date).equals(outreach.occasion()))
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

	/**
	 * Adds what the relationship lifecycle knows of the contact to a model built by
	 * {@link #build}: {@code contact.relationshipHistory} (oldest first: from, to, at,
	 * date text, reason), {@code contact.tenureMonths} and {@code tenureText} (since the
	 * first purchase or client-since, whichever came first),
	 * {@code contact.purchaseCount}, {@code contact.lifetimeSpendText} (each currency,
	 * "€120.00 + $40.00"), {@code contact.lastPurchase} (dateText, amountText,
	 * description) and {@code contact.atRisk}.
	 */
	@SuppressWarnings("unchecked")
	public static Map<String, Object> withLifecycle(Map<String, Object> model, Contact contact,
			ClientRecords.ClientRecord client, LocalDate today, ZoneId zone, Locale locale) {
		Map<String, Object> c = (Map<String, Object>) model.get("contact");
		List<Map<String, Object>> history = new ArrayList<>();
		for (int i = client.history().size() - 1; i >= 0; i--) {
			RelationshipChange change = client.history().get(i);
			Map<String, Object> entry = new LinkedHashMap<>();
			if (change.from() != null) {
				entry.put("from", change.from().name());
			}
			entry.put("to", change.to().name());
			LocalDate day = LocalDate.ofInstant(change.at(), zone);
			entry.put("at", day.toString());
			entry.put("dateText", DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).format(day));
			entry.put("reason", change.reasonText());
			entry.put("kind", change.reason().name());
			history.add(entry);
		}
		c.put("relationshipHistory", history);
		LocalDate start = (client.firstPurchaseAt() != null) ? LocalDate.ofInstant(client.firstPurchaseAt(), zone)
				: null;
		if (contact.clientSince() != null && (start == null || contact.clientSince().isBefore(start))) {
			start = contact.clientSince();
		}
		if (start != null && !start.isAfter(today)) {
			Period tenure = Period.between(start, today);
			c.put("tenureMonths", (int) tenure.toTotalMonths());
			c.put("tenureText", tenureText(tenure));
		}
		c.put("purchaseCount", client.purchaseCount());
		if (!client.spend().isEmpty()) {
			List<String> amounts = new ArrayList<>();
			client.spend().forEach((currency, amount) -> amounts.add(money(amount, currency, locale)));
			c.put("lifetimeSpendText", String.join(" + ", amounts));
		}
		Sale last = client.lastPurchase();
		if (last != null) {
			Map<String, Object> purchase = new LinkedHashMap<>();
			purchase.put("dateText", monthDay(LocalDate.ofInstant(last.occurredAt(), zone), locale));
			purchase.put("amountText", money(last.amount(), last.currency(), locale));
			putIfPresent(purchase, "description", last.description());
			c.put("lastPurchase", purchase);
		}
		c.put("atRisk", client.atRisk());
		return model;
	}

	/** "2 years and 3 months", "1 year", "5 months", "less than a month". */
	static String tenureText(Period tenure) {
		int years = tenure.getYears();
		int months = tenure.getMonths();
		String y = (years == 1) ? "1 year" : years + " years";
		String m = (months == 1) ? "1 month" : months + " months";
		if (years > 0 && months > 0) {
			return y + " and " + m;
		}
		if (years > 0) {
			return y;
		}
		return (months > 0) ? m : "less than a month";
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
