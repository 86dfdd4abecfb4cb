package io.gratitude.digest;

import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.staff.StaffRole;
import io.gratitude.template.MessageTemplates;
import io.gratitude.template.TemplateSource;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staff digest end to end: the right dates in the partner's zone (edges of the window
 * and of the local day, Feb 29), once per local day at the hour even with two nodes at
 * once, to the right people, with yesterday's new clients and failures, and nothing on a
 * day with nothing to report.
 */
public class StaffDigestTest extends IntegrationTest {

	@Autowired
	StaffDigestSender sender;

	@Autowired
	MessageTemplates templates;

	@Autowired
	StaffDigests digests;

	@Test
	void anAucklandDigestListsTheLocalWeekAheadWithGesturesToEnabledRecipientsOnceADay() throws Exception {
		// 07:00 on Wednesday March 10 in Auckland (UTC+13): still March 9 in UTC.
		CLOCK.set("2027-03-09T18:00:00Z");
		Api shop = enroll("Pacific/Auckland", "09:00", "18:00");
		long shopId = this.partnerId;
		contact(shop, "today", "Tama", "CUSTOMER", null, birthday(3, 10));
		contact(shop, "utc-today", "Utcday", "CUSTOMER", null, birthday(3, 9));
		contact(shop, "edge", "Edgar", "CLIENT", "2026-01-05", birthday(3, 17));
		contact(shop, "beyond", "Beyonce", "CUSTOMER", null, birthday(3, 18));
		contact(shop, "veteran", "Vera", "CLIENT", "2020-03-12", null);
		contact(shop, "recent", "Rene", "CLIENT", "2024-03-11", null);
		contact(shop, "wed", "Wendy", "CUSTOMER", null,
				"{\"kind\":\"CUSTOM\",\"label\":\"Wedding anniversary\",\"month\":3,\"day\":13,\"year\":2017}");
		String admin = staffUser(shopId, StaffRole.PARTNER_ADMIN).email();
		String staff = staffUser(shopId, StaffRole.STAFF).email();
		String disabled = staffUser(shopId, StaffRole.STAFF).email();
		String optedOut = staffUser(shopId, StaffRole.STAFF).email();
		this.staffUsers.setEnabled(shopId, this.staffUsers.findByEmail(disabled).orElseThrow().id(), false);
		this.staffUsers.setReceivesDigest(shopId, this.staffUsers.findByEmail(optedOut).orElseThrow().id(), false);
		enroll("Pacific/Auckland", "09:00", "18:00");
		String otherPartners = staffUser(this.partnerId, StaffRole.PARTNER_ADMIN).email();

		// Before the hour: nothing.
		twoNodes();
		assertThat(TestMail.to(admin)).isEmpty();

		// 08:00:30 local: two nodes at once send one digest to each recipient.
		CLOCK.set("2027-03-09T19:00:30Z");
		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(1);
		assertThat(TestMail.to(staff)).hasSize(1);
		assertThat(TestMail.to(disabled)).isEmpty();
		assertThat(TestMail.to(optedOut)).isEmpty();
		assertThat(TestMail.to(otherPartners)).as("the other partner has nothing to report").isEmpty();

		MimeMessage digest = TestMail.to(admin).get(0);
		assertThat(digest.getSubject()).isEqualTo("5 people to celebrate this week");
		String text = text(digest);
		assertThat(text).startsWith("Hello Sam ");
		assertThat(entry(text, "Tama")).contains("birthday")
			.contains("Today.")
			.contains("Suggested: a handwritten card");
		assertThat(entry(text, "Edgar")).contains("In 7 days, March 17").contains("Suggested: a call");
		assertThat(entry(text, "Vera")).contains("7 years as a client").contains("Suggested: a small gift");
		assertThat(entry(text, "Rene")).contains("3 years as a client")
			.contains("Tomorrow.")
			.contains("Suggested: a handwritten card");
		assertThat(entry(text, "Wendy")).contains("Wedding anniversary, 10 years").contains("In 3 days, March 13");
		assertThat(text).doesNotContain("Utcday").doesNotContain("Beyonce");
		assertThat(text).contains("/console/partners/" + shopId + "/contacts/edge");
		assertThat(text.indexOf("Tama")).isLessThan(text.indexOf("Rene")).isLessThan(text.indexOf("Edgar"));

		// Later that day, and at midnight UTC (still the same Auckland day): nothing
		// more.
		CLOCK.set("2027-03-10T10:30:00Z");
		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(1);

		// The next local morning, across the hour a second time: the next day's digest.
		CLOCK.set("2027-03-10T18:59:00Z");
		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(1);
		CLOCK.set("2027-03-10T19:00:10Z");
		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(2);
		String next = text(TestMail.to(admin).get(1));
		assertThat(next).doesNotContain("Tama").contains("Beyonce");
		assertThat(TestMail.to(staff)).hasSize(2);
	}

