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

/**
 * Dates and amounts as a message in a given locale writes them: {@code "March 14"} and
 * {@code "€14.50"} in English, {@code "14 mars"} and {@code "14,50 €"} in French.
 */
public final class LocalizedText {

	private LocalizedText() {
	}

	/** The localized long date without the year: "March 14", "14 mars", "14. März". */
	public static String monthDay(LocalDate date, Locale locale) {
		String pattern = DateTimeFormatterBuilder.getLocalizedDateTimePattern(FormatStyle.LONG, null,
				IsoChronology.INSTANCE, locale);
		String withoutYear = pattern.replaceAll("[,.]?\\s*y+[^dMLEa]*$", "").replaceAll("^y+[^dMLEa]*", "").strip();
		return DateTimeFormatter.ofPattern(withoutYear.isEmpty() ? "MMMM d" : withoutYear, locale).format(date);
	}

	/**
	 * The amount in the currency, as the locale writes money
	 * ({@link NumberFormat#getCurrencyInstance(Locale)}). The narrow no-break spaces some
	 * locales put between the number and the symbol become plain no-break spaces, which
	 * every mail client shows.
	 */
	public static String money(BigDecimal amount, String currency, Locale locale) {
		NumberFormat format = NumberFormat.getCurrencyInstance(locale);
		format.setCurrency(Currency.getInstance(currency));
		return format.format(amount).replace('\u202f', '\u00a0');
	}

}
