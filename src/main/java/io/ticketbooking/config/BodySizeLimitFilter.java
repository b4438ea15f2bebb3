package io.ticketbooking.config;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses non-multipart bodies above {@code web.max-json-body} with a 413 problem before
 * any of it is read. Multipart uploads are bounded by Spring's multipart limits instead.
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
		if (!multipart && request.getContentLengthLong() > limit) {
			response.setHeader("Connection", "close");
			Problems.write(response, this.json, Problems.of(HttpStatus.CONTENT_TOO_LARGE, "PAYLOAD_TOO_LARGE",
					"The request body is larger than " + limit + " bytes."));
			return;
		}
		chain.doFilter(request, response);
	}

}
