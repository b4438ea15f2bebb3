package io.ticketbooking.support;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The events API as an organizer calls it. */
public final class EventsApi {

	private final Http http;

	public EventsApi(Http http) {
		this.http = http;
	}

	/** Creates an event; answers the response as it is. */
	public Http.Response create(String organizerToken, Map<String, Object> request) {
		return this.http.post("/api/v1/events", request).bearer(organizerToken).execute();
	}

	/** Uploads a PNG as the event's image, which must be accepted. */
	public void uploadImage(String organizerToken, String eventId, byte[] png) {
		Images.Multipart image = Images.multipart("file", "poster.png", "image/png", png);
		assertThat(this.http.send("PUT", "/api/v1/events/" + eventId + "/image", image.contentType(), image.body())
			.bearer(organizerToken)
			.execute()
			.status()).isEqualTo(200);
	}

}