	@Test
	void aLosAngelesDigestFollowsTheLocalDayAndPlacesFebruary29OnFebruary28() throws Exception {
		// 08:30 PST on Sunday February 21, 2027 (not a leap year).
		CLOCK.set("2027-02-21T16:30:00Z");
		Api shop = enroll("America/Los_Angeles", "09:00", "18:00");
		long shopId = this.partnerId;
		assertThat(shop.put("/api/v1/digest-settings", "{\"hour\":8,\"daysAhead\":7}").status()).isEqualTo(200);
		contact(shop, "leap", "Leona", "CUSTOMER", null,
				"{\"kind\":\"BIRTHDAY\",\"month\":2,\"day\":29,\"year\":2000}");
		contact(shop, "march", "Marcus", "CUSTOMER", null, birthday(3, 1));
		contact(shop, "yesterday", "Yuri", "CUSTOMER", null, birthday(2, 20));
		String admin = staffUser(shopId, StaffRole.PARTNER_ADMIN).email();

		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(1);
		String text = text(TestMail.to(admin).get(0));
		assertThat(entry(text, "Leona")).contains("turning 27").contains("In 7 days, February 28");
		assertThat(text).doesNotContain("Marcus").doesNotContain("Yuri");

		// 23:30 in Los Angeles, already February 22 in UTC: still the same local day.
		CLOCK.set("2027-02-22T07:30:00Z");
		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(1);

		// 08:00 on February 22 in Los Angeles: the window now reaches March 1.
		CLOCK.set("2027-02-22T16:00:00Z");
		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(2);
		String next = text(TestMail.to(admin).get(1));
		assertThat(entry(next, "Leona")).contains("In 6 days, February 28");
		assertThat(entry(next, "Marcus")).contains("In 7 days, March 1");
	}

