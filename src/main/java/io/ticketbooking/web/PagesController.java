package io.ticketbooking.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.oas.annotations.Hidden;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The pages of the web front. Each is a static HTML shell; its script module fetches
 * everything else from the public API, so the pages hold no data and need no session.
 * Since a shell is the same for every request, each is rendered from its template (drawn
 * in {@code web/layout.html}) once and then served as those bytes. The security chain
 * permits exactly these routes (GET only). Path variables are typed so that a malformed
 * id is a 400, not an empty page.
 */
@Hidden
@Controller
class PagesController {

	private static final MediaType HTML = new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8);

	private final ITemplateEngine templates;

	private final Map<String, byte[]> rendered = new ConcurrentHashMap<>();

	PagesController(ITemplateEngine templates) {
		this.templates = templates;
	}

	@GetMapping("/")
	ResponseEntity<Resource> storefront() {
		return page("storefront");
	}

	@GetMapping("/login")
	ResponseEntity<Resource> login() {
		return page("login");
	}

	@GetMapping("/events/{id}")
	ResponseEntity<Resource> event(@PathVariable UUID id) {
		return page("event");
	}

	@GetMapping("/orders")
	ResponseEntity<Resource> orders() {
		return page("orders");
	}

	@GetMapping("/orders/{id}")
	ResponseEntity<Resource> order(@PathVariable UUID id) {
		return page("order");
	}

	@GetMapping("/organizer")
	ResponseEntity<Resource> console() {
		return page("organizer");
	}

	@GetMapping("/organizer/new")
	ResponseEntity<Resource> newEvent() {
		return page("organizer-new");
	}

	@GetMapping("/organizer/events/{id}")
	ResponseEntity<Resource> organizerEvent(@PathVariable UUID id) {
		return page("organizer-event");
	}

	@GetMapping("/scan")
	ResponseEntity<Resource> scanner() {
		return page("scan");
	}

	private ResponseEntity<Resource> page(String name) {
		byte[] html = this.rendered.computeIfAbsent(name,
				(template) -> this.templates.process(template, new Context(Locale.ROOT))
					.getBytes(StandardCharsets.UTF_8));
		return ResponseEntity.ok()
			.contentType(HTML)
			.cacheControl(CacheControl.noCache())
			.body(new ByteArrayResource(html));
	}

}
