package io.gratitude.system;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A transaction that lost a lock race is run again; nothing else is. */
class DeadlockRetryingTransactionsTest {

	private final Transactions manager = new Transactions();

	private final DeadlockRetryingTransactions transactions = new DeadlockRetryingTransactions(this.manager);

	private final AtomicInteger runs = new AtomicInteger();

	@AfterEach
	void noOuterTransaction() {
		TransactionSynchronizationManager.setActualTransactionActive(false);
	}

	@Test
	void aDeadlockVictimIsRolledBackAndRunAgainUntilItCommits() {
		String result = this.transactions.execute(status -> {
			if (this.runs.incrementAndGet() < 3) {
				throw new CannotAcquireLockException("Deadlock found when trying to get lock");
			}
			return "done";
		});

		assertThat(result).isEqualTo("done");
		assertThat(this.runs).hasValue(3);
		assertThat(this.manager.rollbacks).hasValue(2);
		assertThat(this.manager.commits).hasValue(1);
	}

	@Test
	void afterThreeLostRacesTheFailureGoesToTheCaller() {
		assertThatThrownBy(() -> this.transactions.execute(status -> {
			this.runs.incrementAndGet();
			throw new CannotAcquireLockException("Lock wait timeout exceeded");
		})).isInstanceOf(CannotAcquireLockException.class);

		assertThat(this.runs).hasValue(DeadlockRetryingTransactions.ATTEMPTS);
		assertThat(this.manager.commits).hasValue(0);
	}

	@Test
	void otherFailuresAreNotRetried() {
		assertThatThrownBy(() -> this.transactions.execute(status -> {
			this.runs.incrementAndGet();
			throw new DuplicateKeyException("uk_outreach_occasion");
		})).isInstanceOf(DuplicateKeyException.class);

		assertThat(this.runs).hasValue(1);
	}

	@Test
	void insideAnOuterTransactionNothingIsRetriedForTheOuterOneIsLost() {
		TransactionSynchronizationManager.setActualTransactionActive(true);

		assertThatThrownBy(() -> this.transactions.execute(status -> {
			this.runs.incrementAndGet();
			throw new CannotAcquireLockException("Deadlock found when trying to get lock");
		})).isInstanceOf(CannotAcquireLockException.class);

		assertThat(this.runs).hasValue(1);
	}

	/** Counts commits and rollbacks; holds no resource. */
	static class Transactions implements PlatformTransactionManager {

		final AtomicInteger commits = new AtomicInteger();

		final AtomicInteger rollbacks = new AtomicInteger();

		@Override
		public TransactionStatus getTransaction(TransactionDefinition definition) {
			return new SimpleTransactionStatus();
		}

		@Override
		public void commit(TransactionStatus status) {
			this.commits.incrementAndGet();
		}

		@Override
		public void rollback(TransactionStatus status) {
			this.rollbacks.incrementAndGet();
		}

	}

}
