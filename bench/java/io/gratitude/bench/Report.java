package io.gratitude.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Writes the measured part of {@code docs/benchmarks.md} from the bench's result files:
 * a table of the median (and the range) of every figure per database and data-set size,
 * the naive design beside Gratitude's, the planner's query plans and the machine. Only
 * the text between the {@code bench:begin} and {@code bench:end} markers is replaced;
 * the analysis around it is written by people.
 */
public final class Report {

	static final String BEGIN = "<!-- bench:begin (written by bench/run; edit outside these markers) -->";

	static final String END = "<!-- bench:end -->";

	/** Each figure: its key in results.tsv, its label, and whether higher is better. */
	static final String[][] FIGURES = { { "dispatch_per_s", "1. Dispatch, messages/s, due → 250 recorded" },
			{ "dispatch_steady_per_s", "   the same, first to last send" },
			{ "dispatch_first_ms", "   due → first send, ms" }, { "smtp_source_per_s", "2. smtp-source → smtp-sink, messages/s" },
			{ "ratio_permille", "   ratio of 1 to 2" }, { "plan_ms", "3. Planning run at start (whole horizon), ms" },
			{ "plan_occasions", "   occasions stored by that run" },
			{ "sale_single_per_s", "4. Sale intake, single POSTs/s (wrk)" },
			{ "sale_single_p99_ms", "   single POST p99, ms" }, { "sale_batch_rows_per_s", "   sales:batch, rows/s" },
			{ "latency_offered_per_s", "5. Steady load offered, messages/s" },
			{ "latency_p50_ms", "   due → sent p50, ms" }, { "latency_p99_ms", "   due → sent p99, ms" },
			{ "latency_max_ms", "   due → sent max, ms" }, { "peak_heap_mb", "6. Peak heap used, MB (-Xmx512m)" },
			{ "peak_rss_mb", "   peak RSS, MB" }, { "dispatch_messages", "   messages per dispatch run" },
			{ "campaign_messages", "Campaign to everyone (naive comparison): messages" },
			{ "campaign_schedule_ms", "   scheduling them (campaign start), ms" },
			{ "campaign_fire_ms", "   first to last sent, ms" },
			{ "campaign_db_bytes", "   outreach + attempt tables, bytes" },
			{ "generate_ms", "   data set generation (once), ms" }, { "template_bytes", "   rendered HTML + text, bytes" } };

	public static void main(String[] args) throws IOException {
		Path work = Path.of(args.length > 0 ? args[0] : "target/bench");
		Path doc = Path.of(args.length > 1 ? args[1] : "docs/benchmarks.md");
		StringBuilder out = new StringBuilder(BEGIN).append("\n\n");
		machine(work, out);
		figures(work, out);
		naive(work, out);
		plans(work, out);
		out.append(END);
		String text = Files.exists(doc) ? Files.readString(doc) : "# Benchmarks\n\n" + BEGIN + "\n" + END + "\n";
		int begin = text.indexOf(BEGIN);
		int end = text.indexOf(END);
		if (begin < 0 || end < begin) {
			text = text + "\n" + out + "\n";
		}
		else {
			text = text.substring(0, begin) + out + text.substring(end + END.length());
		}
		Files.writeString(doc, text);
		System.err.println("[bench] wrote " + doc);
	}

	private static void machine(Path work, StringBuilder out) throws IOException {
		Path machine = work.resolve("machine.txt");
		if (Files.exists(machine)) {
			out.append("### Machine and versions\n\n```\n").append(Files.readString(machine).strip()).append("\n```\n\n");
		}
	}

