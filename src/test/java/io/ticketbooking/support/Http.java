package io.ticketbooking.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain HTTP client for black-box tests: real sockets against the running application,
 * the same way any outside client talks to it.
 */
public final class Http {

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

	/**
	 * A raw body, sent exactly as given: no body when {@code body} is null, no
	 * {@code Content-Type} when {@code contentType} is null.
	 */
	public Call send(String method, String path, String contentType, byte[] body) {
		Call call = new Call(method, path, (body != null) ? BodyPublishers.ofByteArray(body) : BodyPublishers.noBody());
		return (contentType != null) ? call.header("Content-Type", contentType) : call;
	}

	/**
	 * Fetches an absolute URL, such as a presigned link to the object store, with a
	 * client of its own.
	 */
	public static Response fetch(String url) {
		try (HttpClient client = HttpClient.newHttpClient()) {
			return Response
				.of(exchange(client, HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofByteArray()));
		}
	}

	private static <T> HttpResponse<T> exchange(HttpClient client, HttpRequest request, BodyHandler<T> handler) {
		try {
			return client.send(request, handler);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
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
					: BodyPublishers.ofString((body instanceof String s) ? s : Json.write(body));
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
			return Response.of(send(BodyHandlers.ofByteArray()));
		}

		/**
		 * Like {@link #execute()}, but the body of an event stream, which never ends, is
		 * not read: the response has an empty body.
		 */
		public Response executeWithoutReadingStreams() {
			HttpResponse<InputStream> response = send(BodyHandlers.ofInputStream());
			String contentType = response.headers().firstValue("Content-Type").orElse("");
			try (InputStream body = response.body()) {
				byte[] bytes = contentType.startsWith("text/event-stream") ? new byte[0] : body.readAllBytes();
				return new Response(response.statusCode(), response.headers(), bytes);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		private <T> HttpResponse<T> send(BodyHandler<T> handler) {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(Http.this.base + this.path))
				.timeout(Duration.ofSeconds(30))
				.method(this.method, this.body);
			this.headers.forEach(request::header);
			return exchange(Http.this.client, request.build(), handler);
		}

	}

	public record Response(int status, HttpHeaders headers, byte[] bytes) {

		static Response of(HttpResponse<byte[]> response) {
			return new Response(response.statusCode(), response.headers(), response.body());
		}

		public String text() {
			return new String(this.bytes, StandardCharsets.UTF_8);
		}

		public JsonNode json() {
			return Json.read(this.bytes);
		}

		public String header(String name) {
			return this.headers.firstValue(name).orElse(null);
		}

		public String contentType() {
			return header("Content-Type");
		}

		/** Asserts the status, showing the whole response if it differs. */
		public Response assertStatus(int expected) {
			assertThat(this.status).as(toString()).isEqualTo(expected);
			return this;
		}

		@Override
		public String toString() {
			return this.status + " " + text();
		}

	}

}
