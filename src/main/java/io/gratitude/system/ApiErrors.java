package io.gratitude.system;

import java.time.DateTimeException;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * RFC 9457 problem details for errors that are no feature's own. Features signal their
 * own problems with {@code ErrorResponseException}s, which Spring renders directly. Bad
 * input is a 400 whose {@code field} property names the culprit: an {@link InvalidField}
 * from a value type, a JSON path from a body that does not bind, a query parameter of the
 * wrong type, a JSON key the body has no field for. Only those are the client's fault:
 * any other exception (an {@code IllegalArgumentException} from a bug included) is a 500.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

	@ExceptionHandler(InvalidField.class)
	ProblemDetail invalidField(InvalidField ex) {
		return badRequest(ex.getMessage(), ex.field());
	}

	/**
	 * Anything else is the service's fault, not the request's: a 500 that tells nothing
	 * of the internals (no exception class or message), and one ERROR line with the stack
	 * trace. A console page gets the console's error page instead.
	 */
	@ExceptionHandler(Exception.class)
	ProblemDetail unexpected(Exception ex, WebRequest request) throws Exception {
		if (isConsolePage(request)) {
			throw ex;
		}
		log.error("answered 500 to {}", describe(request), ex);
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, UNEXPECTED);
		problem.setTitle("Internal Server Error");
		return problem;
	}

	/** What a 500 says: nothing of what went wrong inside. */
	static final String UNEXPECTED = "The service failed to answer this request. The failure was logged; retrying later may help.";

	/**
	 * The request as its route: {@code PUT /api/v1/contacts/{externalRef}}, not the path
	 * itself, which may hold an email address or a reference.
	 */
	private static String describe(WebRequest request) {
		Object route = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
				RequestAttributes.SCOPE_REQUEST);
		String method = (request instanceof ServletWebRequest servlet) ? servlet.getRequest().getMethod() : "?";
		return method + " " + ((route != null) ? route : "(no route)");
	}

	@ExceptionHandler(MethodArgumentTypeMismatchException.class)
	ProblemDetail badParameter(MethodArgumentTypeMismatchException ex, WebRequest request) {
		if (isConsolePage(request)) {
			// A console page's address with a malformed id: the page does not exist.
			throw new ErrorResponseException(HttpStatus.NOT_FOUND, ex);
		}
		// Say why when a parser said it (an instant out of range, say), not only that.
		DateTimeException why = cause(ex, DateTimeException.class);
		return badRequest("'" + ex.getValue() + "' is not a valid " + ex.getName()
				+ ((why != null && why.getMessage() != null) ? ": " + why.getMessage() : ""), ex.getName());
	}

	@ExceptionHandler(PayloadTooLarge.class)
	ProblemDetail tooLarge(PayloadTooLarge ex) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONTENT_TOO_LARGE, ex.getMessage());
		problem.setTitle("Request too large");
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
		return badRequest("The request breaks a data rule (a value too long or out of range).", null);
	}

	/**
	 * The database could not do it now (a deadlock victim, a lock wait timeout, the
	 * database unreachable): the transaction it was in was rolled back, and retrying the
	 * request is safe, as writes are idempotent by their references.
	 */
	@ExceptionHandler({ TransientDataAccessException.class, DataAccessResourceFailureException.class,
			CannotCreateTransactionException.class })
	ResponseEntity<ProblemDetail> unavailable(RuntimeException ex) {
		log.warn("answered 503, retry invited: {}: {}", ex.getClass().getSimpleName(), mostSpecificMessage(ex));
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
				"The database could not complete the request just now (a lock conflict or a lost connection). Retry it: writes are idempotent by their references.");
		problem.setTitle("Temporarily unavailable");
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
			.header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
			.body(problem);
	}

	/**
	 * A console page (a person's browser, not a script asking for JSON) gets the
	 * console's HTML error page: rethrowing hands the exception on to Spring's default
	 * resolvers, which send the status to the error page (templates/error.html).
	 */
	@Override
	protected @Nullable ResponseEntity<Object> handleErrorResponseException(ErrorResponseException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		if (isConsolePage(request)) {
			throw ex;
		}
		return super.handleErrorResponseException(ex, headers, status, request);
	}

	private static boolean isConsolePage(WebRequest request) {
		if (!(request instanceof ServletWebRequest servlet)) {
			return false;
		}
		HttpServletRequest http = servlet.getRequest();
		// The decoded path within the application, as the dispatcher routed it.
		String path = http.getServletPath();
		String accept = http.getHeader(HttpHeaders.ACCEPT);
		return (path.equals("/console") || path.startsWith("/console/"))
				&& (accept == null || !accept.contains("json"));
	}

	/** How long a client is asked to wait before retrying after a 503. */
	static final int RETRY_AFTER_SECONDS = 2;

	@Override
	protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		PayloadTooLarge tooLarge = cause(ex, PayloadTooLarge.class);
		if (tooLarge != null) {
			return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge(tooLarge));
		}
		InvalidField invalid = cause(ex, InvalidField.class);
		JacksonException json = cause(ex, JacksonException.class);
		String path = (json != null) ? InvalidField.jsonPath(json) : null;
		if (invalid != null) {
			// A value type refused a value while the body was bound: place it under the
			// JSON path.
			String field = (path != null && !path.isEmpty() && !path.endsWith(invalid.field())) ? path
					: invalid.field();
			return ResponseEntity.badRequest().body(badRequest(invalid.getMessage(), field));
		}
		UnrecognizedPropertyException unknown = cause(ex, UnrecognizedPropertyException.class);
		if (unknown != null) {
			InvalidField field = InvalidField.unknownProperty(unknown);
			return ResponseEntity.badRequest().body(badRequest(field.getMessage(), field.field()));
		}
		String detail = (json == null) ? "The request body is missing or is not JSON."
				: (path == null || path.isEmpty()) ? "The request body is not valid JSON: " + json.getOriginalMessage()
						: wrongValue(path, json);
		return ResponseEntity.badRequest().body(badRequest(detail, (path == null || path.isEmpty()) ? "body" : path));
	}

	/** What a partner's developer needs to hear about a value of the wrong type. */
	private static String wrongValue(String path, JacksonException json) {
		String original = json.getOriginalMessage();
		if (original.startsWith("Duplicate Object property")) {
			return "Field '" + path + "' appears twice in one object: send each key once.";
		}
		Class<?> target = (json instanceof MismatchedInputException mismatch) ? mismatch.getTargetType() : null;
		if (target == null) {
			return "Field '" + path + "' has a wrong value or type: " + original;
		}
		if (target.isEnum()) {
			return "Field '" + path + "' must be one of "
					+ Arrays.stream(target.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", "))
					+ ", as a JSON string.";
		}
		if (target == Integer.class || target == int.class || target == Long.class || target == long.class
				|| target == Short.class || target == short.class) {
			return "Field '" + path + "' must be a whole number, as a JSON number (not a fraction or a string).";
		}
		if (target == Boolean.class || target == boolean.class) {
			return "Field '" + path + "' must be true or false.";
		}
		if (target == String.class) {
			return "Field '" + path + "' must be a JSON string.";
		}
		int reason = original.lastIndexOf("\": ");
		return "Field '" + path + "' has a wrong value or type: "
				+ ((reason >= 0) ? original.substring(reason + 3) : original);
	}

	@Override
	protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
			HttpHeaders headers, HttpStatusCode status, WebRequest request) {
		String field = (ex.getFieldError() != null) ? ex.getFieldError().getField() : null;
		String detail = (ex.getFieldError() != null) ? field + " " + ex.getFieldError().getDefaultMessage()
				: "The request is not valid.";
		return ResponseEntity.badRequest().body(badRequest(detail, field));
	}

	private static ProblemDetail badRequest(@Nullable String detail, @Nullable String field) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
				(detail != null) ? detail : "Invalid request.");
		problem.setTitle("Invalid request");
		if (field != null) {
			problem.setProperty("field", field);
		}
		return problem;
	}

	private static <T extends Throwable> @Nullable T cause(Throwable ex, Class<T> type) {
		for (Throwable cause = ex; cause != null; cause = (cause.getCause() == cause) ? null : cause.getCause()) {
			if (type.isInstance(cause)) {
				return type.cast(cause);
			}
		}
		return null;
	}

	/**
	 * The root cause's message on one line (a database's message may carry the statement,
	 * over several lines; statements are logged with their placeholders, never their
	 * values).
	 */
	private static String mostSpecificMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		return (message != null) ? message.replaceAll("\\s+", " ").strip() : cause.getClass().getSimpleName();
	}

}
