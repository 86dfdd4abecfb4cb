package io.gratitude.console;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast calendar over real HTTP: a birthday on its day, by program, and the day's
 * contacts one click away.
 */
class ForecastPagesTest extends IntegrationTest {

	@Test
	void aBirthdayShowsOnItsDayAndTheDayListsItsContact() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api shop = enroll("Europe/Lisbon", "09:00", "18:00");
		shop.put("/api/v1/contacts/ana",
				"""
						{"email":"%s","firstName":"Ana","lastName":"Lima","significantDates":[{"kind":"BIRTHDAY","month":3,"day":14}]}"""
					.formatted(uniqueEmail("ana")));
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);
		String base = "/console/partners/" + this.partnerId;

		ConsoleClient.Page month = console.get(base + "/forecast?month=2027-03");
		assertThat(month.status()).isEqualTo(200);
		assertThat(month.one("h2.month-title").text()).isEqualTo("March 2027");
		assertThat(month.doc().select("table.calendar tbody tr")).hasSize(5);
		assertThat(month.doc().select("table.calendar thead th").eachText()).containsExactly("Mon", "Tue", "Wed", "Thu",
				"Fri", "Sat", "Sun");
		assertThat(month.one("td.today").attr("data-date")).isEqualTo("2027-03-10");
		assertThat(month.one("td.today").attr("aria-current")).isEqualTo("date");

		Element birthday = month.one("td[data-date=2027-03-14]");
		assertThat(birthday.selectFirst(".day-count").text()).isEqualTo("1 to send");
		assertThat(birthday.selectFirst("li[data-program=birthday]").text()).isEqualTo("birthday 1");
		assertThat(month.doc().select("td[data-date=2027-03-13] .day-count")).isEmpty();
		assertThat(month.doc().select("td[data-date=2027-03-15] .day-count")).isEmpty();
		String dayLink = birthday.selectFirst("a.day-link").attr("href");
		assertThat(dayLink).isEqualTo(base + "/forecast/2027-03-14");
		assertThat(month.one("a[rel=prev]").attr("href")).isEqualTo(base + "/forecast?month=2027-02");
		assertThat(month.one("a[rel=next]").attr("href")).isEqualTo(base + "/forecast?month=2027-04");

		ConsoleClient.Page day = console.get(dayLink);
		assertThat(day.status()).isEqualTo(200);
		assertThat(day.one("h1").text()).isEqualTo("Sun 14 Mar 2027");
		assertThat(day.doc().select("#day-items tbody tr")).hasSize(1);
		Element row = day.one("#day-items tbody tr");
		assertThat(row.text()).contains("09:00", "Ana Lima", "birthday@2027-03-14");
		assertThat(row.selectFirst("a").attr("href")).isEqualTo(base + "/contacts/ana");

		// Next year's birthday is in next year's March.
		assertThat(console.get(base + "/forecast?month=2028-03").one("td[data-date=2028-03-14] .day-count").text())
			.isEqualTo("1 to send");
		// A day with nothing says so.
		assertThat(console.get(base + "/forecast/2027-03-15").one(".empty").text())
			.isEqualTo("Nothing is expected to go out on this day.");
	}

	@Test
	void aMonthThatIsNotOneIsExplainedAndThisMonthShown() {
		CLOCK.set("2027-03-10T12:00:00Z");
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.STAFF);

		ConsoleClient.Page page = console.get("/console/partners/" + this.partnerId + "/forecast?month=March");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.one("[role=alert]").text()).contains("not a month");
		assertThat(page.one("#month").attr("aria-invalid")).isEqualTo("true");
		assertThat(page.one("h2.month-title").text()).isEqualTo("March 2027");
		assertThat(console.get("/console/partners/" + this.partnerId + "/forecast/not-a-day").status()).isEqualTo(404);
		assertThat(console.get("/console/partners/" + this.partnerId + "/forecast?month=2099-01")
			.one("[role=alert]")
			.text()).contains("10 years");
	}

	@Test
	void anotherPartnersForecastIsNotFound() {
		CLOCK.set("2027-03-10T12:00:00Z");
		Api first = enroll("Europe/Lisbon", "09:00", "18:00");
		first.put("/api/v1/contacts/ana",
				"""
						{"email":"ana@example.com","firstName":"Secretana","significantDates":[{"kind":"BIRTHDAY","month":3,"day":14}]}""");
		long other = this.partnerId;
		enroll("Europe/Lisbon", "09:00", "18:00");
		ConsoleClient console = console(this.partnerId, StaffRole.PARTNER_ADMIN);

		assertThat(console.get("/console/partners/" + other + "/forecast").status()).isEqualTo(404);
		ConsoleClient.Page day = console.get("/console/partners/" + other + "/forecast/2027-03-14");
		assertThat(day.status()).isEqualTo(404);
		assertThat(day.text()).doesNotContain("Secretana");
		assertThat(console.get("/console/partners/" + this.partnerId + "/forecast/2027-03-14").text())
			.doesNotContain("Secretana");
	}

}
