package io.gratitude.forecast;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.gratitude.partner.ApiCaller;
import io.gratitude.system.InvalidField;
import org.jspecify.annotations.Nullable;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/forecast}: what will be sent in the coming days, when, to whom and
 * by which program, day by day in the partner's zone (see {@link Forecasts}).
 */
@RestController
public class ForecastApiController {

	static final int MAX_DAYS = 92;

	/** How far ahead a forecast may start. */
	public static final Duration MAX_AHEAD = Duration.ofDays(3660);

	public static final String NOTE = "Post-sale thank-yous and welcomes of sales and promotions not recorded yet cannot be "
			+ "known in advance and are not included (those already recorded are). Each message is judged by the "
			+ "send-time rules as of now (opt-out, suppression, erasure, audience, program enabled, send window); "
			+ "changes made later change the forecast. Days are local days in the partner's time zone; dueAt is "
			+ "when the message goes out.";

	static final String PAUSED_NOTE = " Sending is paused: these messages are held and go out as shown only if "
			+ "sending resumes in time (within each program's max lateness).";

	private final Forecasts forecasts;

	private final Clock clock;

	ForecastApiController(Forecasts forecasts, Clock clock) {
		this.forecasts = forecasts;
		this.clock = clock;
	}

	record ForecastView(Instant from, Instant to, String timeZone, boolean paused, int total, int skipped,
			List<DayView> days, String note) {
	}

	/**
	 * One local day: {@code count} messages that would be sent, {@code skipped} listed
	 * with the reason they would not.
	 */
	record DayView(LocalDate date, int count, int skipped, List<ItemView> items) {
	}

	/**
	 * One expected message; {@code outreachId} when already in the queue,
	 * {@code wouldSkip} (the reason a SKIPPED or CANCELLED row would carry) when it would
	 * not be sent.
	 */
	record ItemView(Instant dueAt, String program, String contactRef, String occasion, @Nullable LocalDate occasionDate,
			boolean planned, @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Long outreachId,
			@JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String wouldSkip) {
	}

	@GetMapping("/api/v1/forecast")
	ForecastView forecast(ApiCaller caller, @RequestParam(required = false) @Nullable Instant from,
			@RequestParam(defaultValue = "30") int days) {
		if (days < 1 || days > MAX_DAYS) {
			throw new InvalidField("days", "days must be between 1 and " + MAX_DAYS);
		}
		if (from != null && from.isAfter(this.clock.instant().plus(MAX_AHEAD))) {
			throw new InvalidField("from", "from must be within 10 years from now");
		}
		Forecasts.Forecast forecast = this.forecasts.forecast(caller.partnerId(), from, days);
		int total = 0;
		int skipped = 0;
		List<DayView> dayViews = new ArrayList<>();
		for (Map.Entry<LocalDate, List<Forecasts.Item>> day : forecast.days().entrySet()) {
			List<ItemView> items = day.getValue()
				.stream()
				.map(item -> new ItemView(item.dueAt(), item.program().key(), item.contact().externalRef(),
						item.occasion(), item.occasionDate(), item.outreachId() != null, item.outreachId(),
						(item.wouldSkip() != null) ? item.wouldSkip().code() : null))
				.toList();
			int daySkipped = (int) items.stream().filter(item -> item.wouldSkip() != null).count();
			dayViews.add(new DayView(day.getKey(), items.size() - daySkipped, daySkipped, items));
			total += items.size() - daySkipped;
			skipped += daySkipped;
		}
		return new ForecastView(forecast.from(), forecast.to(), forecast.zone().getId(), forecast.paused(), total,
				skipped, dayViews, forecast.paused() ? NOTE + PAUSED_NOTE : NOTE);
	}

}
