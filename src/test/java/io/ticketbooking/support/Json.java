package io.ticketbooking.support;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON for tests: one plain mapper, the way an outside client reads and writes it. */
public final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	public static String write(Object value) {
		return MAPPER.writeValueAsString(value);
	}

	public static JsonNode read(byte[] json) {
		return MAPPER.readTree(json);
	}

	public static JsonNode read(String json) {
		return MAPPER.readTree(json);
	}

}
