package io.gratitude;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Package by feature, verified: no cycles between features, no reach into another's
 * internals, and no dependency a module's {@code package-info.java} does not allow.
 */
class ModularityTests {

	/** Where the Documenter writes (it empties the folder first). */
	static final String GENERATED = "target/spring-modulith-docs";

	/**
	 * Committed: the generated files, in a stable order, rewritten only when they differ.
	 */
	static final Path DIAGRAMS = Path.of("docs/modules");

	final ApplicationModules modules = ApplicationModules.of(GratitudeApplication.class);

	@Test
	void featuresDependOnlyOnWhatTheirPackageInfoAllowsAndWithoutCycles() {
		this.modules.verify();
	}

	/**
	 * The outreach table is the queue: its states move only through guarded statements in
	 * the {@code outreach} module ({@code OutreachQueue}, and the module's own erasure
	 * and bounce listeners), so no feature can move a row the dispatcher holds.
	 */
	@Test
	void onlyTheOutreachModuleWritesTheOutreachTable() throws IOException {
		Pattern write = Pattern.compile("(?i)\\b(UPDATE|INSERT\\s+INTO|DELETE\\s+FROM|MERGE\\s+INTO)\\s+outreach\\b");
		Path owner = Path.of("src/main/java/io/gratitude/outreach");
		List<String> strays = new ArrayList<>();
		int ownWrites = 0;
		try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".java")).toList()) {
				long writes = write.matcher(Files.readString(file)).results().count();
				if (file.startsWith(owner)) {
					ownWrites += (int) writes;
				}
				else if (writes > 0) {
					strays.add(file + " (" + writes + ")");
				}
			}
		}
		assertThat(ownWrites).as("writes found in the outreach module (the pattern still matches)").isPositive();
		assertThat(strays).as("writes to the outreach table outside the outreach module").isEmpty();
	}

	@Test
	void moduleDiagramAndCanvasesAreWrittenIntoDocs() throws IOException {
		new Documenter(this.modules, Documenter.Options.defaults().withOutputFolder(GENERATED)).writeDocumentation();
		Files.createDirectories(DIAGRAMS);
		Set<String> written = new TreeSet<>();
		try (Stream<Path> files = Files.list(Path.of(GENERATED))) {
			for (Path file : files.toList()) {
				String name = file.getFileName().toString();
				written.add(name);
				String text = inStableOrder(Files.readAllLines(file));
				Path committed = DIAGRAMS.resolve(name);
				if (!Files.exists(committed) || !Files.readString(committed).equals(text)) {
					Files.writeString(committed, text);
				}
			}
		}
		try (Stream<Path> files = Files.list(DIAGRAMS)) {
			for (Path stale : files.filter((f) -> !written.contains(f.getFileName().toString())).toList()) {
				Files.delete(stale);
			}
		}
	}

	/**
	 * The Documenter lists relationships, components and beans in hash order, which
	 * changes from run to run: each run of such lines sorted, an unchanged graph gives
	 * the same bytes and a rerun leaves the working tree clean.
	 */
	static String inStableOrder(List<String> lines) {
		StringBuilder out = new StringBuilder();
		List<String> run = new ArrayList<>();
		String runKind = null;
		for (String line : lines) {
			String kind = line.startsWith("Rel(") ? "relationship" : line.strip().startsWith("Component(") ? "component"
					: (line.startsWith("* ") || line.startsWith("|* ")) ? "item" : null;
			if (kind == null || !kind.equals(runKind) || line.startsWith("|* ")) {
				appendSorted(run, out);
				runKind = kind;
			}
			if (kind != null) {
				run.add(line);
			}
			else {
				out.append(line).append('\n');
			}
		}
		appendSorted(run, out);
		return out.toString();
	}

	/** A canvas cell's list starts with "|* ": the bar stays on the first line. */
	private static void appendSorted(List<String> run, StringBuilder out) {
		if (run.isEmpty()) {
			return;
		}
		boolean cell = run.get(0).startsWith("|");
		List<String> sorted = new ArrayList<>(run.stream().map((l) -> l.startsWith("|") ? l.substring(1) : l).toList());
		sorted.sort(null);
		for (int i = 0; i < sorted.size(); i++) {
			out.append((i == 0 && cell) ? "|" : "").append(sorted.get(i)).append('\n');
		}
		run.clear();
	}

}
