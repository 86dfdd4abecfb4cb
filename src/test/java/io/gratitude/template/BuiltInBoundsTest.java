package io.gratitude.template;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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

	/**
	 * A sequence doubled in a loop: FreeMarker's own {@code +} makes a lazy concatenation
	 * whose size, elements and walk go through every one of its 2^n parts, in one
	 * uninterruptible call; bounded, the doubling that passes the limit is refused.
	 */
	@ParameterizedTest(name = "{0} x{1}")
	@CsvSource(delimiter = '|', textBlock = """
			<#assign s = s + s>                               | 30
			<#assign s = s + s>                               | 60
			<#assign s += s>                                  | 30
			<#assign s += s>                                  | 60
			<#assign s = [s + s][0]>                          | 30
			<#assign s = {"v": s + s}.v>                      | 30
			<#assign s = f(s + s)>                            | 30
			<@m s + s/>                                       | 30
			<#list [s + s] as t><#assign s = t></#list>       | 30
			""")
	void aSequenceDoubledInALoopIsRefusedWhenItPassesTheLimit(String step, int doublings) {
		String template = "<#function f x><#return x></#function><#macro m x><#assign s = x></#macro>"
				+ "<#assign s = [1]><#list 1.." + doublings + " as i>" + step
				+ "</#list>${s?size} <#list s as x>${x}</#list> ${s[0]} ${s?join(\",\")} ${s?seq_contains(2)?c}";

		assertRefusedAtOnce(template, "131072 elements", "max-sequence-size");
	}

	/** Wherever {@code +} is written, it is bounded: here s has 65536 elements. */
	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			${(s + s)?size}
			${"${(s + s)?size}"}
			<#list s + s as x></#list>
			<#assign t = {"v": s + s}>
			<#assign t = [s + s]>
			${f(s + s)?size}
			<@m s + s/>
			<#macro d x = s + s>${x?size}</#macro><@d/>
			<#assign t = s><#assign t += s>
			<#macro l><#local t = s><#local t += s></#macro><@l/>
			<#macro g><#global t = s><#global t += s></#macro><@g/>
			${(s?size > 0)?then(s + s, s)?size}
			<#if (s + s)?has_content>x</#if>
			""")
	void aConcatenationPastTheLimitIsRefusedWhereverItIsWritten(String use) {
		String template = "<#function f x><#return x></#function><#macro m x>${x?size}</#macro>"
				+ "<#assign s = [1]><#list 1..16 as i><#assign s = s + s></#list>" + use;

		assertRefusedAtOnce(template, "131072 elements", "max-sequence-size");
	}

	@Test
	void aHashDoubledInALoopStaysFast() {
		String template = "<#assign h = {\"a\": 1, \"b\": 2}><#list 1..60 as i><#assign h = h + h></#list>"
				+ "<#list 1..60 as i><#assign h += h></#list>"
				+ "${h?size} ${h.b} ${h.missing!\"-\"} ${h?keys?join(\",\")} ${h?values?join(\",\")}"
				+ " <#list h as k, v>${k}=${v};</#list>";
		long start = System.nanoTime();

		assertThat(render(template)).isEqualTo("2 2 - a,b 1,2 a=1;b=2;");
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void aHashConcatenationPastTheLimitIsRefused() {
		Map<String, Object> model = Map.of("a", entries("a", 60000), "b", entries("b", 60000));

		assertRefusedAtOnce(() -> render("${(a + b)?size}", model), "120000 entries", "max-sequence-size");
		assertRefusedAtOnce(() -> render("<#assign h = a><#assign h += b>${h?size}", model), "120000 entries",
				"max-sequence-size");
		// the same keys twice make no more entries
		assertThat(render("${(a + a)?size?c}", model)).isEqualTo("60000");
	}

	@Test
	void concatenationsWithinTheLimitWorkAndKeepTheirOrder() {
		String template = """
				<#assign s = [1, 2]><#list 1..3 as i><#assign s = s + [i * 10]></#list><#assign s += ["x"]>\
				<#assign t = s + s>${s?join(",")}|${t?size}|${t[7]}|${(s + [])?size}|\
				<#list (["a"] + ["b"]) + ["c"] as x>${x}</#list>|\
				<#assign a = [1]><#assign b = a + [2]><#assign c = a + [3]>${b?join(",")} ${c?join(",")} ${a?size}|\
				${((1..50000) + (50001..100000))?size?c} ${((1..50000) + (50001..100000))[99999]?c}|\
				<#assign h = {"a": 1, "b": 2} + {"c": 3, "a": 4}>${h?keys?join(",")} ${h?values?join(",")} ${h.a}|\
				<#assign g = {"a": 1}><#assign g += {"b": 2}>${g?keys?join(",")}|${({} + g)?size} ${(g + {})?size}|\
				${"a" + "b"} ${1 + 2} ${"n" + 1}""";

		assertThat(render(template))
			.isEqualTo("1,2,10,20,30,x|12|2|6|abc|1,2 1,3 1|100000 100000|a,b,c 4,2,3 4|" + "a,b|2 2|ab 3 n1");
	}

	private static Map<String, Integer> entries(String prefix, int count) {
		Map<String, Integer> entries = new java.util.LinkedHashMap<>();
		for (int i = 0; i < count; i++) {
			entries.put(prefix + i, i);
		}
		return entries;
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
		assertRefusedAtOnce(() -> render(template), builtIn, setting);
	}

	private void assertRefusedAtOnce(ThrowingCallable render, String builtIn, String setting) {
		long start = System.nanoTime();
		assertThatThrownBy(render).isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
			assertThat(rejected.reason()).contains(builtIn).contains(setting);
		});
		// Far below any time limit: the bound is checked before the work, not after.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(1)).until(() -> this.renderer.busyRenderThreads() == 0);
	}

	private String render(String template) {
		return render(template, Map.of());
	}

	private String render(String template, Map<String, ?> model) {
		return this.renderer.renderUncached(new TemplateSource("t", "x", "x", template), model).text();
	}

	private static TemplateSource source(String html) {
		return new TemplateSource("t", "x", html, "x");
	}

}
