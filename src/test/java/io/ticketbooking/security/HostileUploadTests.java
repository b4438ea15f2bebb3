package io.ticketbooking.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import io.ticketbooking.support.Images;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile uploads and oversized bodies: file names that look like paths, lying names and
 * types, an image that claims to be enormous, 10 MB bodies on every route, and a 1 GB
 * stream that is generated as it is sent. Nothing is stored, nothing but the bytes
 * decides what a file is, and the service keeps answering.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileUploadTests extends HostileFixture {

	private static final long GIGABYTE = 1L << 30;

	private static final int TEN_MEGABYTES = 10 * 1024 * 1024;

	private Account customer;

	private Account organizer;

	private Sale sale;

	@BeforeAll
	void world() {
		this.customer = accounts().create("CUSTOMER");
		this.organizer = accounts().create("CUSTOMER", "ORGANIZER");
		this.sale = createEvent(this.organizer);
	}

	private Answer upload(String path, Account caller, String filename, String contentType, byte[] content) {
		Images.Multipart multipart = Images.multipart("file", filename, contentType, content);
		return send(new Probe("PUT", path, multipart.contentType(), multipart.body(), Map.of()), caller.token());
	}

	private String avatarKey(Account account) {
		return this.jdbc.sql("select avatar_key from users where id = :id")
			.param("id", account.id())
			.query(String.class)
			.optional()
			.orElse(null);
	}

	@Test
	void fileNamesNeverBecomePaths() {
		String eventImage = "/api/v1/events/" + this.sale.eventId() + "/image";
		for (String name : List.of("../../etc/passwd.png", "..\\..\\windows\\win.ini.png", "/etc/passwd.png",
				"a\u0000.png.php", "%2e%2e%2fpasswd.png")) {
			Answer avatar = upload("/api/v1/users/me/avatar", this.customer, name, "image/png", Images.png(8, 8));
			record("avatar upload named `" + name.replace("\u0000", "\\0") + "`", avatar);
			Answer image = upload(eventImage, this.organizer, name, "image/png", Images.png(8, 8));
			record("event image upload named `" + name.replace("\u0000", "\\0") + "`", image);
			for (Answer answer : List.of(avatar, image)) {
				assertThat(answer.status()).as(answer.toString()).isIn(200, 400);
				if (answer.status() == 400) {
					assertThat(answer.contentType()).startsWith("application/problem+json");
					assertThat(answer.json().path("code").asString()).isEqualTo("MALFORMED_MULTIPART");
				}
			}
		}
		assertThat(avatarKey(this.customer)).matches("avatars/" + this.customer.id() + "/[0-9a-f-]{36}\\.png");
		assertThat(objects()).allSatisfy((key) -> assertThat(key).doesNotContain("..")
			.doesNotContain("passwd")
			.doesNotContain("win.ini")
			.doesNotContain(".php")
			.matches("(avatars|events)/[0-9a-f-]{36}/[0-9a-f-]{36}\\.(png|jpg|webp)"));
	}

	@Test
	void whatAFileIsIsDecidedByItsBytes() {
		Stored before = stored();
		byte[] svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"
			.getBytes(StandardCharsets.UTF_8);
		byte[] html = "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8);
		byte[] pngHead = Arrays.copyOf(Images.png(8, 8), 40);
		refused("avatar: SVG with a script, named x.svg",
				upload("/api/v1/users/me/avatar", this.customer, "x.svg", "image/svg+xml", svg), 415,
				"UNSUPPORTED_IMAGE");
		refused("avatar: HTML named x.png, type image/png",
				upload("/api/v1/users/me/avatar", this.customer, "x.png", "image/png", html), 415, "UNSUPPORTED_IMAGE");
		refused("avatar: a truncated PNG",
				upload("/api/v1/users/me/avatar", this.customer, "x.png", "image/png", pngHead), 415,
				"UNSUPPORTED_IMAGE");
		refused("avatar: multipart without a boundary",
				send(new Probe("PUT", "/api/v1/users/me/avatar", "multipart/form-data", Images.png(8, 8), Map.of()),
						this.customer.token()),
				400, "MALFORMED_MULTIPART");
		assertNothingStored(before);

		Answer png = upload("/api/v1/users/me/avatar", this.customer, "shell.php", "application/x-php",
				Images.png(8, 8));
		record("avatar: a real PNG named shell.php, type application/x-php", png);
		assertThat(png.status()).isEqualTo(200);
		assertThat(avatarKey(this.customer)).endsWith(".png");
	}

	@Test
	void anImageThatClaimsToBeEnormousIsRefusedWithoutDecodingIt() {
		Stored before = stored();
		List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans()
			.stream()
			.filter((pool) -> pool.getType() == MemoryType.HEAP)
			.toList();
		long used = heap.stream().mapToLong((pool) -> pool.getUsage().getUsed()).sum();
		heap.forEach(MemoryPoolMXBean::resetPeakUsage);
		// 46,000 × 46,000 grey pixels: a 2 GB raster from a body of a few hundred bytes
		Answer answer = upload("/api/v1/users/me/avatar", this.customer, "bomb.png", "image/png",
				pngClaiming(46_000, 46_000));
		long peak = heap.stream().mapToLong((pool) -> pool.getPeakUsage().getUsed()).sum();
		refused("avatar: a 300-byte PNG whose header claims 46000×46000 pixels", answer, 415, "UNSUPPORTED_IMAGE");
		assertThat(peak - used).as("heap the server used to look at it").isLessThan(512L * 1024 * 1024);
		assertNothingStored(before);
	}

	@Test
	void tenMegabyteBodiesAreRefusedOnEveryRoute() {
		Stored before = stored();
		byte[] big = new byte[TEN_MEGABYTES];
		Arrays.fill(big, (byte) ' ');
		big[0] = '{';
		big[big.length - 1] = '}';
		String event = "/api/v1/events/" + this.sale.eventId();
		for (String[] route : List.of(new String[] { "POST", "/api/v1/auth/register" },
				new String[] { "POST", "/api/v1/auth/login" }, new String[] { "POST", "/api/v1/auth/refresh" },
				new String[] { "POST", "/api/v1/auth/logout" }, new String[] { "PATCH", "/api/v1/users/me" },
				new String[] { "POST", "/api/v1/admin/users/" + this.customer.id() + "/roles" },
				new String[] { "POST", "/api/v1/events" }, new String[] { "PATCH", event },
				new String[] { "POST", "/api/v1/orders" }, new String[] { "POST", "/api/v1/checkin" },
				new String[] { "POST", "/api/v1/payments/webhook" })) {
			Probe probe = new Probe(route[0], route[1], "application/json", big, Map.of());
			refused(route[0] + " " + route[1] + ": 10 MB JSON", send(probe, this.organizer.token()), 413,
					"PAYLOAD_TOO_LARGE");
		}
		byte[] image = Arrays.copyOf(Images.png(8, 8), TEN_MEGABYTES);
		refused("avatar: 10 MB file", upload("/api/v1/users/me/avatar", this.customer, "big.png", "image/png", image),
				413, "PAYLOAD_TOO_LARGE");
		refused("event image: 10 MB file", upload(event + "/image", this.organizer, "big.png", "image/png", image), 413,
				"PAYLOAD_TOO_LARGE");
		Answer chunked = stream("POST", "/api/v1/orders", "application/json", this.customer,
				() -> new SequenceInputStream(new ByteArrayInputStream("{\"a\":\"".getBytes()),
						zeros(TEN_MEGABYTES, (byte) 'x')),
				-1);
		refused("POST /api/v1/orders: 10 MB JSON, chunked (no Content-Length)", chunked, 413, "PAYLOAD_TOO_LARGE");
		assertNothingStored(before);
	}

	@Test
	void aGigabyteStreamIsCutOffAndStoresNothing() {
		Stored before = stored();
		String avatar = avatarKey(this.customer);
		String boundary = "gigabyte";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"huge.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n")
			.getBytes(StandardCharsets.UTF_8);
		String type = "multipart/form-data; boundary=" + boundary;
		for (long declared : new long[] { GIGABYTE, -1 }) {
			String what = "avatar: 1 GB upload " + ((declared > 0) ? "with Content-Length" : "chunked");
			Answer answer = stream("PUT", "/api/v1/users/me/avatar", type, this.customer,
					() -> new SequenceInputStream(new ByteArrayInputStream(head), zeros(GIGABYTE, (byte) 0)), declared);
			if (answer == null) {
				record(what, new Answer(0, "connection closed by the server", new byte[0]));
			}
			else {
				refused(what, answer, 413, "PAYLOAD_TOO_LARGE");
			}
		}
		Answer json = stream("POST", "/api/v1/orders", "application/json", this.customer,
				() -> new SequenceInputStream(new ByteArrayInputStream("[".getBytes()), zeros(GIGABYTE, (byte) ' ')),
				-1);
		if (json == null) {
			record("POST /api/v1/orders: 1 GB JSON, chunked",
					new Answer(0, "connection closed by the server", new byte[0]));
		}
		else {
			refused("POST /api/v1/orders: 1 GB JSON, chunked", json, 413, "PAYLOAD_TOO_LARGE");
		}
		assertThat(avatarKey(this.customer)).isEqualTo(avatar);
		assertNothingStored(before);
	}

	/**
	 * Sends a generated body; answers the response, or null when the server closed the
	 * connection before the client finished sending (allowed for a refused upload). A
	 * client that gave up waiting, or never connected, is no refusal: the test fails.
	 */
	private Answer stream(String method, String path, String contentType, Account caller, Supplier<InputStream> body,
			long length) {
		HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.ofInputStream(body);
		if (length > 0) {
			publisher = HttpRequest.BodyPublishers.fromPublisher(publisher, length);
		}
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.timeout(Duration.ofSeconds(60))
			.header("Content-Type", contentType)
			.header("Authorization", "Bearer " + caller.token())
			.method(method, publisher)
			.build();
		try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
			HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
			return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
					response.body());
		}
		catch (HttpTimeoutException ex) {
			throw timedOut(method, path, ex);
		}
		catch (ConnectException ex) {
			throw new AssertionError(method + " " + path + ": the server could not be reached", ex);
		}
		catch (IOException ex) {
			for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
				if (cause instanceof HttpTimeoutException) {
					throw timedOut(method, path, ex);
				}
			}
			// the server closed (or reset) the connection while the body was being sent
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static AssertionError timedOut(String method, String path, IOException ex) {
		return new AssertionError(method + " " + path + ": the client timed out; the server neither answered nor "
				+ "closed the connection", ex);
	}

	/** {@code size} copies of a byte, made as they are read: never in memory at once. */
	static InputStream zeros(long size, byte value) {
		return new InputStream() {

			private long left = size;

			@Override
			public int read() {
				if (this.left <= 0) {
					return -1;
				}
				this.left--;
				return value & 0xFF;
			}

			@Override
			public int read(byte[] buffer, int offset, int length) {
				if (this.left <= 0) {
					return -1;
				}
				int n = (int) Math.min(length, this.left);
				Arrays.fill(buffer, offset, offset + n, value);
				this.left -= n;
				return n;
			}

		};
	}

	/** A valid PNG signature and header that claim the size, then almost no pixels. */
	static byte[] pngClaiming(int width, int height) {
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		png.writeBytes(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A });
		ByteBuffer header = ByteBuffer.allocate(13).putInt(width).putInt(height);
		header.put((byte) 8).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0);
		chunk(png, "IHDR", header.array());
		Deflater deflater = new Deflater();
		deflater.setInput(new byte[width + 1]);
		deflater.finish();
		byte[] compressed = new byte[1024];
		int length = deflater.deflate(compressed);
		chunk(png, "IDAT", Arrays.copyOf(compressed, length));
		chunk(png, "IEND", new byte[0]);
		return png.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
		byte[] name = type.getBytes(StandardCharsets.US_ASCII);
		png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
		png.writeBytes(name);
		png.writeBytes(data);
		CRC32 crc = new CRC32();
		crc.update(name);
		crc.update(data);
		png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

}
