package io.gratitude.console;

import io.gratitude.ConsoleClient;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The template editor's language switcher: variants listed, added, edited and previewed.
 */
class TemplateLocalesConsoleTest extends IntegrationTest {

	@Test
	void theEditorListsTheVariantsAndAddsEditsAndPreviewsOne() {
		CLOCK.set("2027-03-14T12:00:00Z");
		enroll("Europe/Paris", "09:00", "18:00");
		long shop = this.partnerId;
		ConsoleClient staff = console(shop, StaffRole.PARTNER_ADMIN);
		String editor = "/console/partners/" + shop + "/templates/after-sale-thanks";

		ConsoleClient.Page page = staff.get(editor);
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.doc().select(".locale-tab").eachText()).containsExactly("Base", "fr");
		assertThat(page.one(".locale-tab.current").text()).isEqualTo("Base");
		assertThat(page.one("label[for=new-locale]").text()).isEqualTo("+ Add a language");

		ConsoleClient.Page french = staff.get(editor + "?locale=fr");
		assertThat(french.status()).isEqualTo(200);
		assertThat(french.one(".locale-tab.current").text()).isEqualTo("fr");
		assertThat(french.one("#subject").text()).startsWith("Merci");
		assertThat(french.one("#editor-form input[name=locale]").val()).isEqualTo("fr");

		// The preview renders the variant with French formatting.
		ConsoleClient.Page preview = staff.postJson(editor + "/preview",
				"{\"subject\":\"x\",\"html\":\"<p>${sale.amountText}</p>\",\"text\":\"${sale.dateText}\",\"locale\":\"fr\"}");
		assertThat(preview.status()).isEqualTo(200);
		assertThat(preview.raw().body()).contains("42,50\u00a0€").contains("10 mars");

		// Adding a language copies the base into a draft of the new variant.
		ConsoleClient.Page added = staff.post(editor + "/locales", "locale", "de");
		assertThat(added.status()).isEqualTo(200);
		assertThat(added.path()).endsWith("?locale=de");
		assertThat(added.one("#saved-message").text()).contains("de variant");
		assertThat(added.doc().select(".locale-tab").eachText()).containsExactly("Base", "de Draft", "fr");

		// Saving and publishing work on the variant only.
		ConsoleClient.Page published = staff.post(editor, "locale", "de", "subject", "Danke, ${contact.firstName!''}",
				"html", "<p>Danke</p>", "text", "Danke", "action", "publish");
		assertThat(published.one("#saved-message").text()).startsWith("Published version 2");
		assertThat(staff.get(editor).one("#subject").text()).startsWith("Thank you");

		ConsoleClient.Page bad = staff.post(editor + "/locales", "locale", "german!");
		assertThat(bad.one("#new-locale-error").text()).contains("language tag");
		assertThat(bad.one("#new-locale").attr("aria-invalid")).isEqualTo("true");

		assertThat(staff.get(editor + "?locale=es").status()).isEqualTo(404);

		// Another partner's staff see none of it, through their URL or the shop's.
		enroll("Europe/Paris", "09:00", "18:00");
		long other = this.partnerId;
		ConsoleClient stranger = console(other, StaffRole.PARTNER_ADMIN);
		assertThat(stranger.get(editor + "?locale=de").status()).isEqualTo(404);
		assertThat(stranger.get("/console/partners/" + other + "/templates/after-sale-thanks?locale=de").status())
			.isEqualTo(404);
		assertThat(stranger.post("/console/partners/" + shop + "/templates/after-sale-thanks/locales", "locale", "it")
			.status()).isEqualTo(404);
	}

	@Test
	void thePartnersDefaultLanguageIsChangedOnTheSettingsPage() {
		enroll("Europe/Paris", "09:00", "18:00");
		ConsoleClient staff = console(this.partnerId, StaffRole.PARTNER_ADMIN);
		String settings = "/console/partners/" + this.partnerId + "/settings";
		ConsoleClient.Page form = staff.get(settings);
		assertThat(form.one("#defaultLocale").val()).isEqualTo("en");
		assertThat(form.one("label[for=defaultLocale]").text()).isEqualTo("Default language");

		String[] fields = { "name", "Shop", "senderName", "Rosa", "senderEmail", "thanks@shop.example", "timeZone",
				"Europe/Paris", "windowStart", "09:00", "windowEnd", "18:00", "frequencyCapHours", "72",
				"leapDayPolicy", "FEB_28" };
		ConsoleClient.Page bad = staff.post(settings, with(fields, "defaultLocale", "French"));
		assertThat(bad.status()).isEqualTo(400);
		assertThat(bad.one("#defaultLocale-error").text()).contains("language tag");
		assertThat(admin().get("/api/v1/partners/" + this.partnerId).json().get("defaultLocale").asString())
			.isEqualTo("en");

		ConsoleClient.Page saved = staff.post(settings, with(fields, "defaultLocale", "pt-br"));
		assertThat(saved.one(".alert-ok").text()).isEqualTo("Settings saved.");
		assertThat(saved.one("#defaultLocale").val()).isEqualTo("pt-BR");
		assertThat(admin().get("/api/v1/partners/" + this.partnerId).json().get("defaultLocale").asString())
			.isEqualTo("pt-BR");
	}

	private static String[] with(String[] fields, String name, String value) {
		String[] all = java.util.Arrays.copyOf(fields, fields.length + 2);
		all[fields.length] = name;
		all[fields.length + 1] = value;
		return all;
	}

}
