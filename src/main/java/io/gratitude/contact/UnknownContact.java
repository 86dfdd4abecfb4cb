package io.gratitude.contact;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No contact with that external reference exists for the calling partner. */
public class UnknownContact extends ErrorResponseException {

	public UnknownContact(String externalRef, HttpStatus status) {
		super(status, problem(externalRef, status), null);
	}

	private static ProblemDetail problem(String externalRef, HttpStatus status) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, "No contact with externalRef '" + externalRef
				+ "'. Create it with PUT /api/v1/contacts/{externalRef}.");
		problem.setTitle("Unknown contact");
		return problem;
	}

}
