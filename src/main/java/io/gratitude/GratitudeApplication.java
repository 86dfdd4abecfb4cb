package io.gratitude;

import java.time.Clock;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** Gratitude: personal thank-you and appreciation emails, sent at the right moment. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GratitudeApplication {

	public static void main(String[] args) {
		SpringApplication.run(GratitudeApplication.class, args);
	}

	/** The one source of "now": tests replace it with a clock they can move. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
