package io.gratitude.system;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.firewall.FirewalledRequest;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * One spelling per address. Security rules and request routing both match the decoded,
 * normalised path; a path that decodes or normalises to something other than it reads
 * could be judged by one and served by the other, so it is refused with a 400 problem
 * before any filter or handler looks at it: Spring Security's {@link StrictHttpFirewall}
 * (';' parameters, encoded slashes, periods and percents, backslashes, '//', dot
 * segments, control characters) plus percent-encoded characters that never need encoding
 * (letters, digits, '-', '.', '_', '~': RFC 3986 §2.3). What Tomcat refuses before Spring
 * sees it gets the same problem from {@link TomcatProblems}.
 */
@Configuration(proxyBeanMethods = false)
class PathFirewall {

	private static final Logger log = LoggerFactory.getLogger(PathFirewall.class);

	static final String DETAIL = "This address is not in canonical form: send the path as plain text, without "
			+ "percent-encoded letters, digits or slashes, ';' parameters, '//', '.' or '..' segments or backslashes.";

	private static final Pattern ENCODED_UNRESERVED = Pattern
		.compile("%(?:[46][1-9A-Fa-f]|[57][0-9Aa]|3[0-9]|2[DdEe]|5[Ff]|7[Ee])");

	@Bean
	HttpFirewall httpFirewall() {
		StrictHttpFirewall strict = new StrictHttpFirewall();
		return new HttpFirewall() {

			@Override
			public FirewalledRequest getFirewalledRequest(HttpServletRequest request) {
				FirewalledRequest checked = strict.getFirewalledRequest(request);
				Matcher encoded = ENCODED_UNRESERVED.matcher(request.getRequestURI());
				if (encoded.find()) {
					throw new RequestRejectedException(
							"The request was rejected because the URL encoded the plain character '" + encoded.group()
									+ "'");
				}
				return checked;
			}

			@Override
			public HttpServletResponse getFirewalledResponse(HttpServletResponse response) {
				return strict.getFirewalledResponse(response);
			}

		};
	}

	@Bean
	RequestRejectedHandler requestRejectedHandler() {
		return (HttpServletRequest request, HttpServletResponse response, RequestRejectedException ex) -> {
			log.debug("Refused a request whose path is not canonical: {}", ex.getMessage());
			refuse(response);
		};
	}

	static void refuse(HttpServletResponse response) throws IOException {
		new ProblemResponse(HttpStatus.BAD_REQUEST, "Bad Request", DETAIL).naming("path").writeTo(response);
	}

}
