package io.gratitude.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/**
 * An RFC 9457 problem written straight to a servlet response, for answers given before
 * any controller runs (security filters, the path firewall, Tomcat itself), where
 * Spring's {@code ProblemDetail} rendering is not reached. UTF-8 like every other problem
 * the service answers.
 */
public record ProblemResponse(HttpStatus status, String title, String detail, @Nullable String field,
		Map<String, String> headers) {

	public ProblemResponse(HttpStatus status, String title, String detail) {
		this(status, title, detail, null, Map.of());
	}

	/** The same problem with one more response header. */
	public ProblemResponse withHeader(String name, String value) {
		Map<String, String> more = new LinkedHashMap<>(this.headers);
		more.put(name, value);
		return new ProblemResponse(this.status, this.title, this.detail, this.field, Map.copyOf(more));
	}

	/**
	 * The same problem naming the culprit, as bad input's problems do ({@code field}).
	 */
	public ProblemResponse naming(String culprit) {
		return new ProblemResponse(this.status, this.title, this.detail, culprit, this.headers);
	}

	/** Writes status, headers and body; does nothing to a response already committed. */
	public void writeTo(HttpServletResponse response) throws IOException {
		if (response.isCommitted()) {
			return;
		}
		response.resetBuffer();
		response.setStatus(this.status.value());
		this.headers.forEach(response::setHeader);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.setCharacterEncoding(StandardCharsets.UTF_8.name());
		byte[] body = json().getBytes(StandardCharsets.UTF_8);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
		response.flushBuffer();
	}

	String json() {
		return "{\"type\":\"about:blank\",\"title\":" + quote(this.title) + ",\"status\":" + this.status.value()
				+ ",\"detail\":" + quote(this.detail) + ((this.field != null) ? ",\"field\":" + quote(this.field) : "")
				+ "}";
	}

	private static String quote(String value) {
		StringBuilder out = new StringBuilder(value.length() + 2).append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				default -> {
					if (c < 0x20 || c == 0x2028 || c == 0x2029) {
						out.append("\\u%04x".formatted((int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

}
