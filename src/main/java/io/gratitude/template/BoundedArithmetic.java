package io.gratitude.template;

import java.math.BigDecimal;
import java.math.BigInteger;

import freemarker.core.ArithmeticEngine;
import freemarker.template.TemplateException;
import freemarker.template.TemplateModelException;
import org.jspecify.annotations.Nullable;

/**
 * FreeMarker's BigDecimal arithmetic (its default, which this delegates to) for numbers
 * of at most {@value #MAX_DIGITS} digits. A number literal or {@code ?number} such as
 * {@code 1e999999999} is a tiny BigDecimal, but adding 1 to it, or printing it, makes a
 * billion digits in one uninterruptible step; so such numbers are refused where they are
 * made (the parser and {@code ?number} go through {@link #toNumber}), and each operation
 * first checks its operands. Results may reach twice the digits of their operands; the
 * next operation on them is refused.
 */
final class BoundedArithmetic extends ArithmeticEngine {

	/** More than any amount, count or date a thank-you note shows. */
	static final int MAX_DIGITS = 1000;

	/** FreeMarker's default engine, which does the arithmetic. */
	private static final ArithmeticEngine ARITHMETIC = ArithmeticEngine.BIGDECIMAL_ENGINE;

	@Override
	public Number toNumber(String s) {
		Number number = ARITHMETIC.toNumber(s);
		String refusal = refusalOf(number);
		if (refusal != null) {
			// what the parser and ?number report for a string that is not a number
			throw new NumberFormatException(refusal);
		}
		return number;
	}

	@Override
	public int compareNumbers(Number first, Number second) throws TemplateException {
		return ARITHMETIC.compareNumbers(checked(first), checked(second));
	}

	@Override
	public Number add(Number first, Number second) throws TemplateException {
		return ARITHMETIC.add(checked(first), checked(second));
	}

	@Override
	public Number subtract(Number first, Number second) throws TemplateException {
		return ARITHMETIC.subtract(checked(first), checked(second));
	}

	@Override
	public Number multiply(Number first, Number second) throws TemplateException {
		return ARITHMETIC.multiply(checked(first), checked(second));
	}

	@Override
	public Number divide(Number first, Number second) throws TemplateException {
		return ARITHMETIC.divide(checked(first), checked(second));
	}

	@Override
	public Number modulus(Number first, Number second) throws TemplateException {
		return ARITHMETIC.modulus(checked(first), checked(second));
	}

	private static Number checked(Number number) throws TemplateModelException {
		String refusal = refusalOf(number);
		if (refusal != null) {
			throw new TemplateModelException(refusal);
		}
		return number;
	}

	/**
	 * @return why a number is too large for templates, or null when it is not
	 */
	static @Nullable String refusalOf(Number number) {
		long digits;
		if (number instanceof BigDecimal decimal) {
			// the digits of its plain form: 1e999999999 has a billion
			digits = Math.max(decimal.precision(),
					Math.max((long) decimal.precision() - decimal.scale(), (long) decimal.scale()));
		}
		else if (number instanceof BigInteger integer) {
			// log10(2) digits per bit, rounded up
			digits = integer.bitLength() * 30103L / 100000 + 1;
		}
		else {
			// long, int, double... print in a few hundred digits at most
			return null;
		}
		if (digits > MAX_DIGITS) {
			return "a number of " + digits + " digits; templates handle numbers of at most " + MAX_DIGITS + " digits";
		}
		return null;
	}

}
