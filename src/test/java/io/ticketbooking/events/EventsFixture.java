package io.ticketbooking.events;

import java.util.Map;

import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.TestAccounts;

abstract class EventsFixture extends ApplicationFixture {

	Http.Response create(TestAccounts.Account organizer, Map<String, Object> request) {
		return new EventsApi(http()).create(organizer.token(), request);
	}

}
