package io.gratitude.contact;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import io.gratitude.Api;
import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Erasure leaves no personal data behind, checked the way an auditor would: every
 * text-like column (and every binary one: serialized session attributes, Quartz job data)
 * of every table the database reports for the application's schema is searched for
 * distinctive markers the erased contact had in each of its personal fields and in
 * everything made from them (sales, suppression, bounce, sent outreach, test send,
 * console session). The tables and columns come from {@link DatabaseMetaData}, not from a
 * list here, so that a table added tomorrow is searched too.
 * <p>
 * What may stay is listed in {@link #KEPT_ON_PURPOSE}, with why; a value kept there must
 * still not show any marker, readable or as an unkeyed SHA-256. Before the erasure the
 * same search must find every marker (the search can fail); after it, a witness contact
 * of the same partner and one of another partner keep all of theirs.
 */
class ErasureLeavesNothingTest extends IntegrationTest {

	/**
	 * Columns that keep something of an erased contact on purpose, and why. Their values
	 * are searched like every other's; the entry only documents that the column is known
	 * to be written by erasure.
	 */
	static final Map<String, String> KEPT_ON_PURPOSE = Map.of("CONTACT.ERASED_REF_HASH",
			"a keyed HMAC (instance secret) of the old reference, so that a repeated DELETE of it answers 204",
			"SUPPRESSION.EMAIL",
			"a keyed HMAC (instance secret) of the suppressed address, so that the address stays suppressed"
					+ " if the partner imports it again");

	/** How the contact is erased. */
	enum ErasedThrough {

		API, CONSOLE

	}

	@Autowired
	DataSource dataSource;

	/** A contact whose every personal field carries a marker of its own. */
	record Person(String ref, String email, String first, String last, String attribute, String label, String localeTag,
			String saleRef, String description, String bounceReason) {

		static Person random() {
			String id = UUID.randomUUID().toString().replace("-", "");
			return new Person("ref" + id.substring(0, 10), "mail" + id.substring(0, 10) + "@example.com",
					"First" + id.substring(0, 10), "Last" + id.substring(0, 10), "Attr" + id.substring(0, 10),
					"Label" + id.substring(0, 10), "en-x-zq" + id.substring(10, 16), "Sale" + id.substring(0, 10),
					"Desc" + id.substring(0, 10), "Bounce" + id.substring(0, 10));
		}

		/** What must not remain, by name. */
		Map<String, String> markers(long partnerId) {
			Map<String, String> markers = new LinkedHashMap<>();
			markers.put("externalRef", this.ref);
			markers.put("email", this.email);
			markers.put("email (local part)", this.email.substring(0, this.email.indexOf('@')));
			markers.put("firstName", this.first);
			markers.put("lastName", this.last);
			markers.put("attribute", this.attribute);
			markers.put("custom date label", this.label);
			markers.put("locale", this.localeTag.substring(5));
			markers.put("sale externalRef", this.saleRef);
			markers.put("sale description", this.description);
			markers.put("bounce reason", this.bounceReason);
			// Unkeyed digests of what could be guessed: recomputable, hence personal.
			markers.put("SHA-256 of email", Digests.sha256Hex(this.email));
			markers.put("SHA-256 of ref", Digests.sha256Hex(this.ref));
			markers.put("SHA-256 of partner:ref", Digests.sha256Hex(partnerId + ":" + this.ref));
			markers.put("SHA-256 of the sale request", Digests.sha256Hex(String.join("\u0000", this.saleRef, this.ref,
					"42.5", "EUR", "2027-03-13T11:58:00Z", this.description)));
			return markers;
		}

	}

	@ParameterizedTest
	@EnumSource(ErasedThrough.class)
	void anErasedContactLeavesNoPersonalDataInAnyTable(ErasedThrough through) throws Exception {
		CLOCK.set("2027-03-13T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		long shopId = this.partnerId;
		assertThat(shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}").status()).isEqualTo(200);
		Api.Response program = shop.post("/api/v1/programs", """
				{"key":"custom-dates","name":"Custom dates","trigger":"DATE","dateKind":"CUSTOM","audience":"ANY",
				 "template":"birthday","sendAt":"10:00"}""");
		assertThat(program.status()).as(program.raw().body()).isEqualTo(201);

		Person erased = Person.random();
		Person witness = Person.random();
		giveEverything(shop, shopId, erased);
		giveEverything(shop, shopId, witness);
		Api other = enroll("UTC", "09:00", "18:00");
		Person stranger = Person.random();
		put(other, stranger);
		assertThat(other.post("/api/v1/sales", sale(stranger)).status()).isEqualTo(201);

		ConsoleClient console = console(shopId, StaffRole.STAFF);
		CookieManager cookies = new CookieManager();
		ConsoleClient raw = new ConsoleClient(this.port, cookies);
		Credentials staff = staffUser(shopId, StaffRole.STAFF);
		raw.signIn(staff.email(), staff.password());
		for (ConsoleClient viewer : List.of(console, raw)) {
			ConsoleClient.Page page = viewer.get("/console/partners/" + shopId + "/contacts/" + erased.ref());
			assertThat(page.status()).isEqualTo(200);
			assertThat(page.text()).contains(erased.first());
			assertThat(viewer.get("/console/partners/" + shopId + "/contacts?q=" + erased.last()).text())
				.contains(erased.first());
		}
		// A notice waiting in the session (its redirect not followed yet) holds the name:
		// this proves the search reads the sessions' serialized attributes.
		String optOutNotice = postWithoutFollowing(cookies, raw,
				"/console/partners/" + shopId + "/contacts/" + witness.ref() + "/opt-out");
		assertThat(where(Map.of("witness firstName", witness.first())))
			.anySatisfy(hit -> assertThat(hit).startsWith("SPRING_SESSION_ATTRIBUTES.ATTRIBUTE_BYTES"));
		assertThat(raw.get(optOutNotice).text()).contains("opted out");

		// Before: the search finds every marker, so it can fail.
		for (Map.Entry<String, String> marker : erased.markers(shopId).entrySet()) {
			if (!marker.getKey().startsWith("SHA-256")) {
				assertThat(where(Map.of(marker.getKey(), marker.getValue()))).as(marker.getKey()).isNotEmpty();
			}
		}

		if (through == ErasedThrough.API) {
			assertThat(shop.delete("/api/v1/contacts/" + erased.ref()).status()).isEqualTo(204);
		}
		else {
			raw.get("/console/partners/" + shopId + "/contacts/" + erased.ref());
			String next = postWithoutFollowing(cookies, raw,
					"/console/partners/" + shopId + "/contacts/" + erased.ref() + "/erase");
			// The notice is still in the session here: it must not name the contact.
			assertThat(where(erased.markers(shopId))).isEmpty();
			assertThat(raw.get(next).one(".alert-ok").text()).contains("erased");
		}

		assertThat(where(erased.markers(shopId))).as("what erasure left behind").isEmpty();

		// Over the API: the erasure is done, repeatable, and still keeps the address
		// suppressed.
		assertThat(shop.get("/api/v1/contacts/" + erased.ref()).status()).isEqualTo(404);
		assertThat(shop.delete("/api/v1/contacts/" + erased.ref()).status()).isEqualTo(204);
		assertThat(shop.get("/api/v1/suppressions/" + erased.email()).status()).isEqualTo(200);
		assertThat(shop.get("/api/v1/suppressions?q=mail").raw().body()).doesNotContain(erased.email());
		assertThat(where(erased.markers(shopId))).isEmpty();

		// Nothing over-erased: the witness and the stranger keep all of theirs.
		for (Person kept : List.of(witness, stranger)) {
			for (Map.Entry<String, String> marker : kept.markers(0).entrySet()) {
				if (!marker.getKey().startsWith("SHA-256") && (kept == witness || Set
					.of("externalRef", "email", "firstName", "lastName", "attribute", "custom date label",
							"sale externalRef", "sale description")
					.contains(marker.getKey()))) {
					assertThat(where(Map.of(marker.getKey(), marker.getValue()))).as(marker.getKey()).isNotEmpty();
				}
			}
		}
		JsonNode witnessNow = shop.get("/api/v1/contacts/" + witness.ref()).json();
		assertThat(witnessNow.get("email").asString()).isEqualTo(witness.email());
		assertThat(shop.get("/api/v1/suppressions/" + witness.email()).json().get("email").asString())
			.isEqualTo(witness.email());
		assertThat(shop.get("/api/v1/sales/" + witness.saleRef()).json().get("description").asString())
			.isEqualTo(witness.description());
		assertThat(outreachOf(shop, witness.ref()))
			.anySatisfy(o -> assertThat(o.get("occasion").asString()).isEqualTo("sale:" + witness.saleRef()));
		assertThat(other.get("/api/v1/contacts/" + stranger.ref()).json().get("email").asString())
			.isEqualTo(stranger.email());

		// The send log keeps what the invariants need: the message was sent.
		String erasedRef = shop.get("/api/v1/contacts?erased=true")
			.json()
			.get("items")
			.get(0)
			.get("externalRef")
			.asString();
		assertThat(outreachOf(shop, erasedRef))
			.anySatisfy(o -> assertThat(o.get("status").asString() + " " + o.get("program").asString())
				.isEqualTo("SENT after-sale-thanks"));

		// The address, imported again, is still suppressed: its next thank-you is
		// skipped.
		put(shop, erased);
		assertThat(shop.post("/api/v1/sales", sale(erased).replace(erased.saleRef(), erased.saleRef() + "b")).status())
			.isEqualTo(201);
		eventually().until(() -> outreachOf(shop, erased.ref()).stream()
			.anyMatch(o -> o.get("status").asString().equals("SKIPPED")
					&& o.get("reason").asString().equals("suppressed")));
		// The thank-you and the test send, nothing more.
		assertThat(TestMail.to(erased.email())).hasSize(2);
	}

	/**
	 * Gives the contact every kind of data the API takes, and makes everything derived
	 * from it: a sale thanked by mail, a bounce of that mail (suppressing the address), a
	 * manual suppression, a test send to the address, a custom date planned.
	 */
	private void giveEverything(Api shop, long shopId, Person person) throws Exception {
		put(shop, person);
		assertThat(shop.post("/api/v1/sales", sale(person)).status()).isEqualTo(201);
		eventually().until(() -> TestMail.to(person.email()).size() == 1);
		eventually().until(
				() -> outreachOf(shop, person.ref()).stream().anyMatch(o -> o.get("status").asString().equals("SENT")));
		String messageId = TestMail.to(person.email()).get(0).getMessageID();
		assertThat(outreachOf(shop, person.ref()))
			.anySatisfy(o -> assertThat(o.get("occasion").asString()).startsWith("custom:" + person.label()));

		Api.Response bounce = shop.post("/api/v1/events/bounces", """
				{"events":[{"email":"%s","type":"hard","messageId":"%s","reason":"550 5.1.1 <%s>: %s unknown"}]}"""
			.formatted(person.email(), messageId, person.email(), person.bounceReason()));
		assertThat(bounce.raw().body()).isEqualTo("{\"received\":1,\"suppressed\":1,\"matched\":1,\"unmatched\":0}");
		assertThat(
				shop.post("/api/v1/suppressions", "{\"email\":\"%s\",\"reason\":\"manual\"}".formatted(person.email()))
					.status())
			.isBetween(200, 201);

		Api.Response test = shop.post("/api/v1/templates/birthday/test-send",
				"{\"to\":\"%s\",\"contactRef\":\"%s\"}".formatted(person.email(), person.ref()));
		assertThat(test.status()).as(test.raw().body()).isEqualTo(202);
		eventually().until(() -> TestMail.to(person.email()).size() == 2);
	}

	private static void put(Api shop, Person person) {
		Api.Response put = shop.put("/api/v1/contacts/" + person.ref(), """
				{"email":"%s","firstName":"%s","lastName":"%s","relationship":"CLIENT","clientSince":"2020-03-14",
				 "timeZone":"Europe/Lisbon","locale":"%s","attributes":{"nickname":"%s"},
				 "significantDates":[{"kind":"BIRTHDAY","month":3,"day":20,"year":1990},
				                     {"kind":"CUSTOM","label":"%s","month":3,"day":14}]}""".formatted(person.email(),
				person.first(), person.last(), person.localeTag(), person.attribute(), person.label()));
		assertThat(put.status()).as(put.raw().body()).isBetween(200, 201);
	}

	private static String sale(Person person) {
		return """
				{"externalRef":"%s","contactRef":"%s","amount":42.5,"currency":"EUR",
				 "occurredAt":"2027-03-13T11:58:00Z","description":"%s"}""".formatted(person.saleRef(), person.ref(),
				person.description());
	}

	/**
	 * A console form POST as {@code client}'s session (its cookies, its CSRF token from
	 * the page last shown), without following the redirect: a notice set for the next
	 * page stays in the session.
	 * @return where the console redirects to
	 */
	private String postWithoutFollowing(CookieManager cookies, ConsoleClient client, String path) throws Exception {
		String page = path.substring(0, path.lastIndexOf('/'));
		String csrf = client.get(page).one("meta[name=_csrf]").attr("content");
		HttpClient http = HttpClient.newBuilder()
			.cookieHandler(cookies)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		HttpResponse<String> response = http
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
				.header("Content-Type", "application/x-www-form-urlencoded")
				.header("Accept", "text/html")
				.POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(302);
		URI location = URI.create(response.headers().firstValue("Location").orElseThrow());
		return location.getRawPath() + ((location.getRawQuery() != null) ? "?" + location.getRawQuery() : "");
	}

	/**
	 * Where any of the markers is stored: {@code TABLE.COLUMN: marker name}, searching
	 * every character and binary column of every table of the application's schema,
	 * ignoring case.
	 */
	private List<String> where(Map<String, String> markers) throws SQLException {
		List<String> hits = new ArrayList<>();
		Set<String> searched = new java.util.HashSet<>();
		try (Connection connection = this.dataSource.getConnection()) {
			DatabaseMetaData meta = connection.getMetaData();
			String quote = meta.getIdentifierQuoteString().strip();
			String catalog = connection.getCatalog();
			String schema = connection.getSchema();
			List<String> tables = new ArrayList<>();
			try (ResultSet rs = meta.getTables(catalog, schema, "%", new String[] { "TABLE" })) {
				while (rs.next()) {
					tables.add(rs.getString("TABLE_NAME"));
				}
			}
			for (String table : tables) {
				Map<String, Boolean> columns = new LinkedHashMap<>();
				try (ResultSet rs = meta.getColumns(catalog, schema, table, "%")) {
					while (rs.next()) {
						int type = rs.getInt("DATA_TYPE");
						if (TEXT.contains(type) || BINARY.contains(type)) {
							columns.put(rs.getString("COLUMN_NAME"), BINARY.contains(type));
						}
					}
				}
				searched.add(table.toUpperCase(Locale.ROOT));
				if (columns.isEmpty()) {
					continue;
				}
				String select = "SELECT "
						+ String.join(", ", columns.keySet().stream().map(c -> quote + c + quote).toList()) + " FROM "
						+ quote + table + quote;
				try (Statement statement = connection.createStatement();
						ResultSet rs = statement.executeQuery(select)) {
					while (rs.next()) {
						int i = 0;
						for (Map.Entry<String, Boolean> column : columns.entrySet()) {
							i++;
							String value = column.getValue() ? bytesAsText(rs.getBytes(i)) : rs.getString(i);
							if (value == null) {
								continue;
							}
							String lower = value.toLowerCase(Locale.ROOT);
							for (Map.Entry<String, String> marker : markers.entrySet()) {
								if (lower.contains(marker.getValue().toLowerCase(Locale.ROOT))) {
									hits.add(table.toUpperCase(Locale.ROOT) + "."
											+ column.getKey().toUpperCase(Locale.ROOT) + ": " + marker.getKey());
								}
							}
						}
					}
				}
			}
		}
		// The search covers the application's tables, Quartz's and the sessions'.
		assertThat(searched).contains("CONTACT", "SALE", "SUPPRESSION", "OUTREACH", "ATTEMPT", "TEST_SEND",
				"RELATIONSHIP_CHANGE", "QRTZ_JOB_DETAILS", "QRTZ_TRIGGERS", "SPRING_SESSION_ATTRIBUTES");
		return hits;
	}

	private static final Set<Integer> TEXT = Set.of(Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR,
			Types.NVARCHAR, Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB, Types.OTHER, Types.JAVA_OBJECT, Types.SQLXML);

	private static final Set<Integer> BINARY = Set.of(Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB);

	/**
	 * Bytes as text both ways a marker could be in them: one char per byte (Java
	 * serialization writes ASCII strings so) and UTF-8.
	 */
	private static String bytesAsText(byte[] bytes) {
		if (bytes == null) {
			return null;
		}
		return new String(bytes, StandardCharsets.ISO_8859_1) + "\n" + new String(bytes, StandardCharsets.UTF_8);
	}

	/** Unkeyed digests, as someone guessing an address would compute them. */
	static final class Digests {

		private Digests() {
		}

		static String sha256Hex(String text) {
			try {
				return java.util.HexFormat.of()
					.formatHex(java.security.MessageDigest.getInstance("SHA-256")
						.digest(text.getBytes(StandardCharsets.UTF_8)));
			}
			catch (java.security.NoSuchAlgorithmException ex) {
				throw new IllegalStateException(ex);
			}
		}

	}

}
