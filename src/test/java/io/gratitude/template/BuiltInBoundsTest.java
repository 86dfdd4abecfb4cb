package io.gratitude.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The work inside one built-in is bounded before it starts: each of these would run for
 * seconds to hours in one uninterruptible Java loop, and is refused at once instead,
 * naming the built-in and the setting; the formatting built-ins with arguments work.
 */
class BuiltInBoundsTest {

	/**
	 * A time limit no refusal comes near: a refusal must come from the bound, not the
	 * clock (the default allocation limit would stop some of these otherwise).
	 */
	private final SandboxedRenderer renderer = new SandboxedRenderer(new TemplateLimits(Duration.ofSeconds(30),
			DataSize.ofKilobytes(512), DataSize.ofKilobytes(64), DataSize.ofTerabytes(1)));

	@AfterEach
	void stopRenderThreads() {
		this.renderer.close();
	}

	/** A text of 2^n characters, built in a loop (interruptible, like any loop). */
	private static String text(String name, String seed, int doublings) {
		return "<#assign " + name + "=\"" + seed + "\"><#list 1.." + doublings + " as i><#assign " + name + "=" + name
				+ "+" + name + "></#list>";
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			${(1..400000000)?seq_contains(-1)?c}              | ?seq_contains | max-sequence-size
			${(1..400000000)?seq_index_of(-1)}                | ?seq_index_of | max-sequence-size
			${(1..<400000000)?seq_last_index_of(-1)}          | ?seq_last_index_of | max-sequence-size
			${(0..*400000000)?join(",")}                      | ?join | max-sequence-size
			${(1..)?seq_contains(-1)?c}                       | ?seq_contains | max-sequence-size
			${(1..400000000)?min}                             | ?min | max-sequence-size
			${(1..400000000)?max}                             | ?max | max-sequence-size
			${(1..400000000)?sort?first}                      | ?sort | max-sequence-size
			${(1..400000000)?sequence?size}                   | ?sequence | max-sequence-size
			${(1..400000000)?chunk(2)?size}                   | ?chunk | max-sequence-size
					${"7"?left_pad(2000000000, "0")}                  | ?left_pad | max-pad-width
			${"7"?right_pad(2000000000)}                      | ?right_pad | max-pad-width
			""")
	void aBuiltInGivenTooMuchIsRefusedBeforeItStarts(String template, String builtIn, String setting) {
		assertRefusedAtOnce(template, builtIn, setting);
	}

	@ParameterizedTest(name = "{1}")
	@CsvSource(delimiter = '|', textBlock = """
			${t?index_of(p)}          | ?index_of
			${t?last_index_of(p)}     | ?last_index_of
			${t?contains(p)?c}        | ?contains
			${t?replace(p, "x")}      | ?replace
			${t?split(p)?size}        | ?split
			${t?keep_before(p)}       | ?keep_before
			${t?keep_after_last(p)}   | ?keep_after_last
			${t?matches(p)?c}         | ?matches
			""")
	void aSearchOfAHugeTextIsRefused(String search, String builtIn) {
		// 512 K of text, 256 K of pattern: quadratic, seconds in one call
		String template = text("t", "a", 19) + text("p", "a", 18) + search;

		assertRefusedAtOnce(template, builtIn, "max-search-text");
	}

	@Test
	void aHugePatternIsRefusedEvenInASmallText() {
		assertRefusedAtOnce(text("p", "a", 11) + "${\"abc\"?index_of(p)}", "?index_of", "max-argument-length");
	}

	@Test
	void aReplacementThatWouldMultiplyTheTextIsRefused() {
		// an empty pattern matches between every two characters
		assertRefusedAtOnce(text("t", "a", 15) + text("r", "b", 9) + "${t?replace(\"\", r)?length}", "?replace",
				"max-built-string");
	}

	@Test
	void aJoinThatWouldBuildAHugeStringIsRefused() {
		assertRefusedAtOnce(text("t", "a", 15) + "<#assign s=[]><#list 1..40 as i><#assign s=s+[t]></#list>"
				+ "${s?join(\",\")?length}", "?join", "max-built-string");
	}

	@Test
	void aCatastrophicRegularExpressionIsRefusedAfterItsTrial() {
		// (.*a){10}x against 30 a's: C(30, 10) ways to fail, seconds in Java's engine
		String text = "a".repeat(30);
		assertRefusedAtOnce("${\"" + text + "\"?matches(\"(.*a){10}x\")?c}", "?matches", "regex-timeout");
		assertRefusedAtOnce("${\"" + text + "\"?replace(\"(.*a){10}x\", \"y\", \"r\")}", "?replace", "regex-timeout");
	}

	@Test
	void aNumberOfABillionDigitsIsRefusedWhereItIsMade() {
		assertThatThrownBy(() -> this.renderer.check(source("${1e999999999 + 1}")))
			.isInstanceOf(TemplateRejected.class);
		assertRefusedAtOnce("${\"1e999999999\"?number + 1}", "?number", "1e999999999");
	}

	@Test
	void aBuiltInWhoseArgumentsAreCheckedMustBeCalledWhereItIsWritten() {
		assertThatThrownBy(() -> this.renderer.check(source("<#assign f = \"abc\"?index_of>${f(\"b\")}")))
			.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
				assertThat(rejected.part()).isEqualTo("html");
				assertThat(rejected.line()).isEqualTo(1);
				assertThat(rejected.reason()).contains("?index_of must be called where it is written");
			});
	}

	@Test
	void builtInsWithinTheirBoundsWork() {
		String template = text("t", "ab", 14)
				+ "${t?index_of(\"ba\")} ${t?length?c} ${(1..100000)?seq_contains(100000)?c}"
				+ " ${t?replace(\"ab\", \"c\")?length?c} ${\"aaab\"?matches(\"(a+)+b\")?c}";

		assertThat(render(template)).isEqualTo("1 32768 true 16384 true");
	}

	@Test
	void formattingBuiltInsWithArgumentsWork() {
		String template = """
				${amount?string("0.00")}|${amount?string(",##0.0")}|${isClient?string("yes", "no")}|\
				${items?join(", ")}|${day?left_pad(2, "0")}|${"x"?right_pad(3, ".")}|\
				${"a-b-c"?replace("-", "+")}|${"Rosa's Bakery"?keep_before(" ")}|${"Rosa's Bakery"[0..3]}|\
				${"Rosa's Bakery"?substring(7)}|${"2027-03-10"?date("yyyy-MM-dd")?string("d MMMM yyyy")}|\
				${"14:05"?time("HH:mm")?string("h:mm a")}|${amount?string.currency}|${"x,y"?split(",")?join("/")}|\
				${"Ana"?ensure_starts_with("Dear ")}|${"abc"?index_of("c")}""";
		Map<String, Object> model = Map.of("amount", 1234.5, "isClient", true, "items", List.of("bread", "cake"), "day",
				"7");

		assertThat(this.renderer.render("formats", new TemplateSource("t", "x", "x", template), model).text())
			.isEqualTo("1234.50|1,234.5|yes|bread, cake|07|x..|a+b+c|Rosa's|Rosa|Bakery|10 March 2027|2:05 PM|"
					+ "¤1,234.50|x/y|Dear Ana|2");
	}

	private void assertRefusedAtOnce(String template, String builtIn, String setting) {
		long start = System.nanoTime();
		assertThatThrownBy(() -> render(template)).isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
			assertThat(rejected.reason()).contains(builtIn).contains(setting);
		});
		// Far below any time limit: the bound is checked before the work, not after.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(1)).until(() -> this.renderer.busyRenderThreads() == 0);
	}

	private String render(String template) {
		return this.renderer.renderUncached(new TemplateSource("t", "x", "x", template), Map.of()).text();
	}

	private static TemplateSource source(String html) {
		return new TemplateSource("t", "x", html, "x");
	}

}
