package io.gratitude.partner;

import io.gratitude.audit.AuditLog;
import io.gratitude.system.ProblemResponse;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Who calls the API, for Spring Security to authorise (the route security of
 * {@code io.gratitude.security}): a bearer credential that is the admin token becomes
 * role {@value #OPERATOR}, a partner's API key role {@value #PARTNER} with that partner
 * as the {@link ApiCaller}. An unknown key is a 401 problem, an unreachable database a
 * 503 to retry, a key over its rate ({@link ApiRateLimits}) a 429.
 */
@Component
public class ApiAuthentication {

	public static final String OPERATOR = "API_OPERATOR";

	public static final String PARTNER = "API_PARTNER";

	private final ApiKeys keys;

	private final AdminToken adminToken;

	private final ApiRateLimits rateLimits;

	private final ObjectProvider<RequestMappingHandlerMapping> routes;

	ApiAuthentication(ApiKeys keys, AdminToken adminToken, ApiRateLimits rateLimits,
			@Qualifier("requestMappingHandlerMapping") ObjectProvider<RequestMappingHandlerMapping> routes) {
		this.keys = keys;
		this.adminToken = adminToken;
		this.rateLimits = rateLimits;
		this.routes = routes;
	}

	/** The filter that turns an {@code Authorization: Bearer} header into a caller. */
	public AuthenticationFilter filter() {
		AuthenticationFilter filter = new AuthenticationFilter(this::authenticate, ApiAuthentication::bearer);
		filter.setSuccessHandler(new AuthenticationSuccessHandler() {

			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					FilterChain chain, Authentication authentication) throws IOException, ServletException {
				proceed(request, response, chain, authentication);
			}

			@Override
			public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
					Authentication authentication) {
				throw new UnsupportedOperationException("only called with the filter chain");
			}

		});
		filter.setFailureHandler(ApiAuthentication::refuse);
		return filter;
	}

	/** Answers a request that names no credential (401). */
	public AuthenticationEntryPoint missingCredentials() {
		return (request, response, ex) -> unauthorized("Missing credentials: send 'Authorization: Bearer <key>'.")
			.writeTo(response);
	}

	/**
	 * Answers a valid credential that may not call this address: 403 when the address is
	 * a route, of the other kind of caller; 404 when no route has it (as for a caller who
	 * may).
	 */
	public AccessDeniedHandler wrongCredential() {
		return (request, response, ex) -> {
			if (!isRoute(request)) {
				new ProblemResponse(HttpStatus.NOT_FOUND, "Not Found", "No such route.").writeTo(response);
				return;
			}
			Authentication caller = SecurityContextHolder.getContext().getAuthentication();
			String detail = (caller instanceof Credential credential && credential.caller() != null)
					? "This route needs the admin token; a partner's API key cannot use it."
					: "This route needs a partner's API key; the admin token enrols and administers partners only.";
			new ProblemResponse(HttpStatus.FORBIDDEN, "Forbidden", detail).writeTo(response);
		};
	}

	/**
	 * Whether a controller method is mapped to the request, as the dispatcher will look
	 * it up.
	 */
	private boolean isRoute(HttpServletRequest request) {
		if (!ServletRequestPathUtils.hasParsedRequestPath(request)) {
			ServletRequestPathUtils.parseAndCache(request);
		}
		try {
			return this.routes.getObject().getHandler(request) != null;
		}
		catch (Exception ex) {
			// A route with this path, but another method or content type: still a route.
			return true;
		}
	}

	private Authentication authenticate(Authentication presented) {
		String bearer = (String) presented.getCredentials();
		if (this.adminToken.matches(bearer)) {
			return new Credential(null, "", OPERATOR);
		}
		Optional<Long> partnerId;
		try {
			partnerId = this.keys.authenticate(bearer);
		}
		catch (TransientDataAccessException | DataAccessResourceFailureException ex) {
			throw new AuthenticationServiceException("The database could not check the API key", ex);
		}
		return partnerId.map(id -> new Credential(new ApiCaller(id), ApiKeys.prefixOf(bearer), PARTNER))
			.orElseThrow(() -> new BadCredentialsException("Unknown or revoked API key."));
	}

	private void proceed(HttpServletRequest request, HttpServletResponse response, FilterChain chain,
			Authentication authentication) throws IOException, ServletException {
		Credential credential = (Credential) authentication;
		if (credential.caller() == null) {
			AuditLog.actingNow(AuditLog.Actor.adminToken());
		}
		else {
			long wait = this.rateLimits.acquire(credential.prefix());
			if (wait > 0) {
				new ProblemResponse(HttpStatus.TOO_MANY_REQUESTS, "Too Many Requests",
						"This API key is over its request rate. Retry after " + wait
								+ " s, or send sales and contacts in batches.")
					.withHeader(HttpHeaders.RETRY_AFTER, Long.toString(wait))
					.writeTo(response);
				return;
			}
			AuditLog.actingNow(AuditLog.Actor.apiKey(credential.prefix()));
		}
		chain.doFilter(request, response);
	}

	private static void refuse(HttpServletRequest request, HttpServletResponse response, AuthenticationException ex)
			throws IOException {
		if (ex instanceof AuthenticationServiceException) {
			// The database is away (or the lookup lost a lock): the client may retry.
			new ProblemResponse(HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable",
					"The database could not check the API key just now. Retry the request.")
				.withHeader(HttpHeaders.RETRY_AFTER, "2")
				.writeTo(response);
			return;
		}
		unauthorized("Unknown or revoked API key.").writeTo(response);
	}

	private static ProblemResponse unauthorized(String detail) {
		return new ProblemResponse(HttpStatus.UNAUTHORIZED, "Unauthorized", detail)
			.withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	private static @Nullable Authentication bearer(HttpServletRequest request) {
		String header = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String value = header.substring(7).strip();
		return value.isEmpty() ? null : new Presented(value);
	}

	/** A bearer value not yet checked. */
	private static final class Presented extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final String value;

		Presented(String value) {
			super(AuthorityUtils.NO_AUTHORITIES);
			this.value = value;
		}

		@Override
		public Object getCredentials() {
			return this.value;
		}

		@Override
		public @Nullable Object getPrincipal() {
			return null;
		}

	}

	/**
	 * A checked credential: the admin token ({@code caller} null) or a partner's key (its
	 * prefix, for the audit log and the rate limit).
	 */
	static final class Credential extends AbstractAuthenticationToken {

		private static final long serialVersionUID = 1L;

		private final transient @Nullable ApiCaller caller;

		private final String prefix;

		Credential(@Nullable ApiCaller caller, String prefix, String role) {
			super(AuthorityUtils.createAuthorityList("ROLE_" + role));
			this.caller = caller;
			this.prefix = prefix;
			setAuthenticated(true);
		}

		@Nullable ApiCaller caller() {
			return this.caller;
		}

		String prefix() {
			return this.prefix;
		}

		@Override
		public @Nullable Object getCredentials() {
			return null;
		}

		@Override
		public Object getPrincipal() {
			return (this.caller != null) ? this.caller : "admin token";
		}

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
		public Object resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
				NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
			if (SecurityContextHolder.getContext().getAuthentication() instanceof Credential credential
					&& credential.caller() != null) {
				return credential.caller();
			}
			// RouteSecurity lets only partner keys reach a partner's route: a bug, not a
			// caller's mistake.
			throw new IllegalStateException("No API caller: the route is not behind partner key authorisation");
		}

	}

}
