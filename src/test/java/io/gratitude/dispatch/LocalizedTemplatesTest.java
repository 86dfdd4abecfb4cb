package io.gratitude.dispatch;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.TestMail;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Localized templates end to end: the contact's locale picks the template variant (exact
 * tag, then its language, then the partner's default, then the base), and dates and
 * amounts are written the chosen variant's way.
 */
class LocalizedTemplatesTest extends IntegrationTest {

	private static final String NBSP = "\u00a0";

	@Test
	void aFrenchContactGetsTheFrenchVariantWithFrenchDatesAndMoney() throws Exception {
		CLOCK.set("2027-03-14T12:00:00Z");
		Api shop = enroll("Europe/Paris", "09:00", "18:00");
		MimeMessage mail = thankedAfterSale(shop, "lea", "Léa", "fr");

		assertThat(mail.getSubject()).isEqualTo("Merci, Léa");
		String text = text(mail);
		String html = html(mail);
		assertThat(text).startsWith("Bonjour Léa,")
			.contains("14,50" + NBSP + "€")
			.contains("du 14 mars")
			.contains("Se désabonner : http");
		assertThat(html).contains("<html lang=\"fr\">").contains("14,50" + NBSP + "€").contains("14 mars");
		assertThat(text).doesNotContain("€14.50").doesNotContain("March");
		assertThat(usedLocale(shop, "lea")).isEqualTo("fr");
	}

	@Test
	void aCanadianFrenchContactFallsBackToTheFrenchVariant() throws Exception {
		CLOCK.set("2027-03-14T12:00:00Z");
		Api shop = enroll("America/Toronto", "00:00", "00:00");
		MimeMessage mail = thankedAfterSale(shop, "jo", "Josée", "fr-CA");

		assertThat(mail.getSubject()).isEqualTo("Merci, Josée");
		assertThat(text(mail)).contains("14,50" + NBSP + "€").contains("14 mars");
		assertThat(usedLocale(shop, "jo")).isEqualTo("fr");
	}

