package io.gratitude.template;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * Every render thread is busy and every place in their queue taken: the request is
 * refused with 503 and a {@code Retry-After}, rather than adding a thread. Never thrown
 * to a send, which waits instead.
 */
public class RendersBusy extends ErrorResponseException {

	private static final long serialVersionUID = 1L;

	RendersBusy(long retryAfterSeconds) {
		super(HttpStatus.SERVICE_UNAVAILABLE, problem(retryAfterSeconds), null);
		getHeaders().set(HttpHeaders.RETRY_AFTER, String.valueOf(retryAfterSeconds));
	}

	private static ProblemDetail problem(long retryAfterSeconds) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"Every template render thread is busy; retry in " + retryAfterSeconds + " s.");
		problem.setTitle("Renders busy");
		return problem;
	}

}
