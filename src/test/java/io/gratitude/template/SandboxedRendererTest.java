package io.gratitude.template;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import freemarker.core.TemplateClassResolver;
import freemarker.template.utility.ObjectConstructor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class SandboxedRendererTest {

	private static final Duration TIMEOUT = Duration.ofMillis(200);

	/**
	 * For everything but the time limit: a limit no render reaches even on a loaded
	 * machine, so a test of another limit (depth, output size) or of plain rendering
	 * never races the clock.
	 */
	private final SandboxedRenderer renderer = new SandboxedRenderer(
			new TemplateLimits(Duration.ofSeconds(30), DataSize.ofKilobytes(64), DataSize.ofKilobytes(8)));

	/**
	 * For the time limit itself: no allocation limit to speak of, since a busy loop
	 * allocates as it goes and would meet the default one first.
	 */
	private final SandboxedRenderer timed = new SandboxedRenderer(
			new TemplateLimits(TIMEOUT, DataSize.ofKilobytes(64), DataSize.ofKilobytes(8), DataSize.ofTerabytes(1)));

	@AfterEach
	void stopRenderThreads() {
		this.renderer.close();
		this.timed.close();
	}

	@Test
	void rendersTheModelInAllThreeParts() {
		TemplateSource source = source("Happy birthday, ${contact.firstName}!",
				"<p>${partner.name} wishes you ${occasion.years} happy returns</p>",
				"<#list items as item>${item}<#sep>, </#list>; ${contact.lastName!\"friend\"}");

		RenderedMessage message = this.renderer.render("birthday-1", source, ana());

		assertThat(message.subject()).isEqualTo("Happy birthday, Ana!");
		assertThat(message.html()).isEqualTo("<p>Rosa&#39;s Bakery wishes you 41 happy returns</p>");
		assertThat(message.text()).isEqualTo("bread, cake; friend");
	}

	@Test
	void escapesValuesInTheHtmlBodyButNotInTheTextBody() {
		Map<String, Object> model = Map.of("contact", Map.of("firstName", "<script>alert(1)</script>"));
		TemplateSource source = source("Hi ${contact.firstName}", "<p>Hi ${contact.firstName}</p>",
				"Hi ${contact.firstName}");

		RenderedMessage message = this.renderer.render("escape-1", source, model);

		assertThat(message.html()).isEqualTo("<p>Hi &lt;script&gt;alert(1)&lt;/script&gt;</p>");
		assertThat(message.text()).isEqualTo("Hi <script>alert(1)</script>");
		assertThat(message.subject()).isEqualTo("Hi <script>alert(1)</script>");
	}

	@Test
	void subjectIsCollapsedIntoOneTrimmedLine() {
		Map<String, Object> model = Map.of("name", "Ana\r\nBcc: victim@example.com");
		TemplateSource source = source("  Hello\n\n ${name}\t\u0000!\u2028 ", "", "");

		RenderedMessage message = this.renderer.render("subject-1", source, model);

		assertThat(message.subject()).isEqualTo("Hello Ana Bcc: victim@example.com !");
	}

	@Test
	void newBuiltInCannotRunCommands(@TempDir Path temp) {
		Path marker = temp.resolve("marker");
		TemplateSource source = source("x",
				"${\"freemarker.template.utility.Execute\"?new()(\"touch " + marker.toAbsolutePath() + "\")}", "x");

		assertThatThrownBy(() -> this.renderer.check(source)).isInstanceOfSatisfying(TemplateRejected.class,
				(rejected) -> assertThat(rejected.reason()).contains("?new"));
		assertThatThrownBy(() -> this.renderer.render("execute-1", source, ana())).isInstanceOf(TemplateRejected.class);
		assertThat(marker).doesNotExist();
	}

	@Test
	void codeBuiltAtRunTimeIsRejected() {
		TemplateSource interpreted = source("x", "<@\"<#list 1..2147483647 as i></#list>\"?interpret />", "x");
		TemplateSource evaluated = source("x", "${(\"1 + \" + \"2\")?eval}", "x");

		assertThatThrownBy(() -> this.renderer.check(interpreted)).isInstanceOfSatisfying(TemplateRejected.class,
				(rejected) -> assertThat(rejected.reason()).isEqualTo("?interpret is not allowed in templates"));
		assertThatThrownBy(() -> this.renderer.check(evaluated)).isInstanceOfSatisfying(TemplateRejected.class,
				(rejected) -> assertThat(rejected.reason()).isEqualTo("?eval is not allowed in templates"));
		assertThatThrownBy(() -> this.renderer.render("interpret-1", interpreted, ana()))
			.isInstanceOf(TemplateRejected.class);
		assertThatThrownBy(() -> this.renderer.render("eval-1", evaluated, ana())).isInstanceOf(TemplateRejected.class);
	}

	@Test
	void interpretedCodeCannotRunCommands(@TempDir Path temp) {
		Path marker = temp.resolve("marker");
		TemplateSource source = source("x", "<@r'${\"freemarker.template.utility.Execute\"?new()(\"touch "
				+ marker.toAbsolutePath() + "\")}'?interpret />", "x");

		assertThatThrownBy(() -> this.renderer.render("interpret-2", source, ana()))
			.isInstanceOf(TemplateRejected.class);
		assertThat(marker).doesNotExist();
	}

	@Test
	void apiBuiltInIsRejected() {
		TemplateSource source = source("x", "${contact?api.getClass().getName()}", "x");

		assertThatThrownBy(() -> this.renderer.check(source)).isInstanceOf(TemplateRejected.class);
		assertThatThrownBy(() -> this.renderer.render("api-1", source, ana())).isInstanceOfSatisfying(
				TemplateRejected.class, (rejected) -> assertThat(rejected.reason()).contains("?api"));
	}

	@Test
	void configurationLocksClassInstantiationAndApiAccessEvenBeyondTheParseTimeCheck() {
		var configuration = this.renderer.configuration();

		assertThat(configuration.getNewBuiltinClassResolver()).isSameAs(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
		assertThat(configuration.isAPIBuiltinEnabled()).isFalse();
		assertThat(configuration.getTemplateLoader()).isNull();
		assertThat(configuration.getObjectWrapper()).isInstanceOf(PlainDataWrapper.class);
	}

	@ParameterizedTest
	@ValueSource(strings = { "${thread.name}", "${file}", "${file.path}", "${bean.reveal()}", "${object}",
			"${nested.list[0].contextClassLoader}", "<#list nested.list as t>${t}</#list>", "${contact.class}",
			"${contact.firstName.class}" })
	void javaObjectsInTheModelAreNotReachable(String html) {
		Map<String, Object> model = new HashMap<>(ana());
		model.put("thread", Thread.currentThread());
		model.put("file", new File("/etc/passwd"));
		model.put("bean", new Secret("s3cret"));
		model.put("object", new Object());
		model.put("nested", Map.of("list", List.of(Thread.currentThread())));

		assertThatThrownBy(() -> this.renderer.render("java-" + html, source("x", html, "x"), model))
			.isInstanceOfSatisfying(TemplateRejected.class,
					(rejected) -> assertThat(rejected.part()).isEqualTo("html"));
	}

	@Test
	void objectConstructorInTheModelCannotInstantiateClasses(@TempDir Path temp) {
		Path marker = temp.resolve("marker");
		Map<String, Object> model = Map.of("make", new ObjectConstructor());
		TemplateSource source = source("x",
				"${make(\"java.io.FileOutputStream\", \"" + marker.toAbsolutePath() + "\")}", "x");

		assertThatThrownBy(() -> this.renderer.render("constructor-1", source, model))
			.isInstanceOf(TemplateRejected.class);
		assertThat(marker).doesNotExist();
	}

	@ParameterizedTest
	@ValueSource(strings = { "<#include \"/etc/passwd\">", "<#import \"/lib.ftl\" as lib>", "<#include \"../footer\">",
			"<#include \"footer.ftl\">", "<#include \"Footer\">", "<#include \"file:///etc/passwd\">",
			"<#include contact.firstName>", "<#include \"${contact.firstName}\">", "<#include \"foot\" + \"er\">",
			"<#include \"footer\" parse=false>", "<#include \"footer\" ignore_missing=true>",
			"<#include \"footer\" encoding=\"UTF-8\">", "<#import contact.firstName as lib>" })
	void includeAndImportOfAnythingButAKeyInQuotesAreRejected(String directive) {
		TemplateSource source = source("x", "", "before\n" + directive);

		assertThatThrownBy(() -> this.renderer.check(source)).isInstanceOfSatisfying(TemplateRejected.class,
				(rejected) -> {
					assertThat(rejected.part()).isEqualTo("text");
					assertThat(rejected.line()).isEqualTo(2);
					assertThat(rejected.column()).isEqualTo(1);
				});
		assertThatThrownBy(() -> this.renderer.render("include-" + directive, source, ana()))
			.isInstanceOf(TemplateRejected.class);
	}

	@Test
	void inlineLambdasAreRejectedBecauseTheyCannotBeInterrupted() {
		TemplateSource source = source("x", "${(1..3)?filter(n -> n > 1)?join(\",\")}", "x");

		assertThatThrownBy(() -> this.renderer.check(source)).isInstanceOfSatisfying(TemplateRejected.class,
				(rejected) -> assertThat(rejected.reason()).contains("lambda"));
	}

	@Test
	void endlessLoopStopsAtTheTimeLimitAndLeavesNoThreadSpinning() {
		TemplateSource source = source("x", "<#list 1..2147483647 as i><#list 1..2147483647 as j></#list></#list>",
				"x");
		long started = System.nanoTime();

		assertThatThrownBy(() -> this.timed.render("loop-1", source, ana()))
			.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
				assertThat(rejected.part()).isEqualTo("html");
				assertThat(rejected.reason()).isEqualTo("rendering took longer than 200ms");
			});
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.timed.busyRenderThreads() == 0);
	}

	@Test
	void exponentialRecursionStopsAtTheTimeLimit() {
		TemplateSource source = source("x",
				"<#macro twice n><#if n gt 0><@twice n - 1/><@twice n - 1/></#if></#macro><@twice 62/>", "x");

		assertThatThrownBy(() -> this.timed.render("recursion-1", source, ana())).isInstanceOfSatisfying(
				TemplateRejected.class,
				(rejected) -> assertThat(rejected.reason()).startsWith("rendering took longer than"));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.timed.busyRenderThreads() == 0);
	}

	@Test
	void functionsPassedToBuiltInsAreInterruptedToo() {
		TemplateSource source = source("x",
				"<#function never n><#list 1..2147483647 as i></#list><#return false></#function>${(1..10)?filter(never)?size}",
				"x");

		assertThatThrownBy(() -> this.timed.render("filter-1", source, ana())).isInstanceOfSatisfying(
				TemplateRejected.class,
				(rejected) -> assertThat(rejected.reason()).startsWith("rendering took longer than"));
		await().atMost(Duration.ofSeconds(2)).until(() -> this.timed.busyRenderThreads() == 0);
	}

	@Test
	void endlessRecursionIsRejected() {
		TemplateSource source = source("x", "<#macro again><@again/></#macro><@again/>", "x");

		assertThatThrownBy(() -> this.renderer.render("recursion-2", source, ana()))
			.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> assertThat(rejected.reason())
				.isEqualTo("macros or functions call each other too deeply"));
	}

	@Test
	void hugeOutputIsRejectedBeforeTheTimeLimit() {
		TemplateSource source = source("x", "x",
				"<#list 1..1000 as a><#list 1..1000 as b><#list 1..1000 as c>lol</#list></#list></#list>");

		assertThatThrownBy(() -> this.renderer.render("laughs-1", source, ana()))
			.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
				assertThat(rejected.part()).isEqualTo("text");
				assertThat(rejected.reason()).isEqualTo("output exceeds 65536 characters");
			});
	}

	@Test
	void includeAndImportGetTheSamePartOfTheOwnersPublishedTemplateInItsLanguage() {
		Map<String, PublishedTemplate> library = new HashMap<>();
		library.put("7/footer/", published(1, "footer", "", "footer subject",
				"<footer>${partner.name} &amp; ${contact.firstName}</footer>", "-- ${partner.name}"));
		library.put("7/footer/fr",
				published(2, "footer", "fr", "", "<footer>Bisous, ${contact.firstName}</footer>", "-- bisous"));
		library.put("7/macros/", published(3, "macros", "", "", "<#macro greet name><b>Hi ${name}</b></#macro>",
				"<#macro greet name>Hi ${name}</#macro>"));
		List<String> asked = new ArrayList<>();
		SandboxedRenderer including = new SandboxedRenderer(
				new TemplateLimits(Duration.ofSeconds(30), DataSize.ofKilobytes(64), DataSize.ofKilobytes(8)),
				(partnerId, key, locale) -> {
					asked.add(partnerId + "/" + key + "/" + locale);
					PublishedTemplate found = library.get(partnerId + "/" + key + "/" + locale);
					return Optional.ofNullable((found != null) ? found : library.get(partnerId + "/" + key + "/"));
				});
		try {
			TemplateSource source = source("Hello <#include \"footer\">",
					"<#import \"macros\" as m><p><@m.greet contact.firstName/></p><#include \"footer\">",
					"<#import \"macros\" as m>Text: <@m.greet contact.firstName/>\n<#include \"footer\">");
			Map<String, Object> model = Map.of("contact", Map.of("firstName", "<Ana>"), "partner",
					Map.of("name", "Rosa's"));

			RenderedMessage base = including.render(new SandboxedRenderer.Owner(7, ""), "main-1", source, model);
			assertThat(base.subject()).isEqualTo("Hello footer subject");
			// escaped in the HTML part, wherever the value is printed
			assertThat(base.html())
				.isEqualTo("<p><b>Hi &lt;Ana&gt;</b></p><footer>Rosa&#39;s &amp; &lt;Ana&gt;</footer>");
			assertThat(base.text()).isEqualTo("Text: Hi <Ana>\n-- Rosa's");
			assertThat(asked).containsExactlyInAnyOrder("7/footer/", "7/macros/");

			RenderedMessage french = including.render(new SandboxedRenderer.Owner(7, "fr"), "main-1", source, model);
			assertThat(french.html()).endsWith("<footer>Bisous, &lt;Ana&gt;</footer>");
			assertThat(french.text()).endsWith("-- bisous");

			// Another partner's render finds nothing of partner 7's.
			assertThatThrownBy(() -> including.render(new SandboxedRenderer.Owner(8, ""), "main-1", source, model))
				.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
					assertThat(rejected.part()).isEqualTo("subject");
					assertThat(rejected.reason()).contains("There is no published template \"footer\" of yours");
				});
			// Nor does a render that names no owner.
			assertThatThrownBy(() -> including.render("main-1", source, model)).isInstanceOf(TemplateRejected.class);
		}
		finally {
			including.close();
		}
	}

	@Test
	void aCandidateReplacesTheVariantItWouldReplaceAndIncludedKeysFollowTheChain() {
		Map<String, PublishedTemplate> library = Map.of("footer/", published(1, "footer", "", "", "old base", ""),
				"footer/fr", published(2, "footer", "fr", "", "old fr", ""), "wrapper/",
				published(3, "wrapper", "", "", "[<#include \"footer\">]", ""));
		SandboxedRenderer including = new SandboxedRenderer(
				new TemplateLimits(Duration.ofSeconds(30), DataSize.ofKilobytes(64), DataSize.ofKilobytes(8)),
				(partnerId, key, locale) -> Optional
					.ofNullable(library.getOrDefault(key + "/" + locale, library.get(key + "/"))));
		try {
			TemplateSource main = source("x", "<#include \"wrapper\">", "x");
			SandboxedRenderer.Owner base = new SandboxedRenderer.Owner(7, "");
			SandboxedRenderer.Owner french = new SandboxedRenderer.Owner(7, "fr");
			PublishedTemplate newBase = published(9, "footer", "", "", "new base", "");

			assertThat(including.includedKeys(base, "main-2", main)).containsExactly("wrapper", "footer");
			assertThat(including.renderWith(base, "main-2", main, ana(), newBase).html()).isEqualTo("[new base]");
			// the French variant is not what a new base replaces
			assertThat(including.renderWith(french, "main-2", main, ana(), newBase).html()).isEqualTo("[old fr]");
			// and nothing changed for real
			assertThat(including.render(base, "main-2", main, ana()).html()).isEqualTo("[old base]");
		}
		finally {
			including.close();
		}
	}

	@Test
	void anIncludedTemplateIsHeldToTheSameLimitsAndAnIncludeLoopIsStopped() {
		Map<String, PublishedTemplate> library = Map.of("spin",
				published(1, "spin", "", "", "<#list 1..2147483647 as i><#list 1..2147483647 as j></#list></#list>",
						""),
				"self", published(2, "self", "", "", "<#include \"self\">", ""), "chain-0",
				published(3, "chain-0", "", "", "", ""));
		SandboxedRenderer including = new SandboxedRenderer(
				new TemplateLimits(TIMEOUT, DataSize.ofKilobytes(64), DataSize.ofKilobytes(8), DataSize.ofTerabytes(1)),
				(partnerId, key, locale) -> Optional.ofNullable(library.get(key)));
		SandboxedRenderer.Owner owner = new SandboxedRenderer.Owner(7, "");
		try {
			assertThatThrownBy(
					() -> including.render(owner, "spin-main", source("x", "<#include \"spin\">", "x"), ana()))
				.isInstanceOfSatisfying(TemplateRejected.class,
						(rejected) -> assertThat(rejected.reason()).isEqualTo("rendering took longer than 200ms"));
			await().atMost(Duration.ofSeconds(2)).until(() -> including.busyRenderThreads() == 0);
			assertThatThrownBy(
					() -> including.render(owner, "self-main", source("x", "<#include \"self\">", "x"), ana()))
				.isInstanceOf(TemplateRejected.class);
			StringBuilder many = new StringBuilder();
			for (int i = 0; i <= SandboxedRenderer.MAX_INCLUDED; i++) {
				many.append("<#if false><#include \"chain-").append(i).append("\"></#if>");
			}
			assertThatThrownBy(() -> including.render(owner, "many-main", source("x", many.toString(), "x"), ana()))
				.isInstanceOfSatisfying(TemplateRejected.class,
						(rejected) -> assertThat(rejected.reason()).startsWith("a message may include at most 20"));
			// An include that does not run needs no template.
			assertThat(including
				.render(owner, "unused-main", source("x", "<#if false><#include \"missing\"></#if>ok", "x"), ana())
				.html()).isEqualTo("ok");
		}
		finally {
			including.close();
		}
	}

	private static PublishedTemplate published(long versionId, String key, String locale, String subject, String html,
			String text) {
		return new PublishedTemplate(versionId, key, locale, 1, new TemplateSource(key, subject, html, text));
	}

	@Test
	void aStringDoubledInALoopStopsAtTheMemoryLimitLongBeforeTheHeapRunsOut() {
		// 2^40 characters: without the limit this ends in an OutOfMemoryError, after
		// taking most of the heap that every other thread needs
		TemplateSource source = source("x",
				"<#assign s = 'x'><#list 1..40 as i><#assign s = s + s></#list>${s?length?c}", "x");

		assertThatThrownBy(() -> this.renderer.render("doubling-1", source, ana()))
			.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
				assertThat(rejected.part()).isEqualTo("html");
				assertThat(rejected.reason()).isEqualTo("rendering allocated more than 64MB of memory");
			});
		await().atMost(Duration.ofSeconds(5)).until(() -> this.renderer.busyRenderThreads() == 0);
	}

	@Test
	void aRecursiveFunctionDoublingAStringStopsAtTheMemoryLimit() {
		TemplateSource source = source("x", "x", "<#function twice s n><#if n == 0><#return s></#if>"
				+ "<#return twice(s + s, n - 1)></#function>${twice('x', 40)?length?c}");

		assertThatThrownBy(() -> this.renderer.render("doubling-2", source, ana()))
			.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
				assertThat(rejected.part()).isEqualTo("text");
				assertThat(rejected.reason()).isEqualTo("rendering allocated more than 64MB of memory");
			});
	}

	@Test
	void theMemoryLimitIsTheConfiguredOneAndARenderWithinItIsUnaffected() {
		SandboxedRenderer small = new SandboxedRenderer(new TemplateLimits(Duration.ofSeconds(30),
				DataSize.ofKilobytes(64), DataSize.ofKilobytes(8), DataSize.ofMegabytes(8)));
		try {
			// a million characters (about 2MB allocated in all) is fine
			TemplateSource fine = source("x",
					"<#assign s = 'x'><#list 1..20 as i><#assign s = s + s></#list>${s?length?c}", "x");
			assertThat(small.render("doubling-3", fine, ana()).html()).isEqualTo("1048576");
			// 32 million is not
			TemplateSource tooMuch = source("x",
					"<#assign s = 'x'><#list 1..25 as i><#assign s = s + s></#list>${s?length?c}", "x");
			assertThatThrownBy(() -> small.render("doubling-4", tooMuch, ana()))
				.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> assertThat(rejected.reason())
					.isEqualTo("rendering allocated more than 8MB of memory"));
		}
		finally {
			small.close();
		}
	}

	@Test
	void oversizeTemplatesAreRejected() {
		TemplateSource source = source("x", "x".repeat(8 * 1024 + 1), "x");

		assertThatThrownBy(() -> this.renderer.check(source)).isInstanceOfSatisfying(TemplateRejected.class,
				(rejected) -> {
					assertThat(rejected.part()).isEqualTo("html");
					assertThat(rejected.reason()).contains("8193 bytes");
				});
		assertThatThrownBy(() -> this.renderer.render("big-1", source, ana())).isInstanceOf(TemplateRejected.class);
	}

	@Test
	void syntaxErrorsNameThePartLineAndColumn() {
		TemplateSource source = source("x", "<p>\n  Hello\n  ${contact.firstName + }\n</p>", "x");

		assertThatThrownBy(() -> this.renderer.check(source)).isInstanceOfSatisfying(TemplateRejected.class,
				(rejected) -> {
					assertThat(rejected.part()).isEqualTo("html");
					assertThat(rejected.line()).isEqualTo(3);
					assertThat(rejected.column()).isEqualTo(25);
					assertThat(rejected.getMessage()).startsWith("html line 3, column 25: Encountered \"}\"");
				});
	}

	@Test
	void renderErrorsNameThePartLineAndColumn() {
		TemplateSource source = source("Hi\n  ${contact.nickname}", "x", "x");

		assertThatThrownBy(() -> this.renderer.render("missing-1", source, ana()))
			.isInstanceOfSatisfying(TemplateRejected.class, (rejected) -> {
				assertThat(rejected.part()).isEqualTo("subject");
				assertThat(rejected.line()).isEqualTo(2);
				assertThat(rejected.column()).isEqualTo(5);
				assertThat(rejected.reason()).contains("contact.nickname");
			});
	}

	@Test
	void aCachedVersionIsNotParsedAgainSoKeysMustIdentifyImmutableVersions() {
		TemplateSource first = source("first", "first", "first");
		TemplateSource edited = source("edited", "edited", "edited");

		this.renderer.render("welcome-v1", first, ana());
		RenderedMessage again = this.renderer.render("welcome-v1", edited, ana());
		RenderedMessage nextVersion = this.renderer.render("welcome-v2", edited, ana());

		assertThat(again.subject()).isEqualTo("first");
		assertThat(nextVersion.subject()).isEqualTo("edited");
	}

	@Test
	void cacheForgetsTheLeastRecentlyUsedVersions() {
		this.renderer.render("v0", source("old", "old", "old"), ana());
		for (int i = 1; i <= SandboxedRenderer.CACHE_CAPACITY; i++) {
			this.renderer.render("v" + i, source("x", "x", "x"), ana());
		}

		assertThat(this.renderer.render("v0", source("new", "new", "new"), ana()).subject()).isEqualTo("new");
	}

	@Test
	void checkAcceptsAGoodTemplateAndCachesNothing() {
		TemplateSource good = source("Hi ${contact.firstName}", "<p>${contact.firstName}</p>", "Hi");

		assertThatNoException().isThrownBy(() -> this.renderer.check(good));
		assertThat(this.renderer.render("checked", source("rendered", "", ""), ana()).subject()).isEqualTo("rendered");
	}

	private static TemplateSource source(String subject, String html, String text) {
		return new TemplateSource("test", subject, html, text);
	}

	private static Map<String, Object> ana() {
		return Map.of("contact", Map.of("firstName", "Ana", "isClient", true), "partner",
				Map.of("name", "Rosa's Bakery"), "occasion", Map.of("years", 41), "items", List.of("bread", "cake"));
	}

	record Secret(String value) {

		public String reveal() {
			return this.value;
		}

	}

}
