package io.gratitude.forecast;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.dispatch.Dispatcher;
import io.gratitude.outreach.SendLog;
import io.gratitude.outreach.OutreachStatus;
import io.gratitude.planning.Planner;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The forecast is exact: what it shows for the next 30 days is, day by day, what the
 * planner then plans and the dispatcher sends (or skips, for the reason shown) while the
 * clock runs through those days.
 */
class ForecastTest extends IntegrationTest {

	private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

	@Autowired
	Planner planner;

	@Autowired
	Dispatcher dispatcher;

	@Autowired
	SendLog sendLog;

	@Test
	void theNextThirtyDaysAreExactlyWhatIsThenSentDayByDay() throws Exception {
		// 2029: no Feb 29 (FEB_28 policy), New York springs forward on Mar 11
		// (02:00-03:00
		// skipped).
		CLOCK.set("2029-02-16T00:00:00Z");
		Api shop = enroll("America/New_York", "02:00", "22:00");
		long partner = this.partnerId;
		assertThat(shop.post("/api/v1/programs", """
				{"key":"pre-birthday","name":"Three days before","trigger":"DATE","dateKind":"BIRTHDAY",
				 "audience":"ANY","template":"birthday","offsetDays":-3,"sendAt":"02:30","maxLateness":"PT24H"}""")
			.status()).isEqualTo(201);
		// 23:30 is after the 22:00 close: the window moves it to the next day's 02:00.
		assertThat(shop.post("/api/v1/programs", """
				{"key":"wedding","name":"Wedding day","trigger":"DATE","dateKind":"CUSTOM","audience":"ANY",
				 "template":"birthday","sendAt":"23:30","maxLateness":"PT24H"}""").status()).isEqualTo(201);

		contact(shop, "kiri", "Pacific/Kiritimati", "CUSTOMER", null, birthday(2, 20));
		contact(shop, "pago", "Pacific/Pago_Pago", "CUSTOMER", null, birthday(2, 20));
		contact(shop, "leap", "America/New_York", "CUSTOMER", null,
				"{\"kind\":\"BIRTHDAY\",\"month\":2,\"day\":29,\"year\":1996}");
		contact(shop, "gap", "America/New_York", "CUSTOMER", null, birthday(3, 14));
		contact(shop, "paris", "Europe/Paris", "CLIENT", "2021-02-25", null);
		contact(shop, "tokyo", "Asia/Tokyo", "CLIENT", "2028-11-25", null);
		contact(shop, "sydney", "Australia/Sydney", "CLIENT", "2019-03-05", birthday(3, 3));
		contact(shop, "optout", "Europe/London", "CUSTOMER", null, birthday(2, 22));
		contact(shop, "suppressed", "Europe/Madrid", "CUSTOMER", null, birthday(2, 24));
		contact(shop, "wed-la", "America/Los_Angeles", "CUSTOMER", null,
				"{\"kind\":\"CUSTOM\",\"label\":\"wedding\",\"month\":3,\"day\":2,\"year\":2010}");
		contact(shop, "wed-ny", "America/New_York", "CUSTOMER", null,
				"{\"kind\":\"CUSTOM\",\"label\":\"wedding\",\"month\":3,\"day\":10}");
		contact(shop, "pago-last", "Pacific/Pago_Pago", "CUSTOMER", null, birthday(3, 16));
		contact(shop, "kiri-edge", "Pacific/Kiritimati", "CUSTOMER", null, birthday(3, 17));
		contact(shop, "london-edge", "Europe/London", "CUSTOMER", null, birthday(3, 17));
		contact(shop, "berlin", "Europe/Berlin", "CUSTOMER", null, birthday(3, 1));
		contact(shop, "kolkata", "Asia/Kolkata", "CUSTOMER", null, birthday(2, 28));
		contact(shop, "saopaulo", "America/Sao_Paulo", "CUSTOMER", null, birthday(3, 10));
		contact(shop, "cairo", "Africa/Cairo", "CUSTOMER", null, birthday(3, 5));
		contact(shop, "kathmandu", "Asia/Kathmandu", "CUSTOMER", null, birthday(2, 18));
		contact(shop, "chatham", "Pacific/Chatham", "CUSTOMER", null, birthday(2, 27));
		contact(shop, "nozone", null, "CUSTOMER", null, birthday(3, 5));
		assertThat(shop.post("/api/v1/contacts/optout/opt-out", "{}").status()).isEqualTo(200);
		String suppressedEmail = shop.get("/api/v1/contacts/suppressed").json().get("email").asString();
		assertThat(shop.post("/api/v1/suppressions", "{\"email\":\"%s\"}".formatted(suppressedEmail)).status())
			.isEqualTo(201);

		Api.Response response = shop.get("/api/v1/forecast?days=30");
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		JsonNode forecast = response.json();
		Instant from = Instant.parse(forecast.get("from").asString());
		Instant to = Instant.parse(forecast.get("to").asString());
		assertThat(from).isEqualTo(CLOCK.instant());
		assertThat(forecast.get("timeZone").asString()).isEqualTo("America/New_York");
		assertThat(to).isEqualTo("2029-03-17T04:00:00Z"); // midnight after Mar 16, EDT
		assertThat(forecast.get("note").asString()).contains("Post-sale");
		List<JsonNode> days = forecast.get("days").valueStream().toList();
		assertThat(days).hasSize(30);
		assertThat(days.get(0).get("date").asString()).isEqualTo("2029-02-15");
		assertThat(days.get(29).get("date").asString()).isEqualTo("2029-03-16");

		Map<LocalDate, Set<String>> forecastSent = new TreeMap<>();
		Map<LocalDate, Set<String>> forecastSkipped = new TreeMap<>();
		NavigableSet<Instant> stops = new TreeSet<>();
		for (JsonNode day : days) {
			LocalDate date = LocalDate.parse(day.get("date").asString());
			forecastSent.put(date, new TreeSet<>());
			forecastSkipped.put(date, new TreeSet<>());
			for (JsonNode item : day.get("items")) {
				Instant dueAt = Instant.parse(item.get("dueAt").asString());
				assertThat(LocalDate.ofInstant(dueAt, NEW_YORK)).isEqualTo(date);
				stops.add(dueAt);
				if (item.has("wouldSkip")) {
					forecastSkipped.get(date).add(key(item) + " " + item.get("wouldSkip").asString());
				}
				else {
					forecastSent.get(date).add(key(item));
				}
			}
			assertThat(day.get("count").asInt()).isEqualTo(forecastSent.get(date).size());
		}

		// The rules, as the forecast shows them.
		Set<String> all = forecastSent.values()
			.stream()
			.flatMap(Set::stream)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(all).contains("birthday kiri birthday@2029-02-20 2029-02-19T19:00:00Z",
				"birthday pago birthday@2029-02-20 2029-02-20T20:00:00Z",
				"birthday leap birthday@2029-02-28 2029-02-28T14:00:00Z",
				// 02:30 on Mar 11 does not exist in New York: 03:30 EDT.
				"pre-birthday gap birthday@2029-03-14 2029-03-11T07:30:00Z",
				"birthday gap birthday@2029-03-14 2029-03-14T13:00:00Z",
				// 23:30 moved by the window to 02:00 the next day; on Mar 11 in New York
				// 02:00 is in the gap: 03:00 EDT.
				"wedding wed-la custom:wedding@2029-03-02 2029-03-03T10:00:00Z",
				"wedding wed-ny custom:wedding@2029-03-10 2029-03-11T07:00:00Z",
				"client-check-in tokyo check-in@2029-02-23 2029-02-23T01:00:00Z",
				"client-anniversary paris client-anniversary@2029-02-25 2029-02-25T09:00:00Z",
				"birthday kiri-edge birthday@2029-03-17 2029-03-16T19:00:00Z",
				"birthday nozone birthday@2029-03-05 2029-03-05T14:00:00Z");
		assertThat(all).noneMatch(item -> item.startsWith("birthday london-edge"))
			.noneMatch(item -> item.contains("optout"));
		Set<String> skipped = forecastSkipped.values()
			.stream()
			.flatMap(Set::stream)
			.collect(Collectors.toCollection(TreeSet::new));
		assertThat(skipped).contains("birthday optout birthday@2029-02-22 2029-02-22T09:00:00Z opted_out",
				"birthday suppressed birthday@2029-02-24 2029-02-24T08:00:00Z suppressed");

		// Now live through the 30 days: the planner plans (every 6 hours; its horizon is
		// 48 h), the dispatcher claims at every hour and at every forecast due time.
		for (Instant t = from; t.isBefore(to); t = t.plus(1, ChronoUnit.HOURS)) {
			stops.add(t);
		}
		Instant nextPlan = from;
		for (Instant t : stops) {
			CLOCK.set(t);
			if (!t.isBefore(nextPlan)) {
				this.planner.planOccasions();
				nextPlan = t.plus(Duration.ofHours(6));
			}
			drain(partner, t);
		}
		CLOCK.set(to);
		drain(partner, to);

		Map<LocalDate, Set<String>> sent = new TreeMap<>();
		Map<LocalDate, Set<String>> notSent = new TreeMap<>();
		forecastSent.keySet().forEach(date -> {
			sent.put(date, new TreeSet<>());
			notSent.put(date, new TreeSet<>());
		});
		Api.Response log = shop.get("/api/v1/outreach?size=500&dueFrom=" + from + "&dueTo=" + to);
		assertThat(log.json().get("total").asLong()).isLessThan(500);
		for (JsonNode row : log.json().get("items")) {
			Instant dueAt = Instant.parse(row.get("dueAt").asString());
			LocalDate date = LocalDate.ofInstant(dueAt, NEW_YORK);
			String status = row.get("status").asString();
			switch (status) {
				case "SENT" -> {
					sent.get(date).add(key(row));
					assertThat(row.get("sentAt").asString()).as(key(row)).isEqualTo(row.get("dueAt").asString());
				}
				case "SKIPPED", "CANCELLED" -> notSent.get(date).add(key(row) + " " + row.get("reason").asString());
				default -> throw new AssertionError("left " + status + ": " + key(row));
			}
		}
		assertThat(sent).isEqualTo(forecastSent);
		assertThat(notSent).isEqualTo(forecastSkipped);
	}

