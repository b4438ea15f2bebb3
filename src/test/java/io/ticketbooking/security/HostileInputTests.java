package io.ticketbooking.security;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile bodies and parameters on every route that takes any: broken JSON, wrong types,
 * numbers out of every range, injection strings, junk ids. Each is a 4xx problem with a
 * stable code, nothing is stored, and the service keeps answering. Strings that are valid
 * are stored verbatim and come back as JSON text, never interpreted.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputTests extends HostileFixture {

	private static final String BIG_NUMBER = "9223372036854775808";

	private static final List<String> BROKEN_JSON = List.of("{\"a\": ", "{\"a\" = 1}", "{'a': 1}", "[1, 2, 3]",
			"\"text\"", "null", "", "{\"a\": 1,}", "{\"a\": tru}", "[".repeat(5_000) + "]".repeat(5_000));

	private Account customer;

	private Account organizer;

	private Account admin;

	private Sale sale;

	/** Every route with a JSON body, with a valid body and the caller who may send it. */
	private Map<String, Route> jsonRoutes;

	record Route(String method, String path, Account caller, Map<String, Object> valid) {
	}

	@BeforeAll
	void world() {
		this.customer = accounts().create("CUSTOMER");
		this.organizer = accounts().create("CUSTOMER", "ORGANIZER");
		this.admin = accounts().create("CUSTOMER", "ADMIN");
		this.sale = createEvent(this.organizer);
		String event = "/api/v1/events/" + this.sale.eventId();
		this.jsonRoutes = new LinkedHashMap<>();
		this.jsonRoutes.put("register", new Route("POST", "/api/v1/auth/register", null,
				Map.of("email", "h@example.com", "password", "correct horse battery", "fullName", "H")));
		this.jsonRoutes.put("login", new Route("POST", "/api/v1/auth/login", null,
				Map.of("email", "h@example.com", "password", "correct horse battery")));
		this.jsonRoutes.put("refresh",
				new Route("POST", "/api/v1/auth/refresh", null, Map.of("refreshToken", "x".repeat(43))));
		this.jsonRoutes.put("logout",
				new Route("POST", "/api/v1/auth/logout", this.customer, Map.of("refreshToken", "x".repeat(43))));
		this.jsonRoutes.put("rename", new Route("PATCH", "/api/v1/users/me", this.customer, Map.of("fullName", "H")));
		this.jsonRoutes.put("grant", new Route("POST", "/api/v1/admin/users/" + this.customer.id() + "/roles",
				this.admin, Map.of("roles", List.of("ORGANIZER"))));
		this.jsonRoutes.put("create event",
				new Route("POST", "/api/v1/events", this.organizer, EventRequests.valid("Hostile")));
		this.jsonRoutes.put("patch event", new Route("PATCH", event, this.organizer, Map.of("name", "Hostile")));
		this.jsonRoutes.put("reserve", new Route("POST", "/api/v1/orders", this.customer,
				Map.of("eventId", this.sale.eventId(), "ticketTypeId", this.sale.ticketTypeId(), "quantity", 1)));
		this.jsonRoutes.put("check in",
				new Route("POST", "/api/v1/checkin", this.organizer, Map.of("payload", "TB1.x")));
	}

	private Answer sendRaw(Route route, String body) {
		return send(new Probe(route.method(), route.path(), "application/json", body.getBytes(StandardCharsets.UTF_8),
				Map.of()), (route.caller() != null) ? route.caller().token() : null);
	}

	private Answer sendWith(Route route, String field, Object value) {
		Map<String, Object> body = new HashMap<>(route.valid());
		body.put(field, value);
		return sendRaw(route, jsonWithRaw(body));
	}

	/** JSON where a value given as {@link Raw} is written as is (numbers JSON allows). */
	record Raw(String json) {
	}

	private static String jsonWithRaw(Map<String, Object> body) {
		Map<String, String> raw = new HashMap<>();
		String json = Json.write(markRaw(body, raw));
		for (Map.Entry<String, String> entry : raw.entrySet()) {
			json = json.replace("\"" + entry.getKey() + "\"", entry.getValue());
		}
		return json;
	}

	/** A copy where each {@link Raw} is a unique marker string, to be replaced after. */
	private static Object markRaw(Object value, Map<String, String> raw) {
		if (value instanceof Raw r) {
			String marker = "@@raw-" + UUID.randomUUID() + "@@";
			raw.put(marker, r.json());
			return marker;
		}
		if (value instanceof Map<?, ?> map) {
			Map<Object, Object> copy = new LinkedHashMap<>();
			map.forEach((k, v) -> copy.put(k, markRaw(v, raw)));
			return copy;
		}
		if (value instanceof List<?> list) {
			return list.stream().map((v) -> markRaw(v, raw)).toList();
		}
		return value;
	}

	@Test
	void brokenJsonIsRefusedOnEveryJsonRoute() {
		Stored before = stored();
		this.jsonRoutes.forEach((name, route) -> {
			for (String body : BROKEN_JSON) {
				String shown = (body.length() > 20) ? "[×5000 nested arrays" : body.isEmpty() ? "(empty)" : body;
				refused(name + ": `" + shown + "`", sendRaw(route, body), 400, "MALFORMED_BODY");
			}
			String valid = jsonWithRaw(route.valid());
			refused(name + ": truncated valid body", sendRaw(route, valid.substring(0, valid.length() / 2)), 400,
					"MALFORMED_BODY");
			// a known field whose text is not UTF-8 (0xC3 must be followed by a
			// continuation byte)
			ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
			notUtf8.writeBytes(("{\"" + route.valid().keySet().iterator().next() + "\": \"").getBytes());
			notUtf8.writeBytes(new byte[] { (byte) 0xC3, (byte) 0x28, '"', '}' });
			refused(name + ": invalid UTF-8",
					send(new Probe(route.method(), route.path(), "application/json", notUtf8.toByteArray(), Map.of()),
							(route.caller() != null) ? route.caller().token() : null),
					400, "MALFORMED_BODY");
		});
		assertNothingStored(before);
	}

	@Test
	void wrongTypesAndNumbersOutOfRangeAreRefused() {
		Stored before = stored();
		Route reserve = this.jsonRoutes.get("reserve");
		for (Object quantity : List.of(0, -1, 101, Integer.MIN_VALUE, new Raw("2147483648"), new Raw(BIG_NUMBER),
				new Raw("1e309"), new Raw("-1e309"), "many", List.of(1), Map.of("n", 1), new Raw("null"))) {
			refusedAsBadInput("reserve: quantity " + shown(quantity), sendWith(reserve, "quantity", quantity),
					(quantity instanceof Integer || (quantity instanceof Raw r && r.json().equals("null"))) ? 422
							: 400);
		}
		for (Object id : List.of("not-a-uuid", 42, List.of(), "00000000-0000-0000-0000-00000000000g")) {
			refused("reserve: eventId " + shown(id), sendWith(reserve, "eventId", id), 400, "MALFORMED_BODY");
		}
		Route create = this.jsonRoutes.get("create event");
		// a value that does not fit its type is unreadable (400); one that fits but
		// breaks a rule is invalid (422)
		for (Bad bad : List.of(new Bad("price", new Raw(BIG_NUMBER), 400), new Bad("price", new Raw("1e309"), 400),
				new Bad("price", -1, 422), new Bad("capacity", 0, 422), new Bad("capacity", 1_000_001, 422),
				new Bad("capacity", new Raw(BIG_NUMBER), 400), new Bad("perUserLimit", 0, 422),
				new Bad("currency", "XXXX", 422), new Bad("currency", 7, 422))) {
			Map<String, Object> body = new HashMap<>(create.valid());
			Map<String, Object> type = new HashMap<>(ticketType(body));
			type.put(bad.field(), bad.value());
			body.put("ticketTypes", List.of(type));
			refusedAsBadInput("create event: ticket type " + bad.field() + " " + shown(bad.value()),
					sendRaw(create, jsonWithRaw(body)), bad.status());
		}
		// 1e309 is read as the epoch (1970), which the rules refuse
		for (Bad bad : List.of(new Bad("startsAt", "tomorrow", 400), new Bad("startsAt", "2026-13-45T25:61:00Z", 400),
				new Bad("startsAt", new Raw("1e309"), 422), new Bad("startsAt", new Raw(BIG_NUMBER), 400))) {
			refusedAsBadInput("create event: startsAt " + shown(bad.value()), sendWith(create, "startsAt", bad.value()),
					bad.status());
		}
		for (String year : List.of("+1000000", "-5000")) {
			// consistent with each other, so only the range itself is wrong
			Map<String, Object> body = new HashMap<>(create.valid());
			body.put("salesStartAt", year + "-01-01T00:00:00Z");
			body.put("salesEndAt", year + "-01-02T00:00:00Z");
			body.put("startsAt", year + "-01-03T00:00:00Z");
			body.put("endsAt", year + "-01-04T00:00:00Z");
			refusedAsBadInput("create event: every instant in the year " + year, sendRaw(create, jsonWithRaw(body)),
					422);
		}
		Route patch = this.jsonRoutes.get("patch event");
		for (Object instant : List.of("+1000000-01-01T00:00:00Z", new Raw("1000000000000000"))) {
			refusedAsBadInput("patch event: endsAt " + shown(instant), sendWith(patch, "endsAt", instant), 422);
		}
		refused("grant: roles [\"ROOT\"]", sendWith(this.jsonRoutes.get("grant"), "roles", List.of("ROOT")), 422,
				"VALIDATION_FAILED");
		refused("grant: roles \"ADMIN\" (not a list)", sendWith(this.jsonRoutes.get("grant"), "roles", "ADMIN"), 400,
				"MALFORMED_BODY");
		refused("rename: fullName 101 chars", sendWith(this.jsonRoutes.get("rename"), "fullName", "x".repeat(101)), 422,
				"VALIDATION_FAILED");
		refused("check in: payload 513 chars", sendWith(this.jsonRoutes.get("check in"), "payload", "x".repeat(513)),
				422, "VALIDATION_FAILED");
		assertNothingStored(before);
	}

	/** A value for a field and the status it must get. */
	record Bad(String field, Object value, int status) {
	}

	/**
	 * Unreadable (400 MALFORMED_BODY) or readable but invalid (422 VALIDATION_FAILED).
	 */
	private Answer refusedAsBadInput(String what, Answer answer, int status) {
		return refused(what, answer, status, (status == 400) ? "MALFORMED_BODY" : "VALIDATION_FAILED");
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> ticketType(Map<String, Object> event) {
		return ((List<Map<String, Object>>) event.get("ticketTypes")).get(0);
	}

	private static String shown(Object value) {
		return (value instanceof Raw r) ? r.json() : Json.write(value);
	}

	@Test
	void unknownFieldsAreIgnoredAndGrantNothing() {
		String email = "mass-" + UUID.randomUUID() + "@example.com";
		Map<String, Object> register = new HashMap<>(Map.of("email", email, "password", "correct horse battery",
				"fullName", "Mass Assignment", "roles", List.of("ADMIN"), "id", this.admin.id().toString()));
		Answer registered = sendRaw(new Route("POST", "/api/v1/auth/register", null, Map.of()), jsonWithRaw(register));
		record("register with roles [ADMIN] and someone's id", registered);
		assertThat(registered.status()).isEqualTo(201);
		assertThat(registered.json().path("user").path("roles").toString()).isEqualTo("[\"CUSTOMER\"]");
		assertThat(registered.json().path("user").path("id").asString()).isNotEqualTo(this.admin.id().toString());

		Map<String, Object> order = new HashMap<>(this.jsonRoutes.get("reserve").valid());
		order.putAll(Map.of("status", "CONFIRMED", "total", 0, "userId", this.admin.id().toString()));
		Answer reserved = sendRaw(this.jsonRoutes.get("reserve"), jsonWithRaw(order));
		record("reserve with status CONFIRMED, total 0, someone's userId", reserved);
		assertThat(reserved.status()).isEqualTo(201);
		assertThat(reserved.json().path("status").asString()).isEqualTo("RESERVED");
		assertThat(reserved.json().path("total").asLong()).isPositive();
		assertThat(count("select count(*) from orders where id = ?::uuid and user_id = ?",
				reserved.json().path("id").asString(), this.customer.id()))
			.isOne();

		Answer patched = sendWith(this.jsonRoutes.get("patch event"), "organizerId", this.customer.id().toString());
		record("patch event with organizerId of someone else", patched);
		assertThat(patched.status()).isEqualTo(200);
		assertThat(count("select count(*) from events where id = ?::uuid and organizer_id = ?", this.sale.eventId(),
				this.organizer.id()))
			.isOne();
	}

	@Test
	void injectionStringsAreStoredVerbatimAndComeBackAsJsonText() {
		String sql = "Robert'); DROP TABLE users; --";
		String script = "<script>alert(document.cookie)</script>";
		Answer renamed = sendWith(this.jsonRoutes.get("rename"), "fullName", sql + " " + script);
		record("rename: fullName `" + sql + " " + script + "`", renamed);
		assertThat(renamed.status()).isEqualTo(200);
		Answer me = send(Probe.of("GET", "/api/v1/users/me"), this.customer.token());
		assertThat(me.contentType()).startsWith("application/json");
		assertThat(me.json().path("fullName").asString()).isEqualTo(sql + " " + script);
		assertThat(count("select count(*) from users where id = ?", this.customer.id())).isOne();

		Map<String, Object> event = new HashMap<>(EventRequests.valid("<img src=x onerror=alert(1)>"));
		event.put("description", "'; DELETE FROM events; --");
		Answer created = send(Probe.json("POST", "/api/v1/events", event), this.organizer.token());
		record("create event: name `<img src=x onerror=alert(1)>`, description `'; DELETE FROM events; --`", created);
		assertThat(created.status()).isEqualTo(201);
		JsonNode shown = http().get("/api/v1/events/" + created.json().path("id").asString()).execute().json();
		assertThat(shown.path("name").asString()).isEqualTo("<img src=x onerror=alert(1)>");
		assertThat(shown.path("description").asString()).isEqualTo("'; DELETE FROM events; --");
		assertThat(count("select count(*) from events")).isGreaterThan(1);

		for (String q : List.of("%", "_", "' OR '1'='1", "%' OR '1'='1' --", "\\")) {
			Answer found = send(Probe.of("GET", "/api/v1/events?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)),
					null);
			record("list events: q `" + q + "`", found);
			assertThat(found.status()).isEqualTo(200);
			assertThat(found.json().path("totalItems").asLong()).as("q=%s matches only literally", q).isZero();
		}

		Stored before = stored();
		Answer login = send(Probe.json("POST", "/api/v1/auth/login",
				Map.of("email", "admin@ticketbooking.local' OR '1'='1", "password", "' OR '1'='1' --")), null);
		refused("login: email `admin@ticketbooking.local' OR '1'='1`, password `' OR '1'='1' --`", login, 401,
				"BAD_CREDENTIALS");
		refused("check in: payload `' OR 1=1 --`", sendWith(this.jsonRoutes.get("check in"), "payload", "' OR 1=1 --"),
				400, "INVALID_TICKET");
		refused("refresh: token `' OR 1=1 --`", sendWith(this.jsonRoutes.get("refresh"), "refreshToken", "' OR 1=1 --"),
				401, "INVALID_REFRESH_TOKEN", "UNAUTHORIZED");
		assertNothingStored(before);
	}

	@Test
	void nulCharactersAreRefusedWherePostgresCannotStoreThem() {
		Stored before = stored();
		String nul = "a\u0000b";
		refused("register: fullName with a NUL character",
				sendRaw(this.jsonRoutes.get("register"),
						jsonWithRaw(Map.of("email", "nul-" + UUID.randomUUID() + "@example.com", "password",
								"correct horse battery", "fullName", nul))),
				422, "INVALID_VALUE");
		refused("login: email with a NUL character", sendWith(this.jsonRoutes.get("login"), "email", nul + "@x.io"),
				422, "INVALID_VALUE");
		refused("rename: fullName with a NUL character", sendWith(this.jsonRoutes.get("rename"), "fullName", nul), 422,
				"INVALID_VALUE");
		refused("create event: name with a NUL character", sendWith(this.jsonRoutes.get("create event"), "name", nul),
				422, "INVALID_VALUE");
		refused("patch event: venue with a NUL character", sendWith(this.jsonRoutes.get("patch event"), "venue", nul),
				422, "INVALID_VALUE");
		assertNothingStored(before);
	}

	@Test
	void webhookBodiesAreJudgedAfterTheSignature() {
		Stored before = stored();
		Map<String, Object> valid = Map.of("id", "evt_" + UUID.randomUUID(), "type", "payment_intent.succeeded", "data",
				Map.of("object", Map.of("id", "pi_x", "amount", 1, "currency", "idr", "metadata", Map.of())));
		Probe unsigned = Probe.json("POST", "/api/v1/payments/webhook", valid);
		refused("webhook: valid event, no signature", send(unsigned, null), 400, "INVALID_SIGNATURE");
		refused("webhook: valid event, signature of another body",
				send(unsigned.with("Stripe-Signature",
						new StripeWebhooks(this.webhookSecret).signature("{}".getBytes())), null),
				400, "INVALID_SIGNATURE");
		refused("webhook: signature header `t=1e309,v1=zz`",
				send(unsigned.with("Stripe-Signature", "t=1e309,v1=zz"), null), 400, "INVALID_SIGNATURE");
		assertNothingStored(before);
		// each validly signed body with the one outcome the processor has for it: what it
		// cannot read is a 400 MALFORMED_EVENT (and its id is not kept: the transaction
		// rolls back); an event for a payment we do not know, whose orderId is not a
		// UUID, is acknowledged with 200 and changes nothing but the record of its id
		String ignored = "evt_" + UUID.randomUUID();
		Map<String, Integer> signed = new LinkedHashMap<>();
		signed.put("{\"a\": ", 400);
		signed.put("[1, 2]", 400);
		signed.put("{}", 400);
		signed.put("{\"id\": \"evt_1\"}", 400);
		signed.put(intentEvent("evt_" + UUID.randomUUID(), Map.of("amount", new Raw("1e30"))), 400);
		signed.put(intentEvent("evt_" + UUID.randomUUID(), Map.of("amount", new Raw("100000000000000000000000"))), 400);
		signed.put(intentEvent(ignored, Map.of("amount", 1, "metadata", Map.of("orderId", "' OR 1=1 --"))), 200);
		String orders = states("orders");
		String payments = states("payments");
		signed.forEach((body, status) -> {
			byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
			Answer answer = send(new Probe("POST", "/api/v1/payments/webhook", "application/json", bytes,
					Map.of("Stripe-Signature", new StripeWebhooks(this.webhookSecret).signature(bytes))), null);
			String shown = (body.length() > 60) ? body.substring(0, 60) + "…" : body;
			if (status == 400) {
				refused("webhook, signed: `" + shown + "`", answer, 400, "MALFORMED_EVENT");
			}
			else {
				record("webhook, signed: `" + shown + "`", answer);
				assertThat(answer.status()).as(shown + " → " + answer).isEqualTo(200);
				assertThat(answer.contentType()).startsWith("application/json");
				assertThat(answer.json().path("received").asBoolean()).as(answer.toString()).isTrue();
			}
		});
		Map<String, Long> rows = new LinkedHashMap<>(before.rows());
		rows.merge("payment_webhook_events", 1L, Long::sum);
		assertThat(stored()).as("only the id of the acknowledged event is kept")
			.isEqualTo(new Stored(rows, before.objects()));
		assertThat(count("select count(*) from payment_webhook_events where event_id = ? and type = ?", ignored,
				"payment_intent.succeeded"))
			.isOne();
		assertThat(states("orders")).as("no order changed its status").isEqualTo(orders);
		assertThat(states("payments")).as("no payment changed its status").isEqualTo(payments);
	}

	/** A {@code payment_intent.succeeded} body for the unknown payment {@code pi_x}. */
	private static String intentEvent(String id, Map<String, Object> intent) {
		Map<String, Object> object = new LinkedHashMap<>(Map.of("id", "pi_x", "currency", "idr"));
		object.putAll(intent);
		return jsonWithRaw(Map.of("id", id, "type", "payment_intent.succeeded", "data", Map.of("object", object)));
	}

	/** A digest of every row's id and status, to show that none changed. */
	private String states(String table) {
		return this.jdbc
			.sql("select md5(coalesce(string_agg(id::text || ':' || status, ',' order by id), '')) from " + table)
			.query(String.class)
			.single();
	}

	@Test
	void junkIdsAndParametersAreRefused() {
		Stored before = stored();
		String token = this.customer.token();
		Map<String, Integer> paths = new LinkedHashMap<>();
		paths.put("/api/v1/orders/not-a-uuid", 400);
		paths.put("/api/v1/orders/' OR 1=1 --".replace(" ", "%20"), 400);
		paths.put("/api/v1/tickets/..;/..;/pdf", 400);
		paths.put("/api/v1/orders/" + UUID.randomUUID(), 404);
		paths.put("/api/v1/events?page=-1", 422);
		paths.put("/api/v1/events?size=0", 422);
		paths.put("/api/v1/events?size=1000000", 422);
		paths.put("/api/v1/events?page=abc", 400);
		paths.put("/api/v1/events?page=" + BIG_NUMBER, 400);
		paths.put("/api/v1/events?from=yesterday", 400);
		paths.put("/api/v1/events?q=" + "x".repeat(101), 422);
		paths.put("/api/v1/events?from=%2B1000000-01-01T00:00:00Z", 200);
		paths.put("/api/v1/events?q=a%00b", 422);
		paths.put("/api/v1/orders?page=-1", 422);
		paths.put("/api/v1/orders?size=101", 422);
		paths.put("/api/v1/orders?size=1e309", 400);
		paths.forEach((path, status) -> {
			Answer answer = send(Probe.of("GET", path), token);
			record("GET `" + path + "`", answer);
			assertThat(answer.status()).as(path + " → " + answer).isEqualTo(status);
			if (status >= 400) {
				assertThat(answer.contentType()).startsWith("application/problem+json");
				assertThat(answer.json().path("code").asString()).isNotBlank();
			}
		});
		// refused by Tomcat while parsing the request line, before any filter or servlet
		// runs
		for (String path : List.of("/api/v1/events/" + UUID.randomUUID() + "%00",
				"/api/v1/events/%2e%2e%2f%2e%2e%2fetc%2fpasswd")) {
			Answer answer = send(Probe.of("GET", path), token);
			record("GET `" + path + "` (refused by the container)", answer);
			assertThat(answer.status()).as(path + " → " + answer).isEqualTo(400);
			assertThat(answer.text()).doesNotContain("Tomcat").doesNotContain("Exception").doesNotContain("root:");
		}
		// the key must be 1 to 100 visible ASCII characters (422 on the parameter); a tab
		// is a control character the firewall refuses as soon as the header is read (400)
		Map<String, Integer> keys = new LinkedHashMap<>();
		keys.put("", 422);
		keys.put(" ", 422);
		keys.put("k".repeat(101), 422);
		keys.put("two words", 422);
		keys.put("a\tb", 400);
		keys.forEach((key, status) -> {
			Answer answer = send(Probe.json("POST", "/api/v1/orders", this.jsonRoutes.get("reserve").valid())
				.with("Idempotency-Key", key), token);
			String what = "reserve: Idempotency-Key `" + key.replace("\t", "\\t") + "`";
			if (status == 422) {
				refused(what, answer, 422, "VALIDATION_FAILED");
				assertThat(answer.json().path("errors").path(0).path("field").asString()).as(what + " → " + answer)
					.isEqualTo("idempotencyKey");
			}
			else {
				refused(what, answer, 400, "BAD_REQUEST");
			}
		});
		assertNothingStored(before);
	}

}
