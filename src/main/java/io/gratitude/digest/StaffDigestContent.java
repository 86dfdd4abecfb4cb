package io.gratitude.digest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gratitude.contact.Contact;
import io.gratitude.contact.DateKind;
import io.gratitude.contact.Relationship;
import io.gratitude.partner.Partner;
import org.jspecify.annotations.Nullable;

/**
 * What one partner's staff digest of one local day says: the significant dates from that
 * day to {@code daysAhead} days later (both inclusive), each with a suggested gesture,
 * and the day before's notable events (new clients, failed messages). Turns into the
 * plain-data model of the {@code staff-reminder} template (docs/templates.md).
 */
public record StaffDigestContent(LocalDate day, int daysAhead, List<Upcoming> upcoming, Listed<Contact> newClients,
		Listed<Failure> failures) {

	/** How many new clients and failures are listed by name; the rest are counted. */
	static final int FIRST_FEW = 5;

	private static final DateTimeFormatter MONTH_DAY = DateTimeFormatter.ofPattern("MMMM d", Locale.ENGLISH);

	private static final DateTimeFormatter FULL_DAY = DateTimeFormatter.ofPattern("EEEE, MMMM d", Locale.ENGLISH);

	/** A date coming up. */
	public record Upcoming(Contact contact, DateKind kind, String label, LocalDate date, int daysUntil,
			@Nullable Integer years, int yearsAsClient, String suggestion) {

		boolean isClient() {
			return this.contact.relationship() == Relationship.CLIENT;
		}

		/** "Birthday", "Client anniversary", or the custom date's label. */
		public String what() {
			return switch (this.kind) {
				case BIRTHDAY -> "Birthday";
				case CLIENT_ANNIVERSARY -> "Client anniversary";
				case CUSTOM -> this.label.isEmpty() ? "Custom date" : this.label;
			};
		}

	}

	/** An outreach that failed. */
	public record Failure(long outreachId, @Nullable Contact contact, String program, @Nullable String reason) {
	}

	/** The first few of a list, and how many it has in all. */
	public record Listed<T>(List<T> first, long total) {

		static <T> Listed<T> none() {
			return new Listed<>(List.of(), 0);
		}

	}

	/**
	 * Whether there is nothing to report: no date coming up, no new client, no failure.
	 */
	public boolean isEmpty() {
		return this.upcoming.isEmpty() && this.newClients.total() == 0 && this.failures.total() == 0;
	}

	/** The day before, whose events are reported. */
	LocalDate yesterday() {
		return this.day.minusDays(1);
	}

	/** The date as the console and the digest show it: "Sunday, March 14". */
	public static String fullDay(LocalDate date) {
		return FULL_DAY.format(date);
	}

	/**
	 * The template model for one recipient.
	 * @param staffName the recipient's name, if the model is for a person
	 * @param consoleUrl the console's address, without a trailing slash
	 */
	Map<String, Object> model(Partner partner, @Nullable String staffName, String consoleUrl) {
		String partnerUrl = consoleUrl + "/partners/" + partner.id();
		Map<String, Object> model = new LinkedHashMap<>();
		Map<String, Object> p = new LinkedHashMap<>();
		p.put("name", partner.name());
		p.put("senderName", partner.senderName());
		p.put("senderEmail", partner.senderEmail());
		model.put("partner", p);
		if (staffName != null) {
			model.put("staff", Map.of("displayName", staffName));
		}
		model.put("days", this.daysAhead);
		model.put("date", this.day.toString());
		model.put("dateText", fullDay(this.day));
		model.put("consoleUrl", partnerUrl);
		model.put("upcoming", this.upcoming.stream().map(u -> {
			Map<String, Object> item = new LinkedHashMap<>();
			Map<String, Object> c = contact(u.contact(), partnerUrl);
			if (u.yearsAsClient() > 0) {
				c.put("yearsAsClient", u.yearsAsClient());
			}
			item.put("contact", c);
			item.put("kind", u.kind().name());
			if (!u.label().isEmpty()) {
				item.put("label", u.label());
			}
			item.put("date", u.date().toString());
			item.put("dateText", MONTH_DAY.format(u.date()));
			item.put("daysUntil", u.daysUntil());
			if (u.years() != null && u.years() > 0) {
				item.put("years", u.years());
			}
			item.put("suggestion", u.suggestion());
			return item;
		}).toList());
		Map<String, Object> yesterday = new LinkedHashMap<>();
		yesterday.put("date", yesterday().toString());
		yesterday.put("dateText", fullDay(yesterday()));
		yesterday.put("newClients", Map.of("count", this.newClients.total(), "items",
				this.newClients.first().stream().map(c -> contact(c, partnerUrl)).toList()));
		yesterday.put("failures",
				Map.of("count", this.failures.total(), "items", this.failures.first().stream().map(f -> {
					Map<String, Object> item = new LinkedHashMap<>();
					item.put("contact",
							(f.contact() != null) ? contact(f.contact(), partnerUrl) : Map.of("fullName", "(erased)"));
					item.put("program", f.program());
					if (f.reason() != null) {
						item.put("reason", f.reason());
					}
					item.put("url", partnerUrl + "/outreach/" + f.outreachId());
					return item;
				}).toList()));
		model.put("yesterday", yesterday);
		return model;
	}

	private static Map<String, Object> contact(Contact contact, String partnerUrl) {
		Map<String, Object> c = new LinkedHashMap<>();
		if (contact.firstName() != null) {
			c.put("firstName", contact.firstName());
		}
		c.put("fullName", contact.fullName());
		if (contact.email() != null) {
			c.put("email", contact.email());
		}
		c.put("isClient", contact.relationship() == Relationship.CLIENT);
		c.put("url", partnerUrl + "/contacts/"
				+ URLEncoder.encode(contact.externalRef(), StandardCharsets.UTF_8).replace("+", "%20"));
		return c;
	}

}
