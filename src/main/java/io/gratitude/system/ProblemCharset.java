package io.gratitude.system;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;

import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;

/**
 * Problems Spring renders (a 404 for an unknown route, a 405, a 415, the features' own)
 * say their charset like those written before any controller runs
 * ({@link ProblemResponse}): {@code application/problem+json;charset=UTF-8}.
 */
@ControllerAdvice
class ProblemCharset implements ResponseBodyAdvice<Object> {

	@Override
	public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
		return true;
	}

	@Override
	public @Nullable Object beforeBodyWrite(@Nullable Object body, MethodParameter returnType,
			MediaType selectedContentType, Class<? extends HttpMessageConverter<?>> selectedConverterType,
			ServerHttpRequest request, ServerHttpResponse response) {
		if (body instanceof ProblemDetail && selectedContentType.getCharset() == null
				&& MediaType.APPLICATION_PROBLEM_JSON.isCompatibleWith(selectedContentType)) {
			response.getHeaders().setContentType(new MediaType(selectedContentType, StandardCharsets.UTF_8));
		}
		return body;
	}

}
