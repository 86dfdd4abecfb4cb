package io.gratitude.staff;

import io.gratitude.audit.AuditLog;
import io.gratitude.partner.Partners;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The console's tenant boundary, in one place. A controller parameter of type
 * {@link ConsolePartner} is resolved from the route's {@code {partnerId}} and the
 * signed-in user: a partner the user may not see answers 404 (URL tampering learns
 * nothing), and the layout gets {@code console} (the partner) for its navigation. Every
 * console view also gets {@code staff} (the user) and {@code embeddedOutbox} (whether the
 * embedded SMTP sink runs).
 */
@Component
public class ConsoleAccess implements WebMvcConfigurer, HandlerMethodArgumentResolver, HandlerInterceptor {

	private final Partners partners;

	private final boolean embeddedOutbox;

	ConsoleAccess(Partners partners, Environment environment) {
		this.partners = partners;
		String mailHost = environment.getProperty("spring.mail.host");
		this.embeddedOutbox = mailHost == null || mailHost.isBlank();
	}

	@Override
	public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
		resolvers.add(this);
	}

	@Override
	public void addInterceptors(InterceptorRegistry registry) {
		registry.addInterceptor(this).addPathPatterns("/console", "/console/**");
	}

	@Override
	public boolean supportsParameter(MethodParameter parameter) {
		return parameter.getParameterType() == ConsolePartner.class;
	}

	@Override
	public ConsolePartner resolveArgument(MethodParameter parameter, @Nullable ModelAndViewContainer mavContainer,
			NativeWebRequest webRequest, @Nullable WebDataBinderFactory binderFactory) {
		StaffPrincipal staff = signedIn()
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED, "Sign in first"));
		@SuppressWarnings("unchecked")
		Map<String, String> variables = (Map<String, String>) webRequest
			.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
		String id = (variables != null) ? variables.get("partnerId") : null;
		if (id == null) {
			throw new IllegalStateException("A ConsolePartner parameter needs a {partnerId} in the route");
		}
		ConsolePartner console = parse(id).filter(staff::canSee)
			.flatMap(this.partners::findById)
			.map(partner -> new ConsolePartner(partner, staff))
			.orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such partner"));
		if (mavContainer != null) {
			mavContainer.addAttribute("console", console);
		}
		return console;
	}

	@Override
	public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
		signedIn().ifPresent(staff -> AuditLog.actingNow(AuditLog.Actor.staff(staff.id(), staff.email())));
		return true;
	}

	@Override
	public void postHandle(HttpServletRequest request, HttpServletResponse response, Object handler,
			@Nullable ModelAndView modelAndView) {
		String view = (modelAndView != null) ? modelAndView.getViewName() : null;
		if (modelAndView != null && (view == null || !view.startsWith("redirect:"))) {
			signedIn().ifPresent(staff -> modelAndView.addObject("staff", staff));
			modelAndView.addObject("embeddedOutbox", this.embeddedOutbox);
		}
	}

	public static Optional<StaffPrincipal> signedIn() {
		Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
		return (authentication != null && authentication.getPrincipal() instanceof StaffPrincipal staff)
				? Optional.of(staff) : Optional.empty();
	}

	private static Optional<Long> parse(String id) {
		try {
			return Optional.of(Long.parseLong(id));
		}
		catch (NumberFormatException ex) {
			return Optional.empty();
		}
	}

}
