package io.gratitude.console;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.gratitude.forecast.ForecastApiController;
import io.gratitude.forecast.Forecasts;
import io.gratitude.staff.ConsolePartner;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The forecast as a month calendar (weeks as rows, Monday first): how many messages each
 * day will send, by program, from {@link Forecasts} (what backs {@code /api/v1/forecast},
 * within its limits), and each day's contacts one click away.
 */
@Controller
class ForecastPages {

	private static final DateTimeFormatter MONTH_TITLE = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

	private final Forecasts forecasts;

	private final Clock clock;

	ForecastPages(Forecasts forecasts, Clock clock) {
		this.forecasts = forecasts;
		this.clock = clock;
	}

	/** A calendar cell: a day of the month (or of a neighbouring one, shown dimmed). */
	record Day(LocalDate date, boolean inMonth, boolean today, boolean past, boolean forecast, int count, int skipped,
			Map<String, Integer> byProgram) {
	}

	@GetMapping("/console/partners/{partnerId}/forecast")
	String month(ConsolePartner console, @RequestParam(required = false) @Nullable String month, Model model) {
		ZoneId zone = console.partner().timeZone();
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, zone);
		YearMonth shown = YearMonth.from(today);
		if (month != null && !month.isBlank()) {
			try {
				shown = YearMonth.parse(month.strip());
			}
			catch (DateTimeParseException ex) {
				model.addAttribute("monthError", "“" + month + "” is not a month; use the form 2027-03.");
			}
		}
		LocalDate last = shown.atEndOfMonth();
		LocalDate horizon = LocalDate.ofInstant(now.plus(ForecastApiController.MAX_AHEAD), zone);
		if (shown.atDay(1).isAfter(horizon)) {
			model.addAttribute("monthError", "The forecast looks at most 10 years ahead.");
			shown = YearMonth.from(today);
			last = shown.atEndOfMonth();
		}
		LocalDate first = shown.atDay(1);
		// Only today and later can be forecast; a month is at most 31 days, within the
		// API's limit of ForecastApiController.MAX_DAYS.
		LocalDate from = first.isBefore(today) ? today : first;
		Map<LocalDate, List<Forecasts.Item>> items = new TreeMap<>();
		boolean paused = console.partner().paused();
		if (!from.isAfter(last)) {
			int days = (int) ChronoUnit.DAYS.between(from, last) + 1;
			Forecasts.Forecast forecast = this.forecasts.forecast(console.id(), from.atStartOfDay(zone).toInstant(),
					days);
			items.putAll(forecast.days());
			paused = forecast.paused();
		}
		List<List<Day>> weeks = new ArrayList<>();
		LocalDate start = first.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
		LocalDate end = last.with(TemporalAdjusters.nextOrSame(DayOfWeek.SUNDAY));
		List<Day> week = new ArrayList<>();
		int total = 0;
		for (LocalDate day = start; !day.isAfter(end); day = day.plusDays(1)) {
			boolean inMonth = YearMonth.from(day).equals(shown);
			List<Forecasts.Item> dayItems = inMonth ? items.getOrDefault(day, List.of()) : List.of();
			Map<String, Integer> byProgram = new TreeMap<>();
			int skipped = 0;
			for (Forecasts.Item item : dayItems) {
				if (item.wouldSkip() != null) {
					skipped++;
				}
				else {
					byProgram.merge(item.program().key(), 1, Integer::sum);
				}
			}
			int count = dayItems.size() - skipped;
			total += count;
			week.add(new Day(day, inMonth, day.equals(today), day.isBefore(today), inMonth && items.containsKey(day),
					count, skipped, byProgram));
			if (week.size() == 7) {
				weeks.add(week);
				week = new ArrayList<>();
			}
		}
		model.addAttribute("times", new ZonedTimes(zone));
		model.addAttribute("month", shown);
		model.addAttribute("monthTitle", MONTH_TITLE.format(shown));
		model.addAttribute("previous", shown.minusMonths(1));
		model.addAttribute("next", shown.plusMonths(1).atDay(1).isAfter(horizon) ? null : shown.plusMonths(1));
		model.addAttribute("current", YearMonth.from(today));
		model.addAttribute("weeks", weeks);
		model.addAttribute("total", total);
		model.addAttribute("paused", paused);
		model.addAttribute("note", ForecastApiController.NOTE);
		return "console/forecast";
	}

	@GetMapping("/console/partners/{partnerId}/forecast/{date}")
	String day(ConsolePartner console, @PathVariable String date, Model model) {
		LocalDate day;
		try {
			day = LocalDate.parse(date);
		}
		catch (DateTimeParseException ex) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "No such day");
		}
		ZoneId zone = console.partner().timeZone();
		Instant now = this.clock.instant();
		LocalDate today = LocalDate.ofInstant(now, zone);
		LocalDate horizon = LocalDate.ofInstant(now.plus(ForecastApiController.MAX_AHEAD), zone);
		if (day.isAfter(horizon)) {
			throw new ResponseStatusException(HttpStatus.NOT_FOUND, "Beyond the forecast's horizon");
		}
		List<Forecasts.Item> items = List.of();
		if (!day.isBefore(today)) {
			items = this.forecasts.forecast(console.id(), day.atStartOfDay(zone).toInstant(), 1)
				.days()
				.getOrDefault(day, List.of());
		}
		model.addAttribute("times", new ZonedTimes(zone));
		model.addAttribute("day", day);
		model.addAttribute("past", day.isBefore(today));
		model.addAttribute("items", items);
		model.addAttribute("sending", items.stream().filter(item -> item.wouldSkip() == null).count());
		model.addAttribute("month", YearMonth.from(day));
		model.addAttribute("previousDay", day.minusDays(1));
		model.addAttribute("nextDay", day.plusDays(1));
		model.addAttribute("note", ForecastApiController.NOTE);
		return "console/forecast-day";
	}

}
