package io.ticketbooking.web;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * Web tests that share one headless browser per test class (starting Chromium costs
 * seconds): started by the first test, signed out before each, closed after the class.
 */
abstract class SharedBrowserFixture extends WebFixture {

	static Browser browser;

	@BeforeEach
	void browser() {
		if (browser == null) {
			browser = Browser.start(this.port);
		}
		browser.forgetSession();
	}

	@AfterAll
	static void closeBrowser() {
		if (browser != null) {
			browser.close();
			browser = null;
		}
	}

}