	@Test
	void anotherPartnerSeesNothingOfAnothersForecast() {
		CLOCK.set("2029-06-01T00:00:00Z");
		Api a = enroll("UTC", "09:00", "18:00");
		contact(a, "a-secret-ref", "UTC", "CUSTOMER", null, birthday(6, 10));
		assertThat(a.get("/api/v1/forecast").json().get("total").asInt()).isEqualTo(1);

		Api b = enroll("UTC", "09:00", "18:00");
		contact(b, "b-own-ref", "UTC", "CUSTOMER", null, birthday(6, 12));
		Api.Response response = b.get("/api/v1/forecast?from=2029-06-01T00:00:00Z&days=30");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.raw().body()).doesNotContain("a-secret-ref").contains("b-own-ref");
		assertThat(response.json().get("total").asInt()).isEqualTo(1);
		assertThat(response.json().get("days")).hasSize(30);
	}

	@Test
	void aForecastStartingLaterCoversItsOwnDaysAndPlansNothing() {
		CLOCK.set("2029-09-01T00:00:00Z");
		Api shop = enroll("Europe/Paris", "09:00", "18:00");
		contact(shop, "later", "Europe/Paris", "CUSTOMER", null, birthday(12, 24));
		Api.Response response = shop.get("/api/v1/forecast?from=2029-12-20T00:00:00Z&days=7");
		assertThat(response.status()).isEqualTo(200);
		List<JsonNode> days = response.json().get("days").valueStream().toList();
		assertThat(days).extracting(day -> day.get("date").asString())
			.containsExactly("2029-12-20", "2029-12-21", "2029-12-22", "2029-12-23", "2029-12-24", "2029-12-25",
					"2029-12-26");
		JsonNode item = days.get(4).get("items").get(0);
		assertThat(item.get("dueAt").asString()).isEqualTo("2029-12-24T08:00:00Z");
		assertThat(item.get("planned").asBoolean()).isFalse();
		assertThat(outreachOf(shop, "later")).isEmpty();
	}

	private void drain(long partner, Instant t) {
		// Send what is due here, ourselves or by the scheduled dispatcher, which may hold
		// some of
		// the rows: done when none of the partner's rows is due or in flight at this
		// time.
		Instant justAfter = t.plusMillis(1);
		Awaitility.await("rows waiting at " + t)
			.atMost(Duration.ofSeconds(10))
			.pollInSameThread()
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(5))
			.until(() -> {
				List<Long> batch = this.dispatcher.claimBatch();
				if (!batch.isEmpty()) {
					this.dispatcher.send(batch);
				}
				return this.sendLog.count(partner, filter(OutreachStatus.SENDING, null))
						+ this.sendLog.count(partner, filter(OutreachStatus.SCHEDULED, justAfter))
						+ this.sendLog.count(partner, filter(OutreachStatus.RETRY, justAfter)) == 0;
			});
	}

	private static SendLog.Filter filter(OutreachStatus status, Instant dueTo) {
		return new SendLog.Filter(status, null, null, null, dueTo, null, null);
	}

	private static String key(JsonNode item) {
		return item.get("program").asString() + " " + item.get("contactRef").asString() + " "
				+ item.get("occasion").asString() + " " + item.get("dueAt").asString();
	}

	private static String birthday(int month, int day) {
		return "{\"kind\":\"BIRTHDAY\",\"month\":%d,\"day\":%d}".formatted(month, day);
	}

	private static void contact(Api shop, String ref, String zone, String relationship, String clientSince,
			String date) {
		String body = """
				{"email":"%s","firstName":"%s","relationship":"%s"%s%s,"significantDates":[%s]}""".formatted(
				uniqueEmail(ref), ref, relationship, (zone != null) ? ",\"timeZone\":\"" + zone + "\"" : "",
				(clientSince != null) ? ",\"clientSince\":\"" + clientSince + "\"" : "", (date != null) ? date : "");
		Api.Response response = shop.put("/api/v1/contacts/" + ref, body);
		assertThat(response.status()).as(response.raw().body()).isEqualTo(201);
	}

}
