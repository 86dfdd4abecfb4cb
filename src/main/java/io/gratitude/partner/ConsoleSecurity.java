package io.gratitude.partner;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Two filter chains. The console ({@code /console/**}) is for people: form sign-in with a
 * session (kept in the database, shared by the cluster), CSRF tokens on every form and
 * fetch, a strict Content-Security-Policy, and sign-ins throttled by
 * {@link SignInThrottle}. Everything else (the API, unsubscribe links, actuator, API
 * docs) is for machines and mail clients: no session, no CSRF (no cookies are trusted
 * there), authenticated where needed by {@link ApiAuthentication}.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	// Scripts and styles only from the application itself (no CDN, no inline script).
	// Inline styles are allowed: e-mail HTML in the preview frame depends on them. Images
	// may come from anywhere over https, as e-mail images do.
	static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; "
			+ "style-src 'self' 'unsafe-inline'; img-src 'self' data: https:; font-src 'self'; "
			+ "connect-src 'self'; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
			+ "frame-ancestors 'none'";

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
	SecurityFilterChain machines(HttpSecurity http) throws Exception {
		http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
			.csrf(csrf -> csrf.disable())
			.requestCache(cache -> cache.disable())
			.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
		return http.build();
	}

}
