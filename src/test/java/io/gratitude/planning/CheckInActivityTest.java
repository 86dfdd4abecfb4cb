package io.gratitude.planning;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.partner.Partner;
import io.gratitude.partner.Partners;
import io.gratitude.program.Program;
import io.gratitude.program.Programs;
import io.gratitude.program.Trigger;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check-in is counted from the client's last activity: its latest sale or message sent,
 * else its client-since date. Read by contact for a few clients, and by one grouped pass
 * over the partner's sends and sales beyond {@link OccasionFinder#BY_KEY} clients: both
 * ways must find the same check-ins.
 */
class CheckInActivityTest extends IntegrationTest {

	private static final Instant FROM = Instant.parse("2027-03-31T00:00:00Z");

	private static final Instant UNTIL = Instant.parse("2027-05-05T00:00:00Z");

	@Autowired
	OccasionFinder occasions;

	@Autowired
	Partners partners;

	@Autowired
	Programs programs;

	@Autowired
	JdbcClient jdbc;

	@Test
	void aFewClientsCountTheirCheckInsFromTheirLastSaleOrMessage() {
		threeClients();

		assertThat(checkIns()).containsExactlyInAnyOrder("quiet check-in@2027-04-01", "bought check-in@2027-04-20",
				"thanked check-in@2027-05-02");
	}

	@Test
	void manyClientsFindTheSameCheckInsThroughOnePassOverTheirActivity() {
		threeClients();
		// Enough clients more for the grouped reads, each with a sale on 2027-03-30:
		// their
		// next check-in (2027-06-28) is beyond the window.
		long since = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
		long sold = Instant.parse("2027-03-30T10:00:00Z").toEpochMilli();
		List<Long> fillers = new ArrayList<>();
		for (int i = 0; i < OccasionFinder.BY_KEY; i++) {
			fillers.add(client("filler-" + i, since, sold));
		}

		assertThat(checkIns()).containsExactlyInAnyOrder("quiet check-in@2027-04-01", "bought check-in@2027-04-20",
				"thanked check-in@2027-05-02");
		List<Long> all = new ArrayList<>(fillers);
		all.addAll(
				this.jdbc.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref IN ('bought', 'thanked')")
					.param(this.partnerId)
					.query(Long.class)
					.list());
		Map<Long, Instant> grouped = this.occasions.lastActivityOfMany(this.partnerId, all);
		assertThat(grouped).hasSize(all.size()).isEqualTo(this.occasions.lastActivityAt(this.partnerId, all));
		assertThat(grouped).containsEntry(fillers.get(0), Instant.ofEpochMilli(sold));
	}

	/**
	 * Clients since 2027-01-01 under the default 90-day check-in: one with no activity
	 * (check-in on 2027-04-01), one that bought on 2027-01-20 (2027-04-20), and one that
	 * bought then and was sent a message on 2027-02-01 (2027-05-02). Another partner's
	 * later message to the same address counts for nothing here.
	 */
	private void threeClients() {
		Api other = enroll("UTC", "09:00", "18:00");
		long otherId = this.partnerId;
		assertThat(other.put("/api/v1/contacts/thanked",
				"{\"email\":\"thanked@checkin.example\",\"relationship\":\"CLIENT\",\"clientSince\":\"2027-01-01\"}")
			.status()).isIn(200, 201);
		sent(otherId, "thanked", Instant.parse("2027-03-01T10:00:00Z"));
		Api shop = enroll("UTC", "09:00", "18:00");
		for (String ref : List.of("quiet", "bought", "thanked")) {
			assertThat(shop
				.put("/api/v1/contacts/" + ref,
						"""
								{"email":"%s","relationship":"CLIENT","timeZone":"UTC","clientSince":"2027-01-01"}"""
							.formatted(ref + "@checkin.example"))
				.status()).isIn(200, 201);
			if (!ref.equals("quiet")) {
				assertThat(shop.post("/api/v1/sales", """
						{"externalRef":"S-%s","contactRef":"%s","amount":5,"currency":"EUR",
						 "occurredAt":"2027-01-20T09:00:00Z"}""".formatted(ref, ref)).status()).isEqualTo(201);
			}
		}
		sent(this.partnerId, "thanked", Instant.parse("2027-02-01T10:00:00Z"));
	}

	/** A SENT message to the contact, as the dispatcher records one. */
	private void sent(long partner, String ref, Instant at) {
		long contact = this.jdbc.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref = ?")
			.params(partner, ref)
			.query(Long.class)
			.single();
		long program = this.programs.findEnabled(partner, Trigger.CHECK_IN).get(0).id();
		this.jdbc.sql("""
				INSERT INTO outreach (partner_id, program_id, contact_id, occasion, status, due_at, expires_at,
				                      sent_at, message_id, created_at, updated_at)
				VALUES (?, ?, ?, 'test:sent', 'SENT', ?, ?, ?, ?, ?, ?)""")
			.params(partner, program, contact, at.toEpochMilli(), at.toEpochMilli() + 86_400_000L, at.toEpochMilli(),
					"<sent-" + contact + "@checkin.example>", at.toEpochMilli(), at.toEpochMilli())
			.update();
	}

	/** A client written straight to the tables, with its client-since date and a sale. */
	private long client(String ref, long since, long sold) {
		this.jdbc
			.sql("""
					INSERT INTO contact (partner_id, external_ref, email, relationship, client_since, created_at, updated_at)
					VALUES (?, ?, ?, 'CLIENT', DATE '2026-01-01', ?, ?)""")
			.params(this.partnerId, ref, ref + "@checkin.example", since, since)
			.update();
		long id = this.jdbc.sql("SELECT id FROM contact WHERE partner_id = ? AND external_ref = ?")
			.params(this.partnerId, ref)
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				INSERT INTO significant_date (partner_id, contact_id, kind, label, date_month, date_day, date_year)
				VALUES (?, ?, 'CLIENT_ANNIVERSARY', '', 1, 1, 2026)""").params(this.partnerId, id).update();
		this.jdbc.sql("""
				INSERT INTO sale (partner_id, contact_id, external_ref, amount, currency, occurred_at, request_hash,
				                  created_at)
				VALUES (?, ?, ?, 5, 'EUR', ?, 'check-in-test', ?)""")
			.params(this.partnerId, id, "S-" + ref, sold, sold)
			.update();
		return id;
	}

	/** The check-ins found in the window, as "contact-ref occasion". */
	private List<String> checkIns() {
		Partner partner = this.partners.findById(this.partnerId).orElseThrow();
		Program program = this.programs.findEnabled(this.partnerId, Trigger.CHECK_IN).get(0);
		Map<Long, String> refs = new HashMap<>();
		this.jdbc.sql("SELECT id, external_ref FROM contact WHERE partner_id = ?").param(this.partnerId).query((rs) -> {
			refs.put(rs.getLong(1), rs.getString(2));
		});
		return this.occasions.checkIns(partner, program, FROM, UNTIL)
			.stream()
			.map(candidate -> refs.get(candidate.contactId()) + " " + candidate.occasion())
			.toList();
	}

}
