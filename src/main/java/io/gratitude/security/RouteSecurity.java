package io.gratitude.security;

import io.gratitude.partner.ApiAuthentication;
import io.gratitude.partner.ApiCaller;
import io.gratitude.staff.ConsoleAccess;
import io.gratitude.staff.SignInThrottle;
import io.gratitude.staff.StaffRole;
import io.gratitude.system.ProblemResponse;

import java.io.IOException;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may call which route, decided by Spring Security on the decoded, normalised path
 * that request mappings route on (paths with another spelling are refused before this:
 * {@code PathFirewall}). Three chains, deny by default:
 * <ul>
 * <li>the console ({@code /console/**}): people, with a session kept in the database,
 * form sign-in throttled by {@link SignInThrottle}, CSRF tokens and a strict CSP; service
 * admins only under {@code /console/admin/**};</li>
 * <li>the API ({@code /api/**}): machines with a bearer credential
 * ({@link ApiAuthentication}), no session, no CSRF (no cookie is trusted there); the
 * admin token for partner administration and the outbox, a partner's key for the
 * rest;</li>
 * <li>everything else: public only by name (unsubscribe links, probes, actuator, API
 * docs), any other path 404.</li>
 * </ul>
 * Tenant checks (which partner's page or row) stay with the controllers that read the
 * route's variables ({@link ConsoleAccess}, {@link ApiCaller}).
 */
@Configuration(proxyBeanMethods = false)
public class RouteSecurity {

	// Scripts and styles only from the application itself (no CDN, no inline script).
	// Inline styles are allowed: e-mail HTML in the preview frame depends on them. Images
	// may come from anywhere over https, as e-mail images do.
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self'; "
			+ "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

	private static final String[] ADMIN_API = { "/api/v1/partners", "/api/v1/partners/**", "/api/v1/outbox",
			"/api/v1/outbox/**" };

	private static final String[] PUBLIC = { "/unsubscribe/*", "/livez", "/readyz", "/actuator/health",
			"/actuator/health/**", "/actuator/info", "/actuator/metrics", "/actuator/metrics/**",
			"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs.yaml", "/v3/api-docs/**", "/swagger-ui.html",
			"/swagger-ui/**", "/webjars/**" };

	@Bean
	PasswordEncoder passwordEncoder() {
		// {bcrypt} today; the prefix lets a stronger encoder take over without a reset.
		return PasswordEncoderFactories.createDelegatingPasswordEncoder();
	}

	@Bean
	@Order(1)
	SecurityFilterChain console(HttpSecurity http, SignInThrottle throttle) throws Exception {
		http.addFilterBefore(throttle.filter(), UsernamePasswordAuthenticationFilter.class)
			.securityMatcher("/console", "/console/**", "/")
			.authorizeHttpRequests(requests -> requests.requestMatchers("/", "/console/sign-in", "/console/assets/**")
				.permitAll()
				.requestMatchers("/console/admin/**")
				.hasRole(StaffRole.ADMIN.name())
				.anyRequest()
				.authenticated())
			.formLogin(form -> form.loginPage("/console/sign-in")
				.usernameParameter("email")
				.defaultSuccessUrl("/console", false)
				.failureUrl("/console/sign-in?error"))
			.logout(logout -> logout.logoutUrl("/console/sign-out").logoutSuccessUrl("/console/sign-in?signed-out"))
			.headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
				.frameOptions(frames -> frames.deny()));
		return http.build();
	}

	@Bean
	@Order(2)
	SecurityFilterChain api(HttpSecurity http, ApiAuthentication authentication) throws Exception {
		http.securityMatcher("/api/**")
			.addFilterAt(authentication.filter(), BasicAuthenticationFilter.class)
			.authorizeHttpRequests(requests -> requests.requestMatchers(ADMIN_API)
				.hasRole(ApiAuthentication.OPERATOR)
				.requestMatchers("/api/v1/**")
				.hasRole(ApiAuthentication.PARTNER)
				.anyRequest()
				.denyAll())
			.exceptionHandling(errors -> errors.authenticationEntryPoint(authentication.missingCredentials())
				.accessDeniedHandler(authentication.wrongCredential()));
		return machines(http).build();
	}

	@Bean
	@Order(3)
	SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests.dispatcherTypeMatchers(DispatcherType.ERROR)
			.permitAll()
			.requestMatchers(PUBLIC)
			.permitAll()
			.anyRequest()
			.denyAll())
			.exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, ex) -> notFound(response))
				.accessDeniedHandler((request, response, ex) -> notFound(response)));
		return machines(http).build();
	}

	private static HttpSecurity machines(HttpSecurity http) throws Exception {
		return http.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
	}

	private static void notFound(HttpServletResponse response) throws IOException {
		new ProblemResponse(HttpStatus.NOT_FOUND, "Not Found", "No such route.").writeTo(response);
	}

}
