package io.ticketbooking.events;

import java.util.Map;

/** A valid create-event body for tests in other modules. */
public final class TestEventRequests {

	private TestEventRequests() {
	}

	public static Map<String, Object> valid(String name) {
		return EventsFixture.eventRequest(name);
	}

}
