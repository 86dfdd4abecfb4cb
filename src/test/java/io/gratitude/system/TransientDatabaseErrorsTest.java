package io.gratitude.system;

import org.junit.jupiter.api.Test;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A deadlock or a database out of reach is the client's cue to retry, not a 500: 503 with
 * Retry-After. End to end, {@code ClusterIT} (mysql suite) asks a node whose database is
 * cut off.
 */
class TransientDatabaseErrorsTest {

	private final ApiErrors errors = new ApiErrors();

	@Test
	void aDeadlockVictimIsAskedToRetry() {
		ResponseEntity<ProblemDetail> response = this.errors
			.unavailable(new CannotAcquireLockException("Deadlock found when trying to get lock"));
		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
		assertThat(response.getBody().getDetail()).contains("Retry").doesNotContain("Deadlock");
	}

	@Test
	void aDatabaseOutOfReachIsUnavailable() {
		ResponseEntity<ProblemDetail> response = this.errors
			.unavailable(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection"));
		assertThat(response.getStatusCode().value()).isEqualTo(503);
		assertThat(response.getBody().getTitle()).isEqualTo("Temporarily unavailable");
		assertThat(this.errors.unavailable(new CannotCreateTransactionException("Could not open JDBC Connection"))
			.getStatusCode()
			.value()).isEqualTo(503);
	}

}
