package io.ticketbooking.security;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.ticketbooking.support.IntegrationTest;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that send their request too slowly, or never finish it: the server drops them
 * after its connection timeout and keeps serving everyone else meanwhile. The test
 * shortens the timeout (20 s in production) to keep itself fast, and restores it.
 */
@IntegrationTest
class SlowClientTests extends HostileFixture {

	private static final int TIMEOUT_MILLIS = 1_500;

	private static final int PAUSE_MILLIS = 2 * TIMEOUT_MILLIS + 1_000;

	@Autowired
	WebServerApplicationContext context;

	private int savedTimeout;

	private AbstractProtocol<?> protocol() {
		TomcatWebServer server = (TomcatWebServer) this.context.getWebServer();
		return (AbstractProtocol<?>) server.getTomcat().getConnector().getProtocolHandler();
	}

	@BeforeEach
	void shortTimeout() {
		this.savedTimeout = protocol().getConnectionTimeout();
		protocol().setConnectionTimeout(TIMEOUT_MILLIS);
	}

	@AfterEach
	void restoreTimeout() {
		protocol().setConnectionTimeout(this.savedTimeout);
	}

	@Test
	void twoHundredStalledHeadersAreDroppedWhileOthersAreServed() throws Exception {
		List<Socket> stalled = new ArrayList<>();
		try {
			for (int i = 0; i < 200; i++) {
				Socket socket = new Socket("127.0.0.1", this.port);
				socket.getOutputStream().write("GET /api/v1/events HTTP/1.1\r\nHo".getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				stalled.add(socket);
			}
			long start = System.nanoTime();
			for (int i = 0; i < 20; i++) {
				assertThat(http().get("/api/v1/events").execute().status()).isEqualTo(200);
			}
			assertThat((System.nanoTime() - start) / 1_000_000).as("20 requests while 200 clients stall, in ms")
				.isLessThan(5_000);
			for (Socket socket : stalled) {
				assertThat(closedByServer(socket, 4 * TIMEOUT_MILLIS)).isTrue();
			}
			record("200 connections that stop in the middle of the headers",
					new Answer(0, "each closed by the server after the connection timeout", new byte[0]));
		}
		finally {
			for (Socket socket : stalled) {
				socket.close();
			}
		}
	}

	@Test
	void headersSentByteByByteSlowerThanTheTimeoutAreDropped() throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			OutputStream out = socket.getOutputStream();
			byte[] request = "GET /ping HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
			long start = System.nanoTime();
			boolean dropped = false;
			for (int i = 0; i < request.length && !dropped; i++) {
				try {
					out.write(request[i]);
					out.flush();
				}
				catch (SocketException ex) {
					dropped = true;
					break;
				}
				// the server checks timeouts about once a second, so pause well past the
				// timeout
				dropped = closedByServer(socket, PAUSE_MILLIS);
			}
			assertThat(dropped).as("dropped before the headers were complete").isTrue();
			assertThat((System.nanoTime() - start) / 1_000_000).as("dropped at the first pause")
				.isLessThan(PAUSE_MILLIS + 1_000);
			record("headers sent one byte at a time, pausing " + PAUSE_MILLIS + " ms (timeout " + TIMEOUT_MILLIS
					+ " ms)", new Answer(0, "connection closed by the server during the first pause", new byte[0]));
		}
	}

	@Test
	void aBodyThatNeverEndsIsDroppedAndStoresNothing() throws Exception {
		Stored before = stored();
		for (String framing : List.of("Content-Length: 200\r\n", "Transfer-Encoding: chunked\r\n")) {
			try (Socket socket = new Socket("127.0.0.1", this.port)) {
				String body = framing.startsWith("Content-Length") ? "{\"email\": \"slow@example.com\", "
						: "1e\r\n{\"email\": \"slow@example.com\", \r\n";
				socket.getOutputStream()
					.write(("POST /api/v1/auth/register HTTP/1.1\r\nHost: localhost\r\n"
							+ "Content-Type: application/json\r\n" + framing + "\r\n" + body)
						.getBytes(StandardCharsets.US_ASCII));
				socket.getOutputStream().flush();
				assertThat(http().get("/ping").execute().text()).isEqualTo("pong");
				String answer = readUntilClosed(socket, 4 * TIMEOUT_MILLIS);
				assertThat(answer).as("closed by the server within the wait").isNotNull();
				record("register with a body that stops (" + framing.trim() + ")",
						new Answer(0, answer.isEmpty() ? "connection closed by the server"
								: answer.lines().findFirst().orElse("") + ", then closed", new byte[0]));
				assertThat(answer).as("the server's last words").doesNotContain(" 500 ");
				if (!answer.isEmpty()) {
					assertThat(answer).startsWith("HTTP/1.1 4").contains("application/problem+json");
				}
			}
		}
		assertNothingStored(before);
	}

	/** True when the server closes the connection within the wait. */
	private static boolean closedByServer(Socket socket, int waitMillis) throws IOException {
		return readUntilClosed(socket, waitMillis) != null;
	}

	/**
	 * What the server sent before it closed the connection, or null if it was still open
	 * after the wait.
	 */
	private static String readUntilClosed(Socket socket, int waitMillis) throws IOException {
		socket.setSoTimeout(waitMillis);
		InputStream in = socket.getInputStream();
		StringBuilder received = new StringBuilder();
		byte[] buffer = new byte[4096];
		try {
			int n;
			while ((n = in.read(buffer)) >= 0) {
				received.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
			}
			return received.toString();
		}
		catch (SocketTimeoutException ex) {
			return null;
		}
		catch (SocketException ex) {
			return received.toString();
		}
	}

}
