package io.gratitude.system;

import io.gratitude.Api;
import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An exception nobody meant for the client is the service's fault: a 500 problem that
 * tells nothing of the internals, and one ERROR line with the stack trace. Reached over
 * HTTP through a controller that exists in this test only.
 */
@ExtendWith(OutputCaptureExtension.class)
class UnexpectedErrorsTest extends IntegrationTest {

	private static final String SECRET = "index 7 out of bounds in the fingerprint cache";

	@Test
	void aBugShapedIllegalArgumentExceptionIsA500ProblemAndOneLoggedError(CapturedOutput output) {
		Api shop = enroll("UTC", "09:00", "18:00");
		Api.Response response = shop.post("/api/v1/test-only/bug", "{}");

		assertThat(response.status()).as(response.raw().body()).isEqualTo(500);
		assertThat(response.header("Content-Type")).isEqualTo("application/problem+json;charset=UTF-8");
		assertThat(response.json().get("title").asString()).isEqualTo("Internal Server Error");
		assertThat(response.json().get("status").asInt()).isEqualTo(500);
		assertThat(response.json().has("field")).isFalse();
		assertThat(response.raw().body()).doesNotContain(SECRET)
			.doesNotContain("IllegalArgumentException")
			.doesNotContain("Buggy")
			.doesNotContain("trace");
		assertThat(output.getOut().lines().filter(line -> line.contains(" ERROR ") && line.contains("answered 500")))
			.singleElement()
			.asString()
			.contains("POST /api/v1/test-only/bug");
		assertThat(output.getOut()).contains("java.lang.IllegalArgumentException: " + SECRET)
			.contains("at io.gratitude.system.UnexpectedErrorsTest$Buggy.bug");
		assertThat(output.getOut().lines().filter(line -> line.contains("IllegalArgumentException: " + SECRET)))
			.hasSize(1);
	}

	@TestConfiguration(proxyBeanMethods = false)
	@Import(Buggy.class)
	static class WithABug {

	}

	/** A use case with a bug: it trips over its own argument check. */
	@RestController
	static class Buggy {

		@PostMapping("/api/v1/test-only/bug")
		void bug() {
			throw new IllegalArgumentException(SECRET);
		}

	}

}
