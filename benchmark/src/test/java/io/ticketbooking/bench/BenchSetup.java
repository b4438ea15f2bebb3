package io.ticketbooking.bench;

import java.awt.Color;
import java.awt.Font;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Prepares one benchmark run against a running service: buyers and an organizer (rows written
 * straight into PostgreSQL, since registering 100,000 accounts through bcrypt would take hours),
 * access tokens signed with the service's own key, and events created through the public API so
 * the service prepares their inventory exactly as in production.
 *
 * <p>
 * Usage: {@code BenchSetup <outDir>}; reads BASE_URL, DB_URL, DB_USER, DB_PASSWORD, JWT_KEY_FILE,
 * JWT_ISSUER, BUYERS, SELLOUT_CAPACITY, STOCK_CAPACITY, STOCK_PER_USER_LIMIT, QUEUE_CAPACITY, QUEUE_RATE from
 * the environment;
 * writes tokens.csv (a header line {@code token}, then buyer i's token on line i + 2) and
 * run.properties with the ids of up to three events:
 * <ul>
 * <li>{@code sustained.*}: one unit, sold here, so every attempt meets sold-out stock (always);</li>
 * <li>{@code sellout.*}: SELLOUT_CAPACITY units, at most 2 per buyer, for the sell-out (skipped
 * when SELLOUT_CAPACITY is 0);</li>
 * <li>{@code stock.*}: STOCK_CAPACITY units (up to 1,000,000), at most STOCK_PER_USER_LIMIT
 * (default 100) per buyer, for "reserve with stock left" in the wrk saturation phase (skipped
 * when STOCK_CAPACITY is 0, the default).</li>
 * <li>{@code queue.*}: QUEUE_CAPACITY units, one per buyer, behind a waiting room whose pre-queue is
 * open and whose sale opens in an hour (QueueSellOut opens it), admitting QUEUE_RATE buyers a
 * minute (skipped when QUEUE_CAPACITY is 0, the default), and a second such waiting room,
 * {@code queue.warmupEventId}, for the joins' warm-up; the organizer's token goes to
 * organizer-token.txt.</li>
 * </ul>
 */
public final class BenchSetup {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final ObjectMapper JSON = new ObjectMapper();

	private BenchSetup() {
	}

	public static void main(String[] args) throws Exception {
		Path out = Files.createDirectories(Path.of(args[0]));
		String base = env("BASE_URL", "http://127.0.0.1:8000");
		int buyers = Integer.parseInt(env("BUYERS", "100000"));
		int capacity = Integer.parseInt(env("SELLOUT_CAPACITY", "10000"));
		int stockCapacity = Integer.parseInt(env("STOCK_CAPACITY", "0"));
		int queueCapacity = Integer.parseInt(env("QUEUE_CAPACITY", "0"));
		int queueRate = Integer.parseInt(env("QUEUE_RATE", "60000"));
		int stockPerUser = Math.min(Integer.parseInt(env("STOCK_PER_USER_LIMIT", "100")), Math.max(stockCapacity, 1));
		RSAPrivateKey key = privateKey(Path.of(env("JWT_KEY_FILE", "target/bench/jwt.pem")));
		String issuer = env("JWT_ISSUER", "ticket-booking");

		UUID organizer = UUID.nameUUIDFromBytes("bench-organizer".getBytes(StandardCharsets.UTF_8));
		try (Connection db = DriverManager.getConnection(env("DB_URL", "jdbc:postgresql://127.0.0.1:5432/ticketbooking_bench"),
				env("DB_USER", "postgres"), env("DB_PASSWORD", ""))) {
			seedUsers(db, organizer, buyers);
		}
		String organizerToken = token(key, issuer, organizer, List.of("CUSTOMER", "ORGANIZER"));
		writeTokens(out.resolve("tokens.csv"), key, issuer, buyers);

		StringBuilder properties = new StringBuilder();
		String soldOut = createEvent(base, organizerToken, "Sustained (sold out) " + Instant.now(), 1, 1);
		String noStock = soldOut.split(",")[1];
		// sell the single unit so every sustained attempt meets sold-out stock
		post(base + "/api/v1/orders", token(key, issuer, buyerId(0), List.of("CUSTOMER")), "{\"eventId\":\""
				+ soldOut.split(",")[0] + "\",\"ticketTypeId\":\"" + noStock + "\",\"quantity\":1}");
		properties.append("sustained.eventId=").append(soldOut.split(",")[0]).append('\n');
		properties.append("sustained.ticketTypeId=").append(noStock).append('\n');
		if (capacity > 0) {
			String sellOut = createEvent(base, organizerToken, "Sell-out " + Instant.now(), capacity, 2);
			properties.append("sellout.eventId=").append(sellOut.split(",")[0]).append('\n');
			properties.append("sellout.ticketTypeId=").append(sellOut.split(",")[1]).append('\n');
			properties.append("sellout.capacity=").append(capacity).append('\n');
		}
		if (stockCapacity > 0) {
			String stock = createEvent(base, organizerToken, "Stock left " + Instant.now(), stockCapacity,
					stockPerUser);
			properties.append("stock.eventId=").append(stock.split(",")[0]).append('\n');
			properties.append("stock.ticketTypeId=").append(stock.split(",")[1]).append('\n');
			properties.append("stock.capacity=").append(stockCapacity).append('\n');
			properties.append("stock.perUserLimit=").append(stockPerUser).append('\n');
		}
		if (queueCapacity > 0) {
			Instant now = Instant.now();
			String queued = createEvent(base, organizerToken, "Queued sell-out " + now, queueCapacity, 1,
					now.plus(Duration.ofHours(1)));
			String eventId = queued.split(",")[0];
			put(base + "/api/v1/events/" + eventId + "/queue/settings", organizerToken,
					"{\"preQueueOpensAt\":\"%s\",\"ratePerMinute\":%d,\"admissionWindowSeconds\":600}"
						.formatted(now.minus(Duration.ofMinutes(1)), queueRate));
			properties.append("queue.eventId=").append(eventId).append('\n');
			properties.append("queue.ticketTypeId=").append(queued.split(",")[1]).append('\n');
			properties.append("queue.capacity=").append(queueCapacity).append('\n');
			properties.append("queue.rate=").append(queueRate).append('\n');
			// a second waiting room for the joins' warm-up, so that the measured joins of the
			// first are first joins (an account's first join makes its place; later ones read it)
			String warmup = createEvent(base, organizerToken, "Queued warm-up " + now, 1, 1,
					now.plus(Duration.ofHours(1)));
			put(base + "/api/v1/events/" + warmup.split(",")[0] + "/queue/settings", organizerToken,
					"{\"preQueueOpensAt\":\"%s\",\"ratePerMinute\":1,\"admissionWindowSeconds\":600}"
						.formatted(now.minus(Duration.ofMinutes(1))));
			properties.append("queue.warmupEventId=").append(warmup.split(",")[0]).append('\n');
			Files.writeString(out.resolve("organizer-token.txt"), organizerToken);
		}
		String issueRounds = env("ISSUE_ROUNDS", "");
		int issueQuantity = Integer.parseInt(env("ISSUE_QUANTITY", "2"));
		for (String round : issueRounds.isBlank() ? new String[0] : issueRounds.split(",")) {
			// one event per round of the issuance mode, each with a poster as organizers upload
			// them, so every ticket's page carries an image
			String issued = createEvent(base, organizerToken, "Issuance " + round + " " + Instant.now(),
					Integer.parseInt(env("ISSUE_CAPACITY", "10000")), issueQuantity);
			String eventId = issued.split(",")[0];
			uploadPoster(base + "/api/v1/events/" + eventId + "/image", organizerToken);
			properties.append("issue.").append(round).append(".eventId=").append(eventId).append('\n');
			properties.append("issue.").append(round).append(".ticketTypeId=").append(issued.split(",")[1]).append('\n');
		}
		properties.append("buyers=").append(buyers).append('\n');
		Files.writeString(out.resolve("run.properties"), properties.toString());
		System.out.println("benchmark setup written to " + out.toAbsolutePath());
	}

	static UUID buyerId(int index) {
		return UUID.nameUUIDFromBytes(("bench-buyer-" + index).getBytes(StandardCharsets.UTF_8));
	}

	private static void seedUsers(Connection db, UUID organizer, int buyers) throws Exception {
		db.setAutoCommit(false);
		try (PreparedStatement insert = db.prepareStatement("insert into users (id, email, password_hash, full_name, roles) "
				+ "values (?, ?, 'benchmark-account-no-login', ?, ?::text[]) on conflict do nothing")) {
			insert.setObject(1, organizer);
			insert.setString(2, "bench-organizer@bench.invalid");
			insert.setString(3, "Benchmark Organizer");
			insert.setString(4, "{CUSTOMER,ORGANIZER}");
			insert.addBatch();
			for (int i = 0; i < buyers; i++) {
				insert.setObject(1, buyerId(i));
				insert.setString(2, "bench-buyer-" + i + "@bench.invalid");
				insert.setString(3, "Buyer " + i);
				insert.setString(4, "{CUSTOMER}");
				insert.addBatch();
				if (i % 5000 == 0) {
					insert.executeBatch();
				}
			}
			insert.executeBatch();
		}
		db.commit();
	}

	private static void writeTokens(Path file, RSAPrivateKey key, String issuer, int buyers) throws IOException {
		List<String> lines = new ArrayList<>(buyers + 1);
		lines.add("token");
		List<String> tokens = IntStream.range(0, buyers)
			.parallel()
			.mapToObj((i) -> token(key, issuer, buyerId(i), List.of("CUSTOMER")))
			.toList();
		lines.addAll(tokens);
		Files.write(file, lines);
	}

	static String token(RSAPrivateKey key, String issuer, UUID subject, List<String> roles) {
		try {
			Instant now = Instant.now();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
				.subject(subject.toString())
				.issueTime(java.util.Date.from(now))
				.expirationTime(java.util.Date.from(now.plus(Duration.ofHours(6))))
				.jwtID(UUID.randomUUID().toString())
				.claim("roles", roles)
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.RS256), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Creates an event on sale now; answers "eventId,ticketTypeId". */
	private static String createEvent(String base, String token, String name, int capacity, int perUserLimit)
			throws Exception {
		return createEvent(base, token, name, capacity, perUserLimit, Instant.now().minus(Duration.ofMinutes(1)));
	}

	/** Creates an event whose sale starts at {@code salesStart}; answers "eventId,ticketTypeId". */
	private static String createEvent(String base, String token, String name, int capacity, int perUserLimit,
			Instant salesStart) throws Exception {
		Instant now = Instant.now();
		String body = """
				{"name":"%s","description":"benchmark","venue":"Loopback Arena","timezone":"UTC",
				 "startsAt":"%s","endsAt":"%s","salesStartAt":"%s","salesEndAt":"%s",
				 "ticketTypes":[{"name":"General","price":100000,"currency":"IDR","capacity":%d,"perUserLimit":%d}]}
				""".formatted(name, now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(30).plusHours(4)),
				salesStart, now.plus(Duration.ofDays(29)), capacity, perUserLimit);
		JsonNode event = JSON.readTree(post(base + "/api/v1/events", token, body));
		return event.path("id").asText() + "," + event.path("ticketTypes").path(0).path("id").asText();
	}

	/** A 1200×400 PNG poster, uploaded as the event's image. */
	private static void uploadPoster(String url, String token) throws Exception {
		BufferedImage poster = new BufferedImage(1200, 400, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = poster.createGraphics();
		g.setPaint(new GradientPaint(0, 0, new Color(0x1d3557), 1200, 400, new Color(0xe63946)));
		g.fillRect(0, 0, 1200, 400);
		g.setColor(Color.WHITE);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 96));
		g.drawString("TICKET WARS", 220, 240);
		g.dispose();
		ByteArrayOutputStream png = new ByteArrayOutputStream();
		ImageIO.write(poster, "png", png);
		String boundary = "bench" + UUID.randomUUID().toString().replace("-", "");
		ByteArrayOutputStream body = new ByteArrayOutputStream();
		body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"poster.png\"\r\n"
				+ "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
		body.write(png.toByteArray());
		body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "multipart/form-data; boundary=" + boundary)
			.PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("PUT " + url + " → " + response.statusCode() + " " + response.body());
		}
	}

	private static String post(String url, String token, String json) throws Exception {
		return send("POST", url, token, json);
	}

	private static String put(String url, String token, String json) throws Exception {
		return send("PUT", url, token, json);
	}

	private static String send(String method, String url, String token, String json) throws Exception {
		HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.method(method, HttpRequest.BodyPublishers.ofString(json))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() / 100 != 2) {
			throw new IllegalStateException(method + " " + url + " → " + response.statusCode() + " " + response.body());
		}
		return response.body();
	}

	private static RSAPrivateKey privateKey(Path pem) throws Exception {
		String base64 = Files.readString(pem).replaceAll("-----(BEGIN|END) [A-Z ]+-----", "").replaceAll("\\s", "");
		return (RSAPrivateKey) KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
