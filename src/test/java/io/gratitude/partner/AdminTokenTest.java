package io.gratitude.partner;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's admin token: configured, or generated once into the data directory. A
 * generated token is never written to the log, only the file that holds it.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminTokenTest {

	@Test
	void aGeneratedTokenGoesToItsFileAndNeverToTheLog(@TempDir Path data, CapturedOutput output) throws Exception {
		AdminToken generated = new AdminToken("", data);
		String token = Files.readString(data.resolve("admin-token"), StandardCharsets.UTF_8).strip();

		assertThat(token).startsWith("adm_").hasSizeGreaterThan(20);
		assertThat(generated.matches(token)).isTrue();
		assertThat(output.getAll()).contains("generated an admin token into").doesNotContain(token);
		// The next start keeps it, and says so without it either.
		AdminToken kept = new AdminToken("", data);
		assertThat(kept.matches(token)).isTrue();
		assertThat(output.getAll()).contains("using the generated admin token in").doesNotContain(token);
	}

	@Test
	void aConfiguredTokenWinsAndNothingIsGenerated(@TempDir Path data) throws Exception {
		AdminToken configured = new AdminToken(" configured-token ", data);

		assertThat(configured.matches("configured-token")).isTrue();
		assertThat(configured.matches("configured-toke")).isFalse();
		assertThat(data.resolve("admin-token")).doesNotExist();
	}

}
