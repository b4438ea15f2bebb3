package io.ticketbooking.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for black-box tests: real sockets against the running application,
 * the same way any outside client talks to it.
 */
public final class Http {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.version(HttpClient.Version.HTTP_1_1)
		.build();

	private final String base;

	public Http(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	public Call get(String path) {
		return new Call("GET", path, BodyPublishers.noBody());
	}

	public Call delete(String path) {
		return new Call("DELETE", path, BodyPublishers.noBody());
	}

	public Call post(String path, Object json) {
		return new Call("POST", path, json).json();
	}

	public Call put(String path, Object json) {
		return new Call("PUT", path, json).json();
	}

	public Call patch(String path, Object json) {
		return new Call("PATCH", path, json).json();
	}

	/** A raw body, sent exactly as given. */
	public Call send(String method, String path, String contentType, byte[] body) {
		return new Call(method, path, BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
	}

	public static String toJson(Object value) {
		return JSON.writeValueAsString(value);
	}

	public final class Call {

		private final String method;

		private final String path;

		private final BodyPublisher body;

		private final Map<String, String> headers = new LinkedHashMap<>();

		private Call(String method, String path, Object body) {
			this.method = method;
			this.path = path;
			this.body = (body instanceof BodyPublisher publisher) ? publisher
					: BodyPublishers.ofString((body instanceof String s) ? s : JSON.writeValueAsString(body));
		}

		private Call json() {
			return header("Content-Type", "application/json");
		}

		public Call header(String name, String value) {
			this.headers.put(name, value);
			return this;
		}

		public Call bearer(String token) {
			return header("Authorization", "Bearer " + token);
		}

		public Response execute() {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.this.base + this.path))
				.timeout(Duration.ofSeconds(30))
				.method(this.method, this.body);
			this.headers.forEach(request::header);
			try {
				HttpResponse<byte[]> response = Http.this.client.send(request.build(), BodyHandlers.ofByteArray());
				return new Response(response);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

	public record Response(HttpResponse<byte[]> raw) {

		public int status() {
			return this.raw.statusCode();
		}

		public String text() {
			return new String(this.raw.body(), java.nio.charset.StandardCharsets.UTF_8);
		}

		public byte[] bytes() {
			return this.raw.body();
		}

		public JsonNode json() {
			return JSON.readTree(this.raw.body());
		}

		public String header(String name) {
			return this.raw.headers().firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

		@Override
		public String toString() {
			return this.raw.statusCode() + " " + text();
		}

	}

}
