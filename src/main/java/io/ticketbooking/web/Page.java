package io.ticketbooking.web;

import org.springframework.util.Assert;

/**
 * Every page of the web front, listed once: its route and its template. The template is
 * {@code web/<template>.html}, which draws itself in the shared {@code web/layout.html}
 * and loads {@code /assets/pages/<template>.js}. {@link PagesController} maps these
 * routes, the security chain permits them (through {@link WebFront#publicPaths()}), and
 * the tests visit each. A route's only path variable is {@code {id}}, a UUID, so that a
 * malformed id is a 400, not an empty page.
 */
enum Page {

	STOREFRONT("/", "storefront"),

	LOGIN("/login", "login"),

	EVENT("/events/{id}", "event"),

	MY_ORDERS("/orders", "orders"),

	ORDER("/orders/{id}", "order"),

	ORGANIZER("/organizer", "organizer"),

	NEW_EVENT("/organizer/new", "organizer-new"),

	ORGANIZER_EVENT("/organizer/events/{id}", "organizer-event"),

	SCANNER("/scan", "scan"),

	VERIFY_EMAIL("/verify-email", "verify-email");

	private final String route;

	private final String template;

	Page(String route, String template) {
		Assert.isTrue(route.replace("{id}", "").indexOf('{') < 0, () -> route + ": the only path variable is {id}");
		this.route = route;
		this.template = template;
	}

	/** The route as mapped, {@code {id}} included. */
	String route() {
		return this.route;
	}

	/** The route as a security matcher takes it: {@code {id}} is {@code *}. */
	String matcher() {
		return this.route.replace("{id}", "*");
	}

	String template() {
		return this.template;
	}

}
