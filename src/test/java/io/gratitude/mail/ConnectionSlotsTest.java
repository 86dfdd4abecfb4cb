package io.gratitude.mail;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.mail.internet.MimeMessage;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import org.springframework.mail.javamail.JavaMailSenderImpl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The node's SMTP connection slots ({@code gratitude.delivery.max-connections}): never
 * more connections than slots, a slot freed once per connection closed, and a caller that
 * waits served before one that does not. No network: connections open lazily.
 */
class ConnectionSlotsTest {

	private final SmtpSender smtp = new SmtpSender(new JavaMailSenderImpl(), new DeliverySettings(Duration.ofSeconds(5),
			Duration.ofMinutes(5), 600, 2, Duration.ofMinutes(1), Duration.ofSeconds(3)));

	@Test
	void noMoreConnectionsThanSlotsAndClosingOneFreesItsSlotOnce() {
		SmtpSender.Connection first = this.smtp.tryOpen(Duration.ZERO).orElseThrow();
		SmtpSender.Connection second = this.smtp.tryOpen(Duration.ZERO).orElseThrow();
		assertThat(this.smtp.tryOpen(Duration.ZERO)).isEmpty();
		assertThat(this.smtp.tryOpen(Duration.ofMillis(50))).isEmpty();

		first.close();
		first.close();
		SmtpSender.Connection third = this.smtp.tryOpen(Duration.ZERO).orElseThrow();
		assertThat(this.smtp.tryOpen(Duration.ZERO)).as("a second close frees nothing more").isEmpty();
		// A closed connection gave its slot back: it cannot send any more.
		assertThatIllegalStateException().isThrownBy(() -> first.send(new MimeMessage(this.smtp.session())));

		second.close();
		third.close();
		assertThat(this.smtp.tryOpen(Duration.ZERO)).isPresent();
	}

	@Test
	void aCallerWaitingForASlotGetsTheNextOneFreedBeforeACallerThatDoesNotWait() {
		SmtpSender.Connection first = this.smtp.tryOpen(Duration.ZERO).orElseThrow();
		this.smtp.tryOpen(Duration.ZERO).orElseThrow();
		AtomicReference<Optional<SmtpSender.Connection>> waited = new AtomicReference<>();
		Thread waiting = new Thread(() -> waited.set(this.smtp.tryOpen(Duration.ofSeconds(10))));
		waiting.start();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waiting.getState() == Thread.State.TIMED_WAITING);

		first.close();
		assertThat(this.smtp.tryOpen(Duration.ZERO)).as("the waiting caller is first in line").isEmpty();
		Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> waited.get() != null);
		assertThat(waited.get()).isPresent();
	}

	@Test
	void maxConnectionsIsAtLeastOne() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeliverySettings(Duration.ofSeconds(5), Duration.ofMinutes(5), 600, 0,
					Duration.ofMinutes(1), Duration.ofSeconds(3)))
			.withMessageContaining("max-connections");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DeliverySettings(Duration.ofSeconds(5), Duration.ofMinutes(5), -1, 4,
					Duration.ofMinutes(1), Duration.ofSeconds(3)))
			.withMessageContaining("max-per-minute");
	}

}