	@Test
	void aGermanContactWithoutAGermanVariantGetsThePartnersDefaultLanguage() throws Exception {
		CLOCK.set("2027-03-14T12:00:00Z");
		Api shop = enroll("Europe/Berlin", "00:00", "00:00");
		// The default default is English: no "en" variant, so the base, written in
		// English.
		MimeMessage english = thankedAfterSale(shop, "hans", "Hans", "de");
		assertThat(english.getSubject()).isEqualTo("Thank you, Hans");
		assertThat(text(english)).contains("€14.50").contains("March 14");
		assertThat(usedLocale(shop, "hans")).isEqualTo("");

		// The partner now writes in French by default: a German contact gets French.
		Api.Response changed = admin().patch("/api/v1/partners/" + this.partnerId, "{\"defaultLocale\":\"fr\"}");
		assertThat(changed.status()).as(changed.raw().body()).isEqualTo(200);
		assertThat(changed.json().get("defaultLocale").asString()).isEqualTo("fr");
		MimeMessage french = thankedAfterSale(shop, "greta", "Greta", "de");
		assertThat(french.getSubject()).isEqualTo("Merci, Greta");
		assertThat(text(french)).contains("14,50" + NBSP + "€");
		assertThat(usedLocale(shop, "greta")).isEqualTo("fr");

		// A contact without a locale gets the default too.
		MimeMessage none = thankedAfterSale(shop, "nobody", "Nora", null);
		assertThat(none.getSubject()).isEqualTo("Merci, Nora");

		Api.Response bad = admin().patch("/api/v1/partners/" + this.partnerId, "{\"defaultLocale\":\"fr_FR\"}");
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.json().get("field").asString()).isEqualTo("defaultLocale");
	}

	@Test
	void variantsAreEditedPublishedListedAndDeletedThroughTheApi() {
		CLOCK.set("2027-03-14T12:00:00Z");
		Api shop = enroll("UTC", "09:00", "18:00");
		long shopId = this.partnerId;
		Api.Response saved = shop.put("/api/v1/templates/birthday/locales/pt-br",
				"{\"subject\":\"Feliz aniversário, ${contact.firstName!''}\",\"html\":\"<p>Parabéns</p>\",\"text\":\"Parabéns\"}");
		assertThat(saved.status()).as(saved.raw().body()).isEqualTo(201);
		assertThat(saved.json().get("locale").asString()).isEqualTo("pt-BR");
		assertThat(saved.json().get("status").asString()).isEqualTo("DRAFT");
		assertThat(saved.header("Location")).endsWith("/api/v1/templates/birthday/locales/pt-BR/versions/1");

		Api.Response published = shop.post("/api/v1/templates/birthday/locales/pt-BR/publish", "{}");
		assertThat(published.status()).as(published.raw().body()).isEqualTo(200);
		assertThat(published.json().get("status").asString()).isEqualTo("PUBLISHED");

		JsonNode template = shop.get("/api/v1/templates/birthday").json();
		assertThat(template.get("locale").isNull()).isTrue();
		assertThat(template.get("variants")
			.valueStream()
			.map((v) -> v.get("locale").isNull() ? "base" : v.get("locale").asString()))
			.containsExactly("base", "fr", "pt-BR");
		assertThat(shop.get("/api/v1/templates/birthday/locales/pt-BR").json().get("subject").asString())
			.startsWith("Feliz aniversário");

		// The preview renders a variant with its locale's formatting.
		Api.Response preview = shop.post("/api/v1/templates/after-sale-thanks/preview", "{\"locale\":\"fr\"}");
		assertThat(preview.status()).as(preview.raw().body()).isEqualTo(200);
		assertThat(preview.json().get("text").asString()).contains("42,50" + NBSP + "€").contains("10 mars");

		// Bad tags are refused by field; unknown variants are 404.
		for (String tag : new String[] { "fr_FR", "fr!", "und", "12" }) {
			Api.Response bad = shop.put("/api/v1/templates/birthday/locales/" + tag,
					"{\"subject\":\"x\",\"html\":\"x\",\"text\":\"x\"}");
			assertThat(bad.status()).as(tag).isEqualTo(400);
			assertThat(bad.json().get("field").asString()).isEqualTo("locale");
		}
		assertThat(shop.post("/api/v1/templates/birthday/locales/de/publish", "{}").status()).isEqualTo(404);
		assertThat(shop
			.put("/api/v1/templates/no-such-template/locales/fr", "{\"subject\":\"x\",\"html\":\"x\",\"text\":\"x\"}")
			.status()).isEqualTo(404);

		// Another partner sees none of it.
		Api other = enroll("UTC", "09:00", "18:00");
		assertThat(other.get("/api/v1/templates/birthday/locales/pt-BR").status()).isEqualTo(404);
		assertThat(other.delete("/api/v1/templates/birthday/locales/pt-BR").status()).isEqualTo(404);
		assertThat(other.get("/api/v1/templates/birthday").json().get("variants")).hasSize(2);
		this.partnerId = shopId;

		assertThat(shop.delete("/api/v1/templates/birthday/locales/pt-BR").status()).isEqualTo(204);
		assertThat(shop.get("/api/v1/templates/birthday/locales/pt-BR").status()).isEqualTo(404);
		assertThat(shop.get("/api/v1/templates/birthday").json().get("variants")).hasSize(2);
	}

	private MimeMessage thankedAfterSale(Api shop, String ref, String firstName, String locale) {
		shop.patch("/api/v1/programs/after-sale-thanks", "{\"delay\":\"PT0S\"}");
		String email = uniqueEmail(ref);
		Api.Response contact = shop.put("/api/v1/contacts/" + ref, """
				{"email":"%s","firstName":"%s","relationship":"CUSTOMER"%s}""".formatted(email, firstName,
				(locale != null) ? ",\"locale\":\"" + locale + "\"" : ""));
		assertThat(contact.status()).as(contact.raw().body()).isEqualTo(201);
		Api.Response sale = shop.post("/api/v1/sales", """
				{"externalRef":"ORD-%s","contactRef":"%s","amount":14.5,"currency":"EUR",
				 "occurredAt":"2027-03-14T11:58:00Z"}""".formatted(ref, ref));
		assertThat(sale.status()).as(sale.raw().body()).isEqualTo(201);
		eventually().until(() -> TestMail.to(email).size() == 1);
		eventually().until(() -> "SENT".equals(outreachOf(shop, ref).get(0).get("status").asString()));
		return TestMail.to(email).get(0);
	}

	private String usedLocale(Api shop, String ref) {
		long id = outreachOf(shop, ref).get(0).get("id").asLong();
		JsonNode detail = shop.get("/api/v1/outreach/" + id).json();
		return detail.get("locale").asString();
	}

	private static String text(MimeMessage mail) throws Exception {
		return (String) ((Multipart) mail.getContent()).getBodyPart(0).getContent();
	}

	private static String html(MimeMessage mail) throws Exception {
		return (String) ((Multipart) mail.getContent()).getBodyPart(1).getContent();
	}

}
