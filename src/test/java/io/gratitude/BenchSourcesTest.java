package io.gratitude;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmarks under {@code bench/} are not run by the build (they take an hour and a
 * quiet machine), but they must not rot: this compiles them against the application as it
 * is now, and checks that the report turns results into the medians
 * {@code docs/benchmarks.md} shows, leaving the text around its markers alone.
 */
class BenchSourcesTest {

	@TempDir
	Path temp;

	@Test
	void benchSourcesCompileAndTheReportShowsMedians() throws Exception {
		Path classes = compileBench();

		Path work = Files.createDirectories(this.temp.resolve("work"));
		Files.writeString(work.resolve("results.tsv"),
				String.join("\n", "h2\t10000\t1\tdispatch_per_s\t5100", "h2\t10000\t2\tdispatch_per_s\t4900",
						"h2\t10000\t3\tdispatch_per_s\t6000", "h2\t10000\t1\tsmtp_source_per_s\t10000",
						"h2\t10000\t2\tsmtp_source_per_s\t10000", "h2\t10000\t3\tsmtp_source_per_s\t10000",
						"mariadb\t1000000\t1\tplan_ms\t2300", ""));
		Files.writeString(work.resolve("machine.txt"), "cpu: 2 cores\n");
		Path doc = this.temp.resolve("benchmarks.md");
		Files.writeString(doc, "# Benchmarks\n\nWritten by people.\n\n"
				+ "<!-- bench:begin (written by bench/run; edit outside these markers) -->\nold\n<!-- bench:end -->\n\n"
				+ "## Analysis\n\nAlso by people.\n");

		try (URLClassLoader loader = new URLClassLoader(new URL[] { classes.toUri().toURL() },
				getClass().getClassLoader())) {
			Method main = loader.loadClass("io.gratitude.bench.Report").getMethod("main", String[].class);
			main.invoke(null, (Object) new String[] { work.toString(), doc.toString() });
		}

		String written = Files.readString(doc);
		assertThat(written).startsWith("# Benchmarks\n\nWritten by people.\n")
			.endsWith("## Analysis\n\nAlso by people.\n");
		assertThat(written).doesNotContain("\nold\n").contains("cpu: 2 cores");
		assertThat(written).contains("| figure | H2 10k | MariaDB 1M |");
		assertThat(written).contains("5,100 (4,900–6,000, n=3)");
		// The ratio of dispatch to smtp-source, run by run: 0.49, 0.51, 0.60.
		assertThat(written).contains("0.51 (0.49–0.60, n=3)");
		assertThat(written).contains("| 3. Planning run at start (whole horizon), ms | – | 2,300 |");
	}

	private Path compileBench() throws IOException {
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		assertThat(javac).as("a JDK's compiler").isNotNull();
		List<String> sources;
		try (Stream<Path> files = Files.walk(Path.of("bench/java"))) {
			sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toString).toList();
		}
		assertThat(sources).isNotEmpty();
		Path classes = Files.createDirectories(this.temp.resolve("classes"));
		String classpath = System.getProperty("java.class.path") + File.pathSeparator + "target/classes";
		List<String> arguments = new java.util.ArrayList<>(
				List.of("-d", classes.toString(), "-cp", classpath, "--release", "17", "-proc:none", "-Xlint:none"));
		arguments.addAll(sources);
		int status = javac.run(null, null, null, arguments.toArray(String[]::new));
		assertThat(status).as("bench/java compiles against the application").isZero();
		return classes;
	}

}
