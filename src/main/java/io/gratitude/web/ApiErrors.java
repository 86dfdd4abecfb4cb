package io.gratitude.web;

import java.time.DateTimeException;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for errors that are no feature's own. Features signal their
 * own problems with {@code ErrorResponseException}s, which Spring renders directly; value
 * types reject bad input with {@link IllegalArgumentException}, answered here as 400 with
 * the message as the detail (messages name the field and never echo secrets).
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

	@ExceptionHandler({ IllegalArgumentException.class, DateTimeException.class })
	ProblemDetail badInput(RuntimeException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, ex.getMessage());
		problem.setTitle("Invalid request");
		return problem;
	}

	@ExceptionHandler(DuplicateKeyException.class)
	ProblemDetail duplicate(DuplicateKeyException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
				"A concurrent request created the same resource; retry the request.");
		problem.setTitle("Conflict");
		return problem;
	}

	@ExceptionHandler(DataIntegrityViolationException.class)
	ProblemDetail integrity(DataIntegrityViolationException ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				"The request breaks a data rule (a value too long or out of range).");
		problem.setTitle("Invalid request");
		return problem;
	}

}
