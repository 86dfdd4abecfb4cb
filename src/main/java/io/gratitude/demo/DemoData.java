package io.gratitude.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import io.gratitude.contact.ContactBook;
import io.gratitude.contact.ContactData;
import io.gratitude.contact.DateKind;
import io.gratitude.contact.Relationship;
import io.gratitude.contact.SignificantDate;
import io.gratitude.partner.LeapDayPolicy;
import io.gratitude.partner.NewPartner;
import io.gratitude.partner.PartnerEnrollment;
import io.gratitude.partner.Partners;
import io.gratitude.partner.SendWindow;
import io.gratitude.program.Programs;
import io.gratitude.sale.NewSale;
import io.gratitude.sale.SaleRecording;
import io.gratitude.staff.StaffRole;
import io.gratitude.staff.StaffUsers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Seeds the zero-set-up run once: Rosa's Bakery with three contacts, one with a birthday
 * today, one whose client anniversary is today and one who bought something a minute ago.
 * The contacts live in a time zone where it is now early afternoon, so that today's
 * greetings are inside the send window and go out within seconds of the start, whatever
 * the server's own time.
 */
@Component
@ConditionalOnProperty(name = "gratitude.demo.enabled", havingValue = "true")
class DemoData {

	static final String PARTNER_NAME = "Rosa's Bakery";

	/**
	 * The demo's console user, a partner admin of the demo partner (docs/console.md).
	 */
	static final String STAFF_EMAIL = "rosa@rosas-bakery.example";

	static final String STAFF_PASSWORD = "thank-you-rosa";

	private static final Logger log = LoggerFactory.getLogger(DemoData.class);

	// Zones from UTC-10 to UTC+14, one per hour: at any instant one of them is in
	// 10:00–17:00.
	private static final List<String> ZONES = List.of("Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles",
			"America/Denver", "America/Chicago", "America/New_York", "America/Halifax", "America/Sao_Paulo",
			"Atlantic/South_Georgia", "Atlantic/Azores", "Atlantic/Reykjavik", "Europe/Lisbon", "Europe/Paris",
			"Europe/Athens", "Europe/Moscow", "Asia/Dubai", "Asia/Karachi", "Asia/Dhaka", "Asia/Bangkok",
			"Asia/Singapore", "Asia/Tokyo", "Australia/Brisbane", "Pacific/Noumea", "Pacific/Auckland",
			"Pacific/Tongatapu", "Pacific/Kiritimati");

	private final Partners partners;

	private final PartnerEnrollment enrollment;

	private final ContactBook contacts;

	private final SaleRecording sales;

	private final Programs programs;

	private final StaffUsers staff;

	private final Clock clock;

	private final Path dataDir;

