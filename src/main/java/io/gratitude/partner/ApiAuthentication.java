package io.gratitude.partner;

import io.gratitude.AuditLog;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Authenticates every {@code /api/} request: admin routes ({@code /api/v1/partners},
 * {@code /api/v1/outbox}) need the admin token, every other route a partner's API key,
 * whose partner becomes the request's {@link ApiCaller}. Failures answer 401 problem
 * details; a key over its rate ({@link ApiRateLimits}) is answered 429.
 */
@Component
class ApiAuthentication extends OncePerRequestFilter {

	static final String CALLER = ApiCaller.class.getName();

	private final ApiKeys keys;

	private final AdminToken adminToken;

	private final ApiRateLimits rateLimits;

	ApiAuthentication(ApiKeys keys, AdminToken adminToken, ApiRateLimits rateLimits) {
		this.keys = keys;
		this.adminToken = adminToken;
		this.rateLimits = rateLimits;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String path = request.getRequestURI().substring(request.getContextPath().length());
		Optional<String> bearer = bearer(request);
		if (bearer.isEmpty()) {
			reject(response, "Missing credentials: send 'Authorization: Bearer <key>'.");
			return;
		}
		if (isAdminRoute(path)) {
			if (!this.adminToken.matches(bearer.get())) {
				reject(response, "This route needs the admin token.");
				return;
			}
			AuditLog.actingNow(AuditLog.Actor.adminToken());
		}
		else {
			Optional<Long> partnerId;
			try {
				partnerId = this.keys.authenticate(bearer.get());
			}
			catch (TransientDataAccessException | DataAccessResourceFailureException ex) {
				// The database is away (or the lookup lost a lock): the client may retry,
				// as from a controller (the API's problem handler does not see filters).
				unavailable(response);
				return;
			}
			if (partnerId.isEmpty()) {
				reject(response, "Unknown or revoked API key.");
				return;
			}
			long wait = this.rateLimits.acquire(ApiKeys.prefixOf(bearer.get()));
			if (wait > 0) {
				tooMany(response, wait);
				return;
			}
			request.setAttribute(CALLER, new ApiCaller(partnerId.get()));
			AuditLog.actingNow(AuditLog.Actor.apiKey(ApiKeys.prefixOf(bearer.get())));
		}
		chain.doFilter(request, response);
	}

	private static boolean isAdminRoute(String path) {
		return path.equals("/api/v1/partners") || path.startsWith("/api/v1/partners/")
				|| path.startsWith("/api/v1/outbox");
	}

	private static Optional<String> bearer(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return Optional.empty();
		}
		String value = header.substring(7).strip();
		return value.isEmpty() ? Optional.empty() : Optional.of(value);
	}

	private static void reject(HttpServletResponse response, String detail) throws IOException {
		response.setStatus(HttpStatus.UNAUTHORIZED.value());
		response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Unauthorized\",\"status\":401,\"detail\":\"" + detail
					+ "\"}");
	}

	private static void tooMany(HttpServletResponse response, long retryAfterSeconds) throws IOException {
		response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
					+ "\"detail\":\"This API key is over its request rate. Retry after " + retryAfterSeconds
					+ " s, or send sales and contacts in batches.\"}");
	}

	private static void unavailable(HttpServletResponse response) throws IOException {
		response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
		response.setHeader(HttpHeaders.RETRY_AFTER, "2");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"about:blank\",\"title\":\"Temporarily unavailable\",\"status\":503,"
					+ "\"detail\":\"The database could not check the API key just now. Retry the request.\"}");
	}

	/** Lets controllers declare {@link ApiCaller} parameters. */
	@Configuration(proxyBeanMethods = false)
	static class CallerParameters implements WebMvcConfigurer {

		@Override
		public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
			resolvers.add(new CallerResolver());
		}

	}

	/**
	 * Resolves {@link ApiCaller} controller parameters from the authenticated request.
	 */
	static class CallerResolver implements HandlerMethodArgumentResolver {

		@Override
		public boolean supportsParameter(MethodParameter parameter) {
			return parameter.getParameterType() == ApiCaller.class;
		}

		@Override
		public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mavContainer,
				NativeWebRequest webRequest, WebDataBinderFactory binderFactory) {
			Object caller = webRequest.getAttribute(CALLER, RequestAttributes.SCOPE_REQUEST);
			if (caller == null) {
				throw new IllegalStateException("No API caller: the route is not behind API key authentication");
			}
			return caller;
		}

	}

}