	@Test
	void yesterdaysNewClientsAndFailuresAreReportedAndAQuietDaySendsNothing() throws Exception {
		CLOCK.set("2027-05-04T10:00:00Z");
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		long shopId = this.partnerId;
		String admin = staffUser(shopId, StaffRole.PARTNER_ADMIN).email();
		contact(shop, "nina", "Nina", "CLIENT", "2027-05-04", null);
		contact(shop, "otto", "Otto", "CUSTOMER", null, null);
		// The thank-you after Otto's sale fails to render: a failure yesterday.
		this.templates.publishNewVersion(shopId, "after-sale-thanks",
				new TemplateSource("broken", "Hi ${contact.nothing.here}", "<p>x</p>", "x"), CLOCK.instant());
		assertThat(shop.post("/api/v1/sales", """
				{"externalRef":"S-1","contactRef":"otto","amount":12,"currency":"EUR",
				 "occurredAt":"2027-05-04T10:00:00Z"}""").status()).isEqualTo(201);
		CLOCK.set("2027-05-04T12:00:05Z");
		eventually()
			.until(() -> outreachOf(shop, "otto").stream().anyMatch(o -> "FAILED".equals(o.get("status").asString())));

		Api quiet = enroll("Europe/Lisbon", "09:00", "18:00");
		long quietId = this.partnerId;
		String quietAdmin = staffUser(quietId, StaffRole.PARTNER_ADMIN).email();
		assertThat(quiet.get("/api/v1/digest-settings").json().get("hour").asInt()).isEqualTo(8);

		// 08:00 in Lisbon (UTC+1) on May 5.
		CLOCK.set("2027-05-05T07:00:30Z");
		twoNodes();
		assertThat(TestMail.to(admin)).hasSize(1);
		MimeMessage digest = TestMail.to(admin).get(0);
		assertThat(digest.getSubject()).startsWith("Yesterday at ").endsWith(": 1 new client, 1 message not sent");
		String text = text(digest);
		assertThat(text).contains("Yesterday (Tuesday, May 4):")
			.contains("One new client: Nina Digest.")
			.contains("One message could not be sent:")
			.contains("Otto Digest: ")
			.contains("template_error");
		assertThat(TestMail.to(quietAdmin)).as("nothing to report, nothing sent").isEmpty();

		var page = console(quietId, StaffRole.STAFF).get("/console/partners/" + quietId + "/settings/digest");
		assertThat(page.one("[data-testid=nothing]").text()).contains("Nothing to report today");
		assertThat(page.one("[data-testid=recent]").text()).contains("Nothing to report, not sent");
	}

	@Test
	void aDigestLeftHalfSentByADeadNodeIsFinishedWithoutSendingAnyoneTwiceAndRetriesGoOutThatMorning()
			throws Exception {
		// 08:10 in Lisbon (UTC+1) on June 1.
		CLOCK.set("2027-06-01T07:10:00Z");
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		long shopId = this.partnerId;
		contact(shop, "june", "June", "CUSTOMER", null, birthday(6, 3));
		String a = staffUser(shopId, StaffRole.PARTNER_ADMIN).email();
		String b = staffUser(shopId, StaffRole.STAFF).email();
		long aId = this.staffUsers.findByEmail(a).orElseThrow().id();
		java.time.LocalDate day = java.time.LocalDate.of(2027, 6, 1);
		// A node claimed the day and died while sending to A: A may have it.
		StaffDigests.Claim claim = this.digests
			.claimNew(shopId, day, "dead-node", CLOCK.instant(), CLOCK.instant().plusSeconds(300))
			.orElseThrow();
		assertThat(this.digests.claimNew(shopId, day, "other-node", CLOCK.instant(), CLOCK.instant()))
			.as("the day is taken")
			.isEmpty();
		this.digests.markSending(claim.id(), aId, "<x@shop.example>", CLOCK.instant());

		twoNodes();
		assertThat(TestMail.to(b)).as("the lease still holds").isEmpty();

		CLOCK.set("2027-06-01T07:16:00Z");
		twoNodes();
		assertThat(TestMail.to(b)).hasSize(1);
		assertThat(TestMail.to(a)).as("never twice: A may have had it").isEmpty();
		assertThat(this.digests.recipients(claim.id()).get(aId).status())
			.isEqualTo(StaffDigests.RecipientStatus.UNKNOWN);
		assertThat(this.digests.find(shopId, day).orElseThrow().status()).isEqualTo(StaffDigests.Status.SENT);

		// A transient failure for one recipient is tried again later that morning.
		CLOCK.set("2027-06-02T07:05:00Z");
		java.time.LocalDate next = day.plusDays(1);
		StaffDigests.Claim second = this.digests
			.claimNew(shopId, next, "node-1", CLOCK.instant(), CLOCK.instant().plusSeconds(300))
			.orElseThrow();
		this.digests.markSending(second.id(), aId, "<y@shop.example>", CLOCK.instant());
		this.digests.recordReply(second.id(), aId, StaffDigests.RecipientStatus.RETRY, 421, "421 try later", null,
				CLOCK.instant());
		this.digests.markSending(second.id(), this.staffUsers.findByEmail(b).orElseThrow().id(), "<z@shop.example>",
				CLOCK.instant());
		this.digests.recordReply(second.id(), this.staffUsers.findByEmail(b).orElseThrow().id(),
				StaffDigests.RecipientStatus.SENT, 250, "250 ok", CLOCK.instant(), CLOCK.instant());
		this.digests.retryAt(second.id(), CLOCK.instant().plusSeconds(900), CLOCK.instant());

		CLOCK.set("2027-06-02T07:15:00Z");
		twoNodes();
		assertThat(TestMail.to(a)).isEmpty();
		CLOCK.set("2027-06-02T07:20:01Z");
		twoNodes();
		assertThat(TestMail.to(a)).hasSize(1);
		assertThat(TestMail.to(b)).as("B had the second day's digest already").hasSize(1);
		assertThat(this.digests.find(shopId, next).orElseThrow().status()).isEqualTo(StaffDigests.Status.SENT);
		assertThat(this.digests.find(shopId, next).orElseThrow().attempts()).isEqualTo(2);
	}