	private static void figures(Path work, StringBuilder out) throws IOException {
		Path results = work.resolve("results.tsv");
		if (!Files.exists(results)) {
			return;
		}
		// (db size) → metric → values over the runs
		Map<String, Map<String, List<Long>>> byColumn = new TreeMap<>(Report::columnOrder);
		for (String line : Files.readAllLines(results)) {
			String[] f = line.split("\t");
			if (f.length != 5) {
				continue;
			}
			byColumn.computeIfAbsent(f[0] + " " + f[1], k -> new LinkedHashMap<>())
				.computeIfAbsent(f[3], k -> new ArrayList<>())
				.add(Long.parseLong(f[4]));
		}
		for (Map<String, List<Long>> metrics : byColumn.values()) {
			derive(metrics);
		}
		out.append("### Figures\n\nMedian of the runs, with the lowest and highest in brackets; `n` is the number of runs.\n\n| figure |");
		for (String column : byColumn.keySet()) {
			String[] parts = column.split(" ");
			out.append(' ').append(parts[0].equals("h2") ? "H2" : "MariaDB").append(' ')
				.append(size(Integer.parseInt(parts[1]))).append(" |");
		}
		out.append("\n|---|");
		byColumn.keySet().forEach(c -> out.append("---:|"));
		out.append('\n');
		for (String[] figure : FIGURES) {
			boolean any = byColumn.values().stream().anyMatch(m -> m.containsKey(figure[0]));
			if (!any) {
				continue;
			}
			out.append("| ").append(figure[1].replace("   ", "&nbsp;&nbsp;&nbsp;")).append(" |");
			for (Map<String, List<Long>> metrics : byColumn.values()) {
				List<Long> values = metrics.get(figure[0]);
				out.append(' ').append(cell(figure[0], values)).append(" |");
			}
			out.append('\n');
		}
		out.append('\n');
	}

	/** Figures computed from others, run by run. */
	private static void derive(Map<String, List<Long>> metrics) {
		List<Long> dispatch = metrics.get("dispatch_per_s");
		List<Long> source = metrics.get("smtp_source_per_s");
		if (dispatch != null && source != null) {
			List<Long> ratio = new ArrayList<>();
			for (int i = 0; i < Math.min(dispatch.size(), source.size()); i++) {
				ratio.add(dispatch.get(i) * 1000 / Math.max(1, source.get(i)));
			}
			metrics.put("ratio_permille", ratio);
		}
	}

	private static String cell(String metric, List<Long> values) {
		if (values == null || values.isEmpty()) {
			return "–";
		}
		List<Long> sorted = new ArrayList<>(values);
		sorted.sort(null);
		long median = sorted.get(sorted.size() / 2);
		String shown = metric.equals("ratio_permille") ? String.format(Locale.ROOT, "%.2f", median / 1000.0)
				: String.format(Locale.ROOT, "%,d", median);
		if (sorted.size() == 1) {
			return shown;
		}
		String low = metric.equals("ratio_permille") ? String.format(Locale.ROOT, "%.2f", sorted.get(0) / 1000.0)
				: String.format(Locale.ROOT, "%,d", sorted.get(0));
		String high = metric.equals("ratio_permille")
				? String.format(Locale.ROOT, "%.2f", sorted.get(sorted.size() - 1) / 1000.0)
				: String.format(Locale.ROOT, "%,d", sorted.get(sorted.size() - 1));
		return shown + " (" + low + "–" + high + ", n=" + sorted.size() + ")";
	}

	private static void naive(Path work, StringBuilder out) throws IOException {
		Path naive = work.resolve("naive.txt");
		if (!Files.exists(naive)) {
			return;
		}
		out.append("### The naive design beside the due table\n\n")
			.append("Each line is one run (`bench/run` runs both designs on the same machine in the same invocation).\n\n```\n")
			.append(Files.readString(naive).strip())
			.append("\n```\n\n");
	}

	private static void plans(Path work, StringBuilder out) throws IOException {
		TreeSet<Path> files = new TreeSet<>();
		try (Stream<Path> all = Files.list(work)) {
			all.filter(p -> p.getFileName().toString().startsWith("plan-")).forEach(files::add);
		}
		if (files.isEmpty()) {
			return;
		}
		out.append("### The planner's query plan\n\n");
		for (Path file : files) {
			out.append("`").append(file.getFileName()).append("`:\n\n```\n").append(Files.readString(file).strip())
				.append("\n```\n\n");
		}
	}

	private static int columnOrder(String a, String b) {
		String[] x = a.split(" ");
		String[] y = b.split(" ");
		int db = x[0].compareTo(y[0]);
		return (db != 0) ? db : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
	}

	private static String size(int contacts) {
		return (contacts >= 1_000_000) ? (contacts / 1_000_000) + "M"
				: (contacts >= 1000) ? (contacts / 1000) + "k" : String.valueOf(contacts);
	}

}
