package io.ticketbooking.queue;

import java.io.IOException;

import io.ticketbooking.queue.QueueViews.Place;
import jakarta.servlet.http.HttpServletResponse;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes a place as the answer of the two routes a whole crowd calls, the join and the
 * position read: JSON by the application's own mapper, with its length, sent in one write
 * when the request ends. Through a {@code ResponseEntity} Spring would negotiate the
 * content type, and flush the response before the request ends, so that Tomcat sent it
 * chunked, in two writes to the socket: a tenth of a join's CPU (docs/benchmarks.md).
 */
@Component
class PlaceResponses {

	private final ObjectWriter writer;

	PlaceResponses(JsonMapper json) {
		this.writer = json.writerFor(Place.class);
	}

	void write(Place place, HttpServletResponse response) throws IOException {
		byte[] body = this.writer.writeValueAsBytes(place);
		response.setContentType(MediaType.APPLICATION_JSON_VALUE);
		response.setContentLength(body.length);
		response.getOutputStream().write(body);
	}

}
