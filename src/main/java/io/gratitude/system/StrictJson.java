package io.gratitude.system;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.deser.std.StdScalarDeserializer;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;
import tools.jackson.databind.type.LogicalType;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * JSON as strict as the API promises: a value of the wrong type is a 400 naming its
 * field, never quietly turned into something else.
 * <ul>
 * <li>A name is a JSON string: a number or a boolean where text is expected is refused
 * (not turned into {@code "42"}).</li>
 * <li>An enum is one of its names: a number ({@code "relationship": 1}) or a string of
 * digits is refused, not taken as the constant at that index.</li>
 * <li>An integer is a JSON integer: {@code 3.5}, and {@code 3.0} or {@code 1e1} too, are
 * refused (Jackson would truncate {@code 3.5} to 3), and so is {@code "3"}.</li>
 * <li>A boolean is {@code true} or {@code false}: not {@code 1}, not {@code "true"}.</li>
 * <li>Instants and dates are ISO-8601 strings ({@code 2027-03-01T09:30:00Z},
 * {@code 2027-03-01}) in {@link DateSpan#SUPPORTED}, the years 1900 to 9999: not epoch
 * numbers, not arrays. Durations are ISO-8601 strings ({@code PT2H}), not seconds.</li>
 * <li>A key appears once in an object: {@code {"email":"a@x","email":"b@x"}} is refused,
 * where Jackson would let the last one win.</li>
 * <li>A key is one of the body's fields: {@code "firstname"} for {@code firstName} is
 * refused, not quietly dropped (Boot lets unknown properties pass). Maps that take any
 * key ({@code attributes}, {@code sampleData}) still do.</li>
 * </ul>
 * A decimal written as a string, {@code "amount":"24.90"}, stays accepted: money is often
 * sent that way to keep its precision. Its range is the feature's to check (a sale's
 * amount, a promotion rule's minimum spend). Decimals are written back the same way, as
 * strings in plain notation ({@code "100.00"}, never {@code 1E+2}).
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

	@Bean
	JsonMapperBuilderCustomizer refuseScalarsAsText() {
		return builder -> builder.withCoercionConfig(LogicalType.Textual,
				config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
					.setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
	}

	@Bean
	JsonMapperBuilderCustomizer refuseCoercedNumbersBooleansAndEnums() {
		return builder -> builder.enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
			.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
			.withCoercionConfig(LogicalType.Integer,
					config -> config.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail))
			.withCoercionConfig(LogicalType.Boolean,
					config -> config.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.String, CoercionAction.Fail)
						.setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail));
	}

	@Bean
	JsonMapperBuilderCustomizer refuseUnknownProperties() {
		return builder -> builder.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
	}

	@Bean
	JsonMapperBuilderCustomizer decimalsAsPlainStrings() {
		SimpleModule decimals = new SimpleModule("gratitude-plain-decimals");
		decimals.addSerializer(BigDecimal.class, new PlainDecimal());
		return builder -> builder.addModule(decimals);
	}

	@Bean
	JsonMapperBuilderCustomizer refuseDuplicateKeys() {
		return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
	}

	@Bean
	JsonMapperBuilderCustomizer isoTimesInTheSupportedSpan() {
		SimpleModule times = new SimpleModule("gratitude-strict-times");
		times.addDeserializer(Instant.class, new IsoInstant());
		times.addDeserializer(LocalDate.class, new IsoDate());
		times.addDeserializer(Duration.class, new IsoDuration());
		return builder -> builder.addModule(times);
	}

	/**
	 * A decimal as a JSON string in plain notation, as it is read: {@code "100.00"}, not
	 * {@code 100.00} (which a client's floating point may turn into 100) nor
	 * {@code 1E+2}.
	 */
	static final class PlainDecimal extends StdSerializer<BigDecimal> {

		PlainDecimal() {
			super(BigDecimal.class);
		}

		@Override
		public void serialize(BigDecimal value, JsonGenerator gen, SerializationContext ctxt) {
			gen.writeString(value.toPlainString());
		}

	}

	/** An instant from an ISO-8601 string in the supported span only. */
	static final class IsoInstant extends StdScalarDeserializer<Instant> {

		IsoInstant() {
			super(Instant.class);
		}

		@Override
		public Instant deserialize(JsonParser p, DeserializationContext ctxt) {
			String text = text(p, ctxt, Instant.class, "an ISO-8601 instant such as 2027-03-01T09:30:00Z");
			try {
				return DateSpan.SUPPORTED.parseInstant(text);
			}
			catch (DateTimeException ex) {
				throw ctxt.weirdStringException(text, Instant.class, ex.getMessage());
			}
		}

	}

	/** A calendar date from an ISO-8601 string in the supported span only. */
	static final class IsoDate extends StdScalarDeserializer<LocalDate> {

		IsoDate() {
			super(LocalDate.class);
		}

		@Override
		public LocalDate deserialize(JsonParser p, DeserializationContext ctxt) {
			String text = text(p, ctxt, LocalDate.class, "an ISO-8601 date such as 2027-03-01");
			try {
				return DateSpan.SUPPORTED.parseDate(text);
			}
			catch (DateTimeException ex) {
				throw ctxt.weirdStringException(text, LocalDate.class, ex.getMessage());
			}
		}

	}

	/**
	 * A duration from an ISO-8601 string only ({@code PT2H}), not a number of seconds.
	 */
	static final class IsoDuration extends StdScalarDeserializer<Duration> {

		IsoDuration() {
			super(Duration.class);
		}

		@Override
		public Duration deserialize(JsonParser p, DeserializationContext ctxt) {
			String text = text(p, ctxt, Duration.class, "an ISO-8601 duration such as PT2H");
			try {
				return Duration.parse(text.strip());
			}
			catch (DateTimeParseException ex) {
				throw ctxt.weirdStringException(text, Duration.class, "not an ISO-8601 duration such as PT2H or P3D");
			}
		}

	}

	private static String text(JsonParser p, DeserializationContext ctxt, Class<?> type, String expected) {
		if (!p.hasToken(JsonToken.VALUE_STRING)) {
			throw ctxt.wrongTokenException(p, type, JsonToken.VALUE_STRING, "expected " + expected);
		}
		return p.getString();
	}

}
