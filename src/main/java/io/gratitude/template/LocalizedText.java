package io.gratitude.template;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Dates and amounts as a message in a given locale writes them: {@code "March 14"} and
 * {@code "€14.50"} in English, {@code "14 mars"} and {@code "14,50 €"} in French.
 */
public final class LocalizedText {

	/**
	 * Formatters by locale, and currency formats by locale and currency: every message
	 * writes dates and amounts, and building them (locale data, patterns) costs far more
	 * than using them. Formatters are immutable; a currency format is not thread-safe, so
	 * each use formats with a clone.
	 */
	private static final Map<Locale, DateTimeFormatter> MONTH_DAY = new ConcurrentHashMap<>();

	private static final Map<String, NumberFormat> MONEY = new ConcurrentHashMap<>();

	private LocalizedText() {
	}

	/** The localized long date without the year: "March 14", "14 mars", "14. März". */
	public static String monthDay(LocalDate date, Locale locale) {
		return MONTH_DAY.computeIfAbsent(locale, LocalizedText::monthDayFormatter).format(date);
	}

	private static DateTimeFormatter monthDayFormatter(Locale locale) {
		String pattern = DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.LONG, null,
				IsoChronology.INSTANCE, locale);
		String withoutYear = pattern.replaceAll("[,.]?\\s*y+[^dMLEa]*$", "").replaceAll("^y+[^dMLEa]*", "").strip();
		return DateTimeFormatter.ofPattern(withoutYear.isEmpty() ? "MMMM d" : withoutYear, locale);
	}

	/**
	 * The amount in the currency, as the locale writes money
	 * ({@link NumberFormat#getCurrencyInstance(Locale)}). The narrow no-break spaces some
	 * locales put between the number and the symbol become plain no-break spaces, which
	 * every mail client shows.
	 */
	public static String money(BigDecimal amount, String currency, Locale locale) {
		NumberFormat format = (NumberFormat) MONEY.computeIfAbsent(locale.toLanguageTag() + " " + currency, (key) -> {
			NumberFormat created = NumberFormat.getCurrencyInstance(locale);
			created.setCurrency(Currency.getInstance(currency));
			return created;
		}).clone();
		return format.format(amount).replace('\u202f', '\u00a0');
	}

}
