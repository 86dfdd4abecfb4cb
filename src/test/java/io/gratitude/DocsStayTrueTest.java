package io.gratitude;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What README.md and {@code docs/} point at must exist: every test class they name (a
 * rename or a move leaves them stale otherwise), every relative link and every path under
 * {@code src/} or {@code docs/} they quote.
 */
class DocsStayTrueTest {

	private static final Pattern TEST_NAME = Pattern.compile("`([A-Z][A-Za-z0-9]*Tests?)`");

	private static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");

	private static final Pattern QUOTED_PATH = Pattern.compile("`((?:src|docs|bench|config|templates)/[^`\\s*{}<>]+)`");

	@Test
	void everyTestClassTheDocsNameExists() throws IOException {
		Set<String> tests;
		try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
			tests = files.map((p) -> p.getFileName().toString())
				.filter((n) -> n.endsWith(".java"))
				.map((n) -> n.substring(0, n.length() - 5))
				.collect(Collectors.toSet());
		}
		List<String> missing = new ArrayList<>();
		for (Path doc : docs()) {
			Matcher m = TEST_NAME.matcher(Files.readString(doc));
			while (m.find()) {
				if (!tests.contains(m.group(1))) {
					missing.add(doc + ": " + m.group(1));
				}
			}
		}
		assertThat(missing).as("test classes named in the docs that do not exist").isEmpty();
	}

	@Test
	void everyRelativeLinkAndQuotedPathResolves() throws IOException {
		List<String> broken = new ArrayList<>();
		for (Path doc : docs()) {
			String text = Files.readString(doc);
			Matcher link = LINK.matcher(text);
			while (link.find()) {
				String target = link.group(1);
				if (!target.contains("://") && !target.startsWith("mailto:")
						&& !Files.exists(doc.toAbsolutePath().getParent().resolve(target))) {
					broken.add(doc + ": link " + target);
				}
			}
			Matcher quoted = QUOTED_PATH.matcher(text);
			while (quoted.find()) {
				if (!Files.exists(Path.of(quoted.group(1)))) {
					broken.add(doc + ": path " + quoted.group(1));
				}
			}
		}
		assertThat(broken).as("links and paths in the docs that point nowhere").isEmpty();
	}

	private static List<Path> docs() throws IOException {
		List<Path> docs = new ArrayList<>();
		docs.add(Path.of("README.md"));
		try (Stream<Path> files = Files.list(Path.of("docs"))) {
			files.filter((p) -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
		}
		assertThat(docs).hasSizeGreaterThan(5);
		return docs;
	}

}
