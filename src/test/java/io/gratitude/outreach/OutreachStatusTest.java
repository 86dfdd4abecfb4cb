package io.gratitude.outreach;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class OutreachStatusTest {

	@Test
	void aMessageIsSentOnlyFromSending() {
		assertThat(OutreachStatus.SENDING.canBecome(OutreachStatus.SENT)).isTrue();
		assertThat(OutreachStatus.SCHEDULED.canBecome(OutreachStatus.SENT)).isFalse();
		assertThat(OutreachStatus.RETRY.canBecome(OutreachStatus.SENT)).isFalse();
	}

	@Test
	void queuedMessagesAreClaimedSkippedOrCancelled() {
		for (OutreachStatus queued : new OutreachStatus[] { OutreachStatus.SCHEDULED, OutreachStatus.RETRY }) {
			assertThat(queued.canBecome(OutreachStatus.SENDING)).isTrue();
			assertThat(queued.canBecome(OutreachStatus.SKIPPED)).isTrue();
			assertThat(queued.canBecome(OutreachStatus.CANCELLED)).isTrue();
			assertThat(queued.canBecome(OutreachStatus.FAILED)).isFalse();
			assertThat(queued.isFinal()).isFalse();
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "SENT", "FAILED", "SKIPPED", "CANCELLED" })
	void finalStatusesNeverChangeAgain(OutreachStatus status) {
		assertThat(status.isFinal()).isTrue();
		for (OutreachStatus target : OutreachStatus.values()) {
			assertThat(status.canBecome(target)).as(status + " -> " + target).isFalse();
		}
		assertThatIllegalStateException().isThrownBy(() -> status.require(OutreachStatus.SCHEDULED))
			.withMessageContaining(status.name());
	}

}
