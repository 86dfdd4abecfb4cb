package io.gratitude;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One scrape of {@code /actuator/prometheus}, as Prometheus would take it (no
 * credentials), parsed from the text exposition format.
 */
public final class Prometheus {

	private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	/** One sample line: name, labels and value. */
	public record Sample(String name, Map<String, String> labels, double value) {

		boolean matches(String wanted, String... labelPairs) {
			if (!this.name.equals(wanted)) {
				return false;
			}
			for (int i = 0; i < labelPairs.length; i += 2) {
				if (!labelPairs[i + 1].equals(this.labels.get(labelPairs[i]))) {
					return false;
				}
			}
			return true;
		}

	}

	private final String text;

	private final List<Sample> samples;

	private Prometheus(String text) {
		this.text = text;
		this.samples = parse(text);
	}

	/** Scrapes the application on {@code port}. */
	public static Prometheus scrape(int port) {
		Api.Response response = new Api(port, null).get("/actuator/prometheus");
		assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
		assertThat(response.header("Content-Type")).startsWith("text/plain");
		return new Prometheus(response.raw().body());
	}

	/** The raw text. */
	public String text() {
		return this.text;
	}

	/** Every sample of that name whose labels include the given name/value pairs. */
	public List<Sample> samples(String name, String... labelPairs) {
		return this.samples.stream().filter(s -> s.matches(name, labelPairs)).toList();
	}

	/**
	 * The sum of the matching samples; 0 when there is none (a counter not incremented
	 * yet is not exported yet).
	 */
	public double sum(String name, String... labelPairs) {
		return samples(name, labelPairs).stream().mapToDouble(Sample::value).sum();
	}

	/** The one matching sample's value. */
	public double value(String name, String... labelPairs) {
		List<Sample> matching = samples(name, labelPairs);
		assertThat(matching).as("%s %s in%n%s", name, List.of(labelPairs), this.text).hasSize(1);
		return matching.get(0).value();
	}

	private static List<Sample> parse(String text) {
		List<Sample> samples = new ArrayList<>();
		for (String line : text.split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			int brace = line.indexOf('{');
			int space = line.indexOf(' ');
			Map<String, String> labels = new LinkedHashMap<>();
			String name;
			String rest;
			if (brace >= 0 && brace < space) {
				name = line.substring(0, brace);
				int close = line.lastIndexOf('}');
				Matcher matcher = LABEL.matcher(line.substring(brace + 1, close));
				while (matcher.find()) {
					labels.put(matcher.group(1), matcher.group(2));
				}
				rest = line.substring(close + 1).strip();
			}
			else {
				name = line.substring(0, space);
				rest = line.substring(space + 1).strip();
			}
			String value = rest.split("\\s+")[0];
			samples.add(new Sample(name, labels, switch (value) {
				case "+Inf" -> Double.POSITIVE_INFINITY;
				case "-Inf" -> Double.NEGATIVE_INFINITY;
				default -> Double.parseDouble(value);
			}));
		}
		return samples;
	}

}
