package io.gratitude;

import java.time.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/** Puts {@link IntegrationTest#CLOCK} in place of the system clock. */
@TestConfiguration(proxyBeanMethods = false)
class TestClockConfiguration {

	@Bean
	@Primary
	Clock testClock() {
		return IntegrationTest.CLOCK;
	}

}