	@Test
	void contactDataIsOnlyTextInTheDigestsHtml() throws Exception {
		CLOCK.set("2027-03-09T18:00:00Z");
		Api shop = enroll("Pacific/Auckland", "09:00", "18:00");
		String admin = staffUser(this.partnerId, StaffRole.PARTNER_ADMIN).email();
		contact(shop, "xss", "<img src=x onerror=alert(1)>", "CUSTOMER", null,
				"{\"kind\":\"CUSTOM\",\"label\":\"</td><script>alert(2)</script>\",\"month\":3,\"day\":10}");

		CLOCK.set("2027-03-09T19:00:30Z");
		this.sender.sendDue();
		assertThat(TestMail.to(admin)).hasSize(1);
		MimeMultipart parts = (MimeMultipart) TestMail.to(admin).get(0).getContent();
		String html = null;
		for (int i = 0; i < parts.getCount(); i++) {
			if (parts.getBodyPart(i).isMimeType("text/html")) {
				html = (String) parts.getBodyPart(i).getContent();
			}
		}
		assertThat(html).as("the digest's HTML part").isNotNull();
		org.jsoup.nodes.Document doc = org.jsoup.Jsoup.parse(html);
		assertThat(doc.select("script, img[onerror], [onerror]")).as(html).isEmpty();
		assertThat(doc.text()).contains("<img src=x onerror=alert(1)>").contains("</td><script>alert(2)</script>");
	}

	private void twoNodes() {
		CompletableFuture<Integer> one = CompletableFuture.supplyAsync(this.sender::sendDue);
		CompletableFuture<Integer> two = CompletableFuture.supplyAsync(this.sender::sendDue);
		one.join();
		two.join();
	}

	public static String birthday(int month, int day) {
		return "{\"kind\":\"BIRTHDAY\",\"month\":%d,\"day\":%d}".formatted(month, day);
	}

	public static void contact(Api api, String ref, String firstName, String relationship, String clientSince,
			String date) {
		String json = """
				{"email":"%s","firstName":"%s","lastName":"Digest","relationship":"%s"%s,"significantDates":[%s]}"""
			.formatted(uniqueEmail(ref), firstName, relationship,
					(clientSince != null) ? ",\"clientSince\":\"" + clientSince + "\"" : "",
					(date != null) ? date : "");
		Api.Response response = api.put("/api/v1/contacts/" + ref, json);
		assertThat(response.status()).as(response.raw().body()).isBetween(200, 201);
	}

	static String text(MimeMessage message) throws Exception {
		MimeMultipart parts = (MimeMultipart) message.getContent();
		return ((String) parts.getBodyPart(0).getContent()).replace("\r\n", "\n");
	}

	/** The lines of the digest's entry for the contact with this first name. */
	static String entry(String text, String firstName) {
		Matcher matcher = Pattern.compile("(?m)^- " + firstName + " .*\\n.*").matcher(text);
		assertThat(matcher.find()).as("an entry for " + firstName + " in:\n" + text).isTrue();
		return matcher.group();
	}

}