	DemoData(Partners partners, PartnerEnrollment enrollment, ContactBook contacts, SaleRecording sales,
			Programs programs, StaffUsers staff, Clock clock, @Value("${gratitude.data-dir:./data}") Path dataDir) {
		this.partners = partners;
		this.enrollment = enrollment;
		this.contacts = contacts;
		this.sales = sales;
		this.programs = programs;
		this.staff = staff;
		this.clock = clock;
		this.dataDir = dataDir;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Transactional
	public void seedOnce() throws IOException {
		var existing = this.partners.findByName(PARTNER_NAME);
		if (existing.isPresent()) {
			ensureStaffUser(existing.get().id());
			log.info("Demo partner '{}' exists already; its messages were sent on an earlier start", PARTNER_NAME);
			return;
		}
		Instant now = this.clock.instant();
		ZoneId zone = afternoonZone(now);
		LocalDate today = LocalDate.ofInstant(now, zone);
		PartnerEnrollment.Enrolled enrolled = this.enrollment.enroll(new NewPartner(PARTNER_NAME,
				"rosa@rosas-bakery.example", "Rosa at Rosa's Bakery", "hello@rosas-bakery.example", zone,
				new SendWindow(LocalTime.of(9, 0), LocalTime.of(18, 0)), LeapDayPolicy.FEB_28));
		long partnerId = enrolled.partner().id();
		// The demo's thank-you goes a minute after the sale rather than the default two
		// hours.
		this.programs.findByKey(partnerId, "after-sale-thanks")
			.ifPresent(p -> this.programs.update(p.withDelay(Duration.ofMinutes(1)), now));

		this.contacts.upsert(partnerId,
				new ContactData("cust-ana", "ana.lima@example.com", "Ana", "Lima", Relationship.CUSTOMER, zone.getId(),
						"en", null, Map.of("favourite", "pastel de nata"),
						List.of(new SignificantDate(DateKind.BIRTHDAY, today.getMonthValue(), today.getDayOfMonth(),
								1990, ""))));
		this.contacts.upsert(partnerId, new ContactData("client-chloe", "chloe.dubois@example.com", "Chloé", "Dubois",
				Relationship.CLIENT, zone.getId(), "en", today.minusYears(5), Map.of(), null));
		this.contacts.upsert(partnerId, new ContactData("cust-ben", "ben.carter@example.com", "Ben", "Carter",
				Relationship.CUSTOMER, zone.getId(), "en", null, Map.of(), null));
		seedRegulars(partnerId, zone, today);
		this.sales.recordSale(partnerId, new NewSale("ORD-1001", "cust-ben", new BigDecimal("14.50"), "EUR",
				now.minus(Duration.ofMinutes(1)), "a sourdough loaf and two almond croissants"));

		ensureStaffUser(partnerId);
		Files.createDirectories(this.dataDir);
		Files.writeString(this.dataDir.resolve("demo-api-key"), enrolled.apiKey() + "\n", StandardCharsets.UTF_8);
		log.info("Demo partner '{}' enrolled in {} (local time {}): a birthday, a client anniversary and a sale are "
				+ "being thanked now. API key in {}; see the mail at GET /api/v1/outbox (admin token) or over IMAP "
				+ "on 127.0.0.1:3143. Console: /console, {} / {}", PARTNER_NAME, zone,
				now.atZone(zone).toLocalTime().withNano(0), this.dataDir.resolve("demo-api-key"), STAFF_EMAIL,
				STAFF_PASSWORD);
	}

	/**
	 * A dozen regulars whose birthdays and client anniversaries fall in the coming weeks,
	 * so that the console's forecast, dashboard and contact list have something to show.
	 * None of them is due today.
	 */
	private void seedRegulars(long partnerId, ZoneId zone, LocalDate today) {
		String[][] regulars = { { "Maya", "Okafor", "client", "3" }, { "Luca", "Bianchi", "customer", "5" },
				{ "Sofia", "Haddad", "client", "8" }, { "Kenji", "Watanabe", "customer", "11" },
				{ "Amara", "Nwosu", "client", "13" }, { "Jonas", "Berg", "customer", "16" },
				{ "Priya", "Raman", "client", "19" }, { "Tomás", "Ortega", "customer", "22" },
				{ "Elif", "Demir", "client", "24" }, { "Noah", "Schmidt", "customer", "27" },
				{ "Aiko", "Tanaka", "client", "33" }, { "Zoe", "Martin", "customer", "40" } };
		for (String[] regular : regulars) {
			String first = regular[0];
			String last = regular[1];
			boolean client = regular[2].equals("client");
			LocalDate date = today.plusDays(Long.parseLong(regular[3]));
			String ref = (client ? "client-" : "cust-") + first.toLowerCase(java.util.Locale.ROOT).replace("á", "a");
			String email = ref.substring(ref.indexOf('-') + 1) + "." + last.toLowerCase(java.util.Locale.ROOT)
					+ "@example.com";
			List<SignificantDate> dates = client ? null : List.of(new SignificantDate(DateKind.BIRTHDAY,
					date.getMonthValue(), date.getDayOfMonth(), 1970 + Math.floorMod(first.hashCode(), 35), ""));
			this.contacts.upsert(partnerId,
					new ContactData(ref, email, first, last, client ? Relationship.CLIENT : Relationship.CUSTOMER,
							zone.getId(), "en", client ? date.minusYears(1 + Math.floorMod(last.hashCode(), 6)) : null,
							Map.of(), dates));
		}
	}

	private void ensureStaffUser(long partnerId) {
		if (this.staff.findByEmail(STAFF_EMAIL).isEmpty()) {
			this.staff.create(partnerId, STAFF_EMAIL, "Rosa Almeida", StaffRole.PARTNER_ADMIN, STAFF_PASSWORD);
		}
	}

	static ZoneId afternoonZone(Instant now) {
		for (String id : ZONES) {
			ZoneId zone = ZoneId.of(id);
			int hour = now.atZone(zone).getHour();
			if (hour >= 10 && hour < 17) {
				return zone;
			}
		}
		return ZoneId.of("UTC");
	}

}
