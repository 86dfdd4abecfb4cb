package io.gratitude.system;

import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionCallback;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The application's {@link TransactionTemplate}: a transaction that lost a lock race —
 * the database rolled it back to break a deadlock, or it gave up waiting for a lock — is
 * run again, up to {@value #ATTEMPTS} times in all, after a short random pause.
 * <p>
 * InnoDB (MySQL, MariaDB) takes shared locks for foreign key and unique checks, which H2
 * does not, so two planners, or a dispatcher recording a send while recovery sweeps
 * expired leases, can deadlock there and never on H2. The database undid the victim's
 * whole transaction, so running the callback again is safe for callbacks that only touch
 * the database, as every one in Gratitude does. Inside an outer transaction nothing is
 * retried: the outer transaction was rolled back and fails as a whole.
 */
@Component
class DeadlockRetryingTransactions extends TransactionTemplate {

	private static final Logger log = LoggerFactory.getLogger(DeadlockRetryingTransactions.class);

	static final int ATTEMPTS = 3;

	DeadlockRetryingTransactions(PlatformTransactionManager transactionManager) {
		super(transactionManager);
	}

	@Override
	public <T extends @Nullable Object> T execute(TransactionCallback<T> action) throws TransactionException {
		if (TransactionSynchronizationManager.isActualTransactionActive()) {
			return super.execute(action);
		}
		for (int attempt = 1;; attempt++) {
			try {
				return super.execute(action);
			}
			catch (PessimisticLockingFailureException ex) {
				if (attempt >= ATTEMPTS) {
					throw ex;
				}
				log.info("transaction lost a lock race (attempt {} of {}), running it again: {}", attempt, ATTEMPTS,
						ex.getMostSpecificCause().getMessage());
				pause(attempt, ex);
			}
		}
	}

	/**
	 * A random pause, longer at each attempt, so that the two sides do not meet again.
	 */
	private static void pause(int attempt, PessimisticLockingFailureException cause) {
		try {
			Thread.sleep(ThreadLocalRandom.current().nextLong(10, 50) * attempt);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw cause;
		}
	}

}
