package io.ticketbooking.web;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Hidden;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The pages of the web front. Each is a static HTML shell; its script module fetches
 * everything else from the public API, so the pages hold no data and need no session. The
 * security chain permits exactly these routes (GET only). Path variables are typed so
 * that a malformed id is a 400, not an empty page.
 */
@Hidden
@Controller
class PagesController {

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

	private static ResponseEntity<Resource> page(String name) {
		return ResponseEntity.ok()
			.contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
			.cacheControl(CacheControl.noCache())
			.body(new ClassPathResource("web/" + name + ".html"));
	}

}
