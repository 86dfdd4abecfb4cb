package io.gratitude.system;

import java.io.IOException;

import org.apache.catalina.Container;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Tomcat refuses some requests itself, before any filter (an encoded slash or NUL, a
 * backslash, a malformed escape): they get the same 400 problem as the paths Spring's
 * firewall refuses ({@link PathFirewall}) instead of Tomcat's HTML error page. Other
 * errors Tomcat answers on its own (an unparsable header, say) get a problem of their
 * status. Errors of the application still go through Spring's error handling.
 */
@Component
class TomcatProblems implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addContextCustomizers(context -> {
			Container host = context.getParent();
			// Boot adds a plain ErrorReportValve to the host; ours replaces it.
			for (Valve valve : host.getPipeline().getValves()) {
				if (valve instanceof ErrorReportValve) {
					host.getPipeline().removeValve(valve);
				}
			}
			host.getPipeline().addValve(new ProblemReport());
			if (host instanceof StandardHost standard) {
				// Else the host adds a plain ErrorReportValve of its own when it starts.
				standard.setErrorReportValveClass(ProblemReport.class.getName());
			}
		});
	}

	@Override
	public int getOrder() {
		// After Boot's own customizer, which adds the valve this one replaces.
		return Ordered.LOWEST_PRECEDENCE;
	}

	/** Tomcat's error report, as a problem. */
	public static final class ProblemReport extends ErrorReportValve {

		public ProblemReport() {
			setShowReport(false);
			setShowServerInfo(false);
		}

		@Override
		protected void report(Request request, Response response, Throwable throwable) {
			int status = response.getStatus();
			if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
				return;
			}
			HttpStatus known = HttpStatus.resolve(status);
			HttpStatus answer = (known != null) ? known : HttpStatus.BAD_REQUEST;
			ProblemResponse problem = (answer == HttpStatus.BAD_REQUEST)
					? new ProblemResponse(answer, "Bad Request", PathFirewall.DETAIL).naming("path")
					: new ProblemResponse(answer, answer.getReasonPhrase(), "The server could not take this request.");
			try {
				problem.writeTo(response);
			}
			catch (IOException | IllegalStateException ex) {
				// The connection is gone or the response is committed: nothing left to
				// tell.
			}
		}

	}

}
