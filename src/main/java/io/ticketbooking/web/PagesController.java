package io.ticketbooking.web;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.util.ReflectionUtils;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * The pages of the web front, one {@code GET} route for each {@link Page}. Each is a
 * static HTML shell; its script module fetches everything else from the public API, so
 * the pages hold no data and need no session. Since a shell is the same for every
 * request, each is rendered from its template once, here at startup (a broken template
 * fails the start), and served as those bytes. The path variable is typed so that a
 * malformed id is a 400, not an empty page.
 */
@Controller
class PagesController {

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private static final Method SERVE = ReflectionUtils.findMethod(Shell.class, "serve", UUID.class);

	PagesController(ITemplateEngine templates,
			@Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlers) {
		for (Page page : Page.values()) {
			String html = templates.process(page.template(), new Context(Locale.ROOT));
			RequestMappingInfo route = RequestMappingInfo.paths(page.route())
				.methods(RequestMethod.GET)
				.options(handlers.getBuilderConfiguration())
				.build();
			handlers.registerMapping(route, new Shell(html.getBytes(StandardCharsets.UTF_8)), SERVE);
		}
	}

	/** One rendered page. */
	@Hidden
	static final class Shell {

		private final byte[] html;

		Shell(byte[] html) {
			this.html = html;
		}

		ResponseEntity<Resource> serve(@PathVariable(required = false) UUID id) {
			return ResponseEntity.ok()
				.contentType(HTML)
				.cacheControl(CacheControl.noCache())
				.body(new ByteArrayResource(this.html));
		}

	}

}
