package io.ticketbooking.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses non-multipart bodies above {@code web.max-json-body} with a 413 problem before
 * the application reads any of it. A body of declared length is judged by its
 * Content-Length; a chunked one is read here up to the limit (one byte more proves it too
 * large), so a streamed body cannot bypass the limit. Multipart uploads are bounded by
 * Spring's multipart limits instead.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimitFilter extends OncePerRequestFilter {

	private final WebProperties properties;

	private final JsonMapper json;

	BodySizeLimitFilter(WebProperties properties, JsonMapper json) {
		this.properties = properties;
		this.json = json;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String contentType = request.getContentType();
		boolean multipart = contentType != null && contentType.toLowerCase().startsWith("multipart/");
		long limit = this.properties.maxJsonBody().toBytes();
		if (multipart) {
			chain.doFilter(request, response);
			return;
		}
		if (request.getContentLengthLong() > limit) {
			tooLarge(response, limit);
			return;
		}
		if (request.getContentLengthLong() < 0 && request.getHeader("Transfer-Encoding") != null) {
			byte[] body;
			try {
				body = request.getInputStream().readNBytes((int) limit + 1);
			}
			catch (IOException ex) {
				// the client stalled or broke the chunking: the container has already
				// answered
				// 408 or 400 for it
				return;
			}
			if (body.length > limit) {
				tooLarge(response, limit);
				return;
			}
			chain.doFilter(new ReadBody(request, body), response);
			return;
		}
		chain.doFilter(request, response);
	}

	private void tooLarge(HttpServletResponse response, long limit) throws IOException {
		response.setHeader("Connection", "close");
		Problems.write(response, this.json, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
				"The request body is larger than " + limit + " bytes."));
	}

	/** The request with its chunked body already read, within the limit. */
	private static final class ReadBody extends HttpServletRequestWrapper {

		private final byte[] body;

		private final ServletInputStream stream;

		ReadBody(HttpServletRequest request, byte[] body) {
			super(request);
			this.body = body;
			this.stream = stream(new ByteArrayInputStream(body));
		}

		@Override
		public int getContentLength() {
			return this.body.length;
		}

		@Override
		public long getContentLengthLong() {
			return this.body.length;
		}

		@Override
		public ServletInputStream getInputStream() {
			return this.stream;
		}

		private static ServletInputStream stream(ByteArrayInputStream in) {
			return new ServletInputStream() {

				@Override
				public int read() {
					return in.read();
				}

				@Override
				public int read(byte[] buffer, int offset, int length) {
					return in.read(buffer, offset, length);
				}

				@Override
				public boolean isFinished() {
					return in.available() == 0;
				}

				@Override
				public boolean isReady() {
					return true;
				}

				@Override
				public void setReadListener(ReadListener listener) {
					throw new UnsupportedOperationException("the body was already read");
				}

			};
		}

	}

}
