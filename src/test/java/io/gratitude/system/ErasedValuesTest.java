package io.gratitude.system;

import java.util.List;

import io.gratitude.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What erasure keeps must be recognised after its secret changes: a suppression of an
 * erased person must hold whichever key it was kept under.
 */
class ErasedValuesTest extends IntegrationTest {

	@Autowired
	private JdbcClient jdbc;

	@Autowired
	private ErasedValues generated;

	@Test
	void aConfiguredSecretStillRecognisesWhatTheGeneratedOneKept() {
		String value = "suppression:7:someone@example.com";
		ErasedValues configured = new ErasedValues(this.jdbc, CLOCK, "a-configured-secret", List.of());

		assertThat(configured.keyed(value)).isNotEqualTo(this.generated.keyed(value)).startsWith(ErasedValues.PREFIX);
		assertThat(configured.keyedForms(value)).first().isEqualTo(configured.keyed(value));
		assertThat(configured.keyedForms(value)).contains(this.generated.keyed(value));
	}

	@Test
	void previousSecretsAreRecognisedAndOnlyTheCurrentOneIsUsedToKeep() {
		String value = "suppression:7:someone@example.com";
		ErasedValues old = new ErasedValues(this.jdbc, CLOCK, "the-old-secret", List.of());
		ErasedValues rotated = new ErasedValues(this.jdbc, CLOCK, "the-new-secret", List.of("the-old-secret", " "));

		assertThat(rotated.keyed(value)).isNotEqualTo(old.keyed(value));
		assertThat(rotated.keyedForms(value)).first().isEqualTo(rotated.keyed(value));
		assertThat(rotated.keyedForms(value)).contains(old.keyed(value)).doesNotHaveDuplicates();
		assertThat(rotated.keyedForms("another value")).doesNotContain(old.keyed(value));
	}

}
