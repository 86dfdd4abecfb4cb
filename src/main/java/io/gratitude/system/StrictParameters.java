package io.gratitude.system;

import java.time.Instant;
import java.util.Locale;

import org.springframework.context.annotation.Configuration;
import org.springframework.format.Formatter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Query parameters as strict as JSON bodies ({@link StrictJson}): an instant such as
 * {@code ?dueFrom=} is an ISO-8601 instant in {@link DateSpan#SUPPORTED}. Spring's own
 * formatter also takes epoch milliseconds and RFC 1123 dates, and any year an
 * {@link Instant} holds, so {@code ?dueFrom=+1000000000-01-01T00:00:00Z} overflowed into
 * a 500; now it is a 400 naming the parameter. Integers and enums already refuse
 * {@code 3.5} and {@code 0} there.
 */
@Configuration(proxyBeanMethods = false)
class StrictParameters implements WebMvcConfigurer {

	@Override
	public void addFormatters(FormatterRegistry registry) {
		// Registered after Spring's: a later formatter for a type wins.
		registry.addFormatterForFieldType(Instant.class, new IsoInstantParameter());
	}

	static final class IsoInstantParameter implements Formatter<Instant> {

		@Override
		public Instant parse(String text, Locale locale) {
			return DateSpan.SUPPORTED.parseInstant(text);
		}

		@Override
		public String print(Instant instant, Locale locale) {
			return instant.toString();
		}

	}

}
