package io.gratitude.system;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies (the API's and the console's alike) at
 * {@code gratitude.api.max-body-size} (default 16MB, room for a 10,000-row batch): a
 * declared length over the cap is refused at once with 413; a body without a length is
 * counted while read and refused when it passes the cap.
 */
@Component
class BodySizeLimit extends OncePerRequestFilter {

	private final long limit;

	BodySizeLimit(@Value("${gratitude.api.max-body-size:16MB}") DataSize limit) {
		this.limit = limit.toBytes();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		if (request.getContentLengthLong() > this.limit) {
			new ProblemResponse(HttpStatus.CONTENT_TOO_LARGE, "Request too large",
					new PayloadTooLarge(this.limit).getMessage())
				.writeTo(response);
			return;
		}
		chain.doFilter(new Capped(request, this.limit), response);
	}

	private static final class Capped extends HttpServletRequestWrapper {

		private final long limit;

		Capped(HttpServletRequest request, long limit) {
			super(request);
			this.limit = limit;
		}

		@Override
		public ServletInputStream getInputStream() throws IOException {
			ServletInputStream in = super.getInputStream();
			return new ServletInputStream() {

				private long read;

				@Override
				public int read() throws IOException {
					int b = in.read();
					count((b < 0) ? 0 : 1);
					return b;
				}

				@Override
				public int read(byte[] buffer, int offset, int length) throws IOException {
					int n = in.read(buffer, offset, length);
					count(Math.max(n, 0));
					return n;
				}

				private void count(int n) {
					this.read += n;
					if (this.read > Capped.this.limit) {
						throw new PayloadTooLarge(Capped.this.limit);
					}
				}

				@Override
				public boolean isFinished() {
					return in.isFinished();
				}

				@Override
				public boolean isReady() {
					return in.isReady();
				}

				@Override
				public void setReadListener(ReadListener listener) {
					in.setReadListener(listener);
				}

			};
		}

	}

}
