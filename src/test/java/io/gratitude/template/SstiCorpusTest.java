package io.gratitude.template;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Known FreeMarker server-side template injection payloads
 * ({@code src/test/resources/security/ssti-payloads.txt}) against the sandbox, each as
 * the HTML part of a template: those the construct check can see are refused when a draft
 * is saved, every one is refused by a render, and none runs anything (the marker file a
 * payload tries to create never appears).
 */
class SstiCorpusTest {

	private static final String CORPUS = "/security/ssti-payloads.txt";

	/** The production limits but for a shorter time limit, to keep the corpus quick. */
	private final SandboxedRenderer renderer = new SandboxedRenderer(
			new TemplateLimits(Duration.ofMillis(500), DataSize.ofKilobytes(512), DataSize.ofKilobytes(64)));

	@AfterEach
	void stopRenderThreads() {
		this.renderer.close();
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("payloads")
	void isRefusedAndRunsNothing(String where, String payload, @TempDir Path temp) {
		Path marker = temp.resolve("marker");
		String html = payload.replace("{marker}", marker.toAbsolutePath().toString()).replace("{ftl}", "\n");
		TemplateSource source = new TemplateSource("corpus", "Hello", html, "Hello");

		if (where.equals("save")) {
			assertThatThrownBy(() -> this.renderer.check(source)).as("refused at save")
				.isInstanceOf(TemplateRejected.class);
		}
		else {
			// Valid FreeMarker: only running it shows what it does.
			assertThatNoException().isThrownBy(() -> this.renderer.check(source));
		}
		assertThatThrownBy(() -> this.renderer.render("corpus-" + html.hashCode(), source, model()))
			.as("refused at render")
			.isInstanceOf(TemplateRejected.class);
		assertThat(marker).as("nothing ran").doesNotExist();
	}

	@Test
	void theCorpusHoldsBothKindsOfPayload() throws IOException {
		List<Arguments> payloads = payloads().toList();

		assertThat(payloads).hasSizeGreaterThanOrEqualTo(35);
		assertThat(payloads).extracting((arguments) -> arguments.get()[0]).containsOnly("save", "render");
		assertThat(payloads).extracting((arguments) -> (String) arguments.get()[1])
			.anyMatch((payload) -> payload.contains("Execute\"?new()"))
			.anyMatch((payload) -> payload.contains("ObjectConstructor"))
			.anyMatch((payload) -> payload.contains("JythonRuntime"))
			.anyMatch((payload) -> payload.contains("?api.class.protectionDomain.classLoader"))
			.anyMatch((payload) -> payload.contains("/etc/passwd"))
			.anyMatch((payload) -> payload.contains("1..2147483647"));
	}

	static Stream<Arguments> payloads() throws IOException {
		try (InputStream in = Objects.requireNonNull(SstiCorpusTest.class.getResourceAsStream(CORPUS), CORPUS)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
				.filter((line) -> !line.isBlank() && !line.startsWith("#"))
				.map((line) -> line.split("\t", 2))
				.map((fields) -> Arguments.of(fields[0], fields[1]))
				.toList()
				.stream();
		}
	}

	private static Map<String, Object> model() {
		return Map.of("contact", Map.of("firstName", "Ana", "isClient", true), "partner",
				Map.of("name", "Rosa's Bakery"));
	}

}
