package io.gratitude.console;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The dashboard's chart of messages sent per day, stacked by program, laid out for an
 * inline SVG drawn by the view (no chart library): every bar's box, colour and tooltip,
 * the axis ticks, the legend, and the same numbers as a table for screen readers.
 */
record SendsChart(int width, int height, int plotTop, int plotBottom, int plotLeft, long max, List<Column> columns,
		List<Tick> ticks, List<Legend> legend, long total) {

	static final int BAR = 14;

	static final int STEP = 20;

	static final int LEFT = 40;

	static final int TOP = 10;

	static final int PLOT_HEIGHT = 160;

	static final int BOTTOM_AXIS = 30;

	/** Colour-blind-friendly (Okabe–Ito), then repeated. */
	static final List<String> PALETTE = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00",
			"#F0E442", "#000000");

	private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);

	/** One day: its stacked bars, label (every few days) and counts by program. */
	record Column(LocalDate day, String dayLabel, int x, boolean labelled, long total, List<Bar> bars,
			List<Long> counts) {
	}

	/** One program's part of a day's bar. */
	record Bar(String program, String color, int x, int y, int width, int height, long count, String title) {
	}

	/** A line of the y axis. */
	record Tick(long value, int y) {
	}

	/** A program and its colour. */
	record Legend(String program, String color) {
	}

	static SendsChart of(List<LocalDate> days, List<String> programs, Map<LocalDate, Map<String, Long>> counts) {
		long max = 0;
		long total = 0;
		for (Map<String, Long> day : counts.values()) {
			long sum = day.values().stream().mapToLong(Long::longValue).sum();
			max = Math.max(max, sum);
			total += sum;
		}
		long scale = niceCeiling(Math.max(max, 1));
		int plotBottom = TOP + PLOT_HEIGHT;
		List<Legend> legend = new ArrayList<>();
		for (int i = 0; i < programs.size(); i++) {
			legend.add(new Legend(programs.get(i), PALETTE.get(i % PALETTE.size())));
		}
		List<Column> columns = new ArrayList<>();
		for (int i = 0; i < days.size(); i++) {
			LocalDate day = days.get(i);
			Map<String, Long> dayCounts = counts.getOrDefault(day, Map.of());
			int x = LEFT + i * STEP + (STEP - BAR) / 2;
			int y = plotBottom;
			List<Bar> bars = new ArrayList<>();
			List<Long> perProgram = new ArrayList<>();
			long dayTotal = 0;
			for (Legend entry : legend) {
				long n = dayCounts.getOrDefault(entry.program(), 0L);
				perProgram.add(n);
				dayTotal += n;
				if (n == 0) {
					continue;
				}
				int h = (int) Math.max(1, Math.round((double) n * PLOT_HEIGHT / scale));
				y -= h;
				bars.add(new Bar(entry.program(), entry.color(), x, y, BAR, h, n,
						LABEL.format(day) + ": " + n + " sent by " + entry.program()));
			}
			columns.add(new Column(day, LABEL.format(day), x + BAR / 2, i % 5 == (days.size() - 1) % 5, dayTotal, bars,
					perProgram));
		}
		List<Tick> ticks = new ArrayList<>();
		for (int i = 0; i <= 4; i++) {
			long value = scale * i / 4;
			if (i > 0 && value == ticks.get(ticks.size() - 1).value()) {
				continue;
			}
			ticks.add(new Tick(value, plotBottom - (int) Math.round((double) value * PLOT_HEIGHT / scale)));
		}
		return new SendsChart(LEFT + days.size() * STEP + 4, plotBottom + BOTTOM_AXIS, TOP, plotBottom, LEFT, scale,
				columns, ticks, legend, total);
	}

	/** The smallest of 1, 2, 4, 5, 10, 20, 40, 50, … at least {@code n}. */
	static long niceCeiling(long n) {
		long magnitude = 1;
		while (true) {
			for (long step : new long[] { 1, 2, 4, 5 }) {
				if (step * magnitude >= n) {
					return step * magnitude;
				}
			}
			magnitude *= 10;
		}
	}

	/** A summary for the chart's accessible name. */
	public String summary() {
		return this.total + " messages sent in the last " + this.columns.size() + " days"
				+ (this.legend.isEmpty() ? "" : ", by " + this.legend.size() + " program(s)");
	}

}
