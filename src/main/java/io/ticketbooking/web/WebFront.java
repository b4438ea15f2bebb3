package io.ticketbooking.web;

import java.util.Arrays;
import java.util.stream.Stream;

/** What the rest of the application needs to know of the web front. */
public final class WebFront {

	/** Scripts, styles, the icon and the vendored QR reader. */
	static final String ASSETS = "/assets/**";

	private WebFront() {
	}

	/**
	 * The paths anyone may {@code GET}: every {@link Page}'s route and the assets, as
	 * patterns for the security chain's request matchers.
	 */
	public static String[] publicPaths() {
		return Stream.concat(Arrays.stream(Page.values()).map(Page::matcher), Stream.of(ASSETS)).toArray(String[]::new);
	}

}
