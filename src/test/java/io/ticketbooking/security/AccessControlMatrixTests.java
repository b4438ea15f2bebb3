package io.ticketbooking.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;

import io.ticketbooking.support.AuthApi;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.Json;
import io.ticketbooking.support.StripeWebhooks;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the API against every kind of caller, including object-level checks:
 * someone else's order, tickets and PDFs are missing (404), someone else's event and gate
 * are forbidden (403), admin routes are for admins. A route added to a controller but not
 * to this matrix fails the build, and the table in docs/reliability.md is this matrix.
 */
@IntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccessControlMatrixTests extends SecurityFixture {

	enum Role {

		ANONYMOUS("anonymous"), CUSTOMER("customer"), OTHER_CUSTOMER("other customer"), ORGANIZER("organizer"),
		OTHER_ORGANIZER("other organizer"), ADMIN("admin");

		final String label;

		Role(String label) {
			this.label = label;
		}

	}

	/** Routes that are not part of the API: Boot's error page (every method). */
	private static final Set<String> NOT_API = Set.of("* /error");

	private static final String PASSWORD = "matrix correct horse battery";

	private static final Path DOC = Path.of("docs/reliability.md");

	@Autowired
	@Qualifier("requestMappingHandlerMapping")
	RequestMappingHandlerMapping mappings;

	private final Map<Role, Account> callers = new LinkedHashMap<>();

	private Account organizer;

	private Account customer;

	private String loginEmail;

	private Sale sale;

	private String queued;

	/** A batch of single-use presale codes of the organizer's event. */
	private String presaleBatch;

	private String order;

	/** The festival type's next capacity: one more than any asked before. */
	private final AtomicInteger capacity = new AtomicInteger(500);

	private String ticketId;

	private final Deque<String> gatePayloads = new ArrayDeque<>();

	private List<Row> rows;

	/** An outgoing webhook endpoint of the organizer's. */
	private String webhook;

	/**
	 * One route: its mapping, what the caller is tested against, and the expected status
	 * for anonymous, customer, other customer, organizer, other organizer, admin.
	 */
	record Row(String method, String pattern, String against, Function<Role, Probe> probe, int[] expected) {

		String route() {
			return this.method + " " + this.pattern;
		}

	}

	static Row row(String method, String pattern, String against, Function<Role, Probe> probe, int... expected) {
		return new Row(method, pattern, against, probe, expected);
	}

	@BeforeAll
	void createTheWorld() {
		this.customer = accounts().create("CUSTOMER");
		this.organizer = accounts().create("CUSTOMER", "ORGANIZER");
		this.callers.put(Role.ANONYMOUS, null);
		this.callers.put(Role.CUSTOMER, this.customer);
		this.callers.put(Role.OTHER_CUSTOMER, accounts().create("CUSTOMER"));
		this.callers.put(Role.ORGANIZER, this.organizer);
		this.callers.put(Role.OTHER_ORGANIZER, accounts().create("CUSTOMER", "ORGANIZER"));
		this.callers.put(Role.ADMIN, accounts().create("CUSTOMER", "ADMIN"));
		this.loginEmail = "matrix-" + UUID.randomUUID() + "@example.com";
		auth().register(this.loginEmail, PASSWORD, "Matrix").assertStatus(201);

		this.sale = createEvent(this.organizer);
		this.queued = queuedEvent();
		this.presaleBatch = http().post("/api/v1/events/" + this.sale.eventId() + "/presale-codes", presaleBatch())
			.bearer(this.organizer.token())
			.execute()
			.assertStatus(201)
			.json()
			.path("batchId")
			.asString();
		this.webhook = webhookOf(this.organizer);
		http().put("/api/v1/events/" + this.sale.eventId() + "/refund-policy", refundPolicy())
			.bearer(this.organizer.token())
			.execute()
			.assertStatus(200);
		this.order = reserve(this.customer, this.sale, 1);
		String paid = reserve(this.customer, this.sale, 6);
		pay(this.customer, paid);
		JsonNode tickets = awaitTickets(this.customer, paid, 6);
		this.ticketId = tickets.path(0).path("id").asString();
		this.gatePayloads.addAll(this.jdbc.sql("select qr_payload from tickets where order_id = :o::uuid")
			.param("o", UUID.fromString(paid))
			.query(String.class)
			.list());
		this.rows = matrix();
	}

	/** Makes the role's account unverified again (so that it may ask for a link); "". */
	private String unverified(Role role) {
		Account caller = this.callers.get(role);
		if (caller != null) {
			this.jdbc.sql("update users set email_verified_at = null where id = :id").param("id", caller.id()).update();
		}
		return "";
	}

	/** A link's token for the customer's address, as the email would carry it. */
	private String verificationToken() {
		String token = "matrix-" + UUID.randomUUID();
		this.jdbc.sql("""
				insert into email_verifications (token_hash, user_id, email, expires_at)
				values (encode(sha256(convert_to(:token, 'UTF8')), 'hex'), :user, :email, now() + interval '1 hour')
				""")
			.param("token", token)
			.param("user", this.customer.id())
			.param("email", this.customer.email())
			.update();
		return token;
	}

	private String webhookOf(Account owner) {
		return http()
			.post("/api/v1/organizer/webhooks",
					Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("ticket.checked_in")))
			.bearer(owner.token())
			.execute()
			.assertStatus(201)
			.json()
			.path("id")
			.asString();
	}

	private List<Row> matrix() {
		String event = "/api/v1/events/" + this.sale.eventId();
		String queue = "/api/v1/events/" + this.queued + "/queue";
		Images.Multipart png = Images.multipart("file", "picture.png", "image/png", Images.png(16, 16));
		Probe upload = new Probe("PUT", "", png.contentType(), png.body(), Map.of());
		return List.of(
				// health and docs
				row("GET", "/ping", "", (r) -> Probe.of("GET", "/ping"), 200, 200, 200, 200, 200, 200),
				row("GET", "/api/v1/ping", "", (r) -> Probe.of("GET", "/api/v1/ping"), 401, 200, 200, 200, 200, 200),
				row("GET", "/actuator/health", "", (r) -> Probe.of("GET", "/actuator/health"), 200, 200, 200, 200, 200,
						200),
				row("GET", "/actuator/prometheus", "", (r) -> Probe.of("GET", "/actuator/prometheus"), 200, 200, 200,
						200, 200, 200),
				row("GET", "/v3/api-docs", "", (r) -> Probe.of("GET", "/v3/api-docs"), 200, 200, 200, 200, 200, 200),
				row("GET", "/v3/api-docs.yaml", "", (r) -> Probe.of("GET", "/v3/api-docs.yaml"), 200, 200, 200, 200,
						200, 200),
				row("GET", "/v3/api-docs/swagger-config", "", (r) -> Probe.of("GET", "/v3/api-docs/swagger-config"),
						200, 200, 200, 200, 200, 200),
				row("GET", "/swagger-ui.html", "", (r) -> Probe.of("GET", "/swagger-ui.html"), 302, 302, 302, 302, 302,
						302),
				row("GET", "/.well-known/jwks.json", "", (r) -> Probe.of("GET", "/.well-known/jwks.json"), 200, 200,
						200, 200, 200, 200),
				// auth and users
				row("POST", "/api/v1/auth/register", "a new email each time",
						(r) -> Probe.json("POST", "/api/v1/auth/register",
								Map.of("email", "m-" + UUID.randomUUID() + "@example.com", "password", PASSWORD,
										"fullName", "New")),
						201, 201, 201, 201, 201, 201),
				row("POST", "/api/v1/auth/login", "a password account",
						(r) -> Probe.json("POST", "/api/v1/auth/login",
								Map.of("email", this.loginEmail, "password", PASSWORD)),
						200, 200, 200, 200, 200, 200),
				row("POST", "/api/v1/auth/refresh", "a fresh refresh token",
						(r) -> Probe.json("POST", "/api/v1/auth/refresh", Map.of("refreshToken", refreshToken())), 200,
						200, 200, 200, 200, 200),
				row("POST", "/api/v1/auth/logout", "someone else's refresh token: 204, revokes nothing",
						(r) -> Probe.json("POST", "/api/v1/auth/logout", Map.of("refreshToken", refreshToken())), 401,
						204, 204, 204, 204, 204),
				row("GET", "/api/v1/users/me", "", (r) -> Probe.of("GET", "/api/v1/users/me"), 401, 200, 200, 200, 200,
						200),
				row("POST", "/api/v1/users/me/email-verification", "the caller's own account, made unverified",
						(r) -> Probe.of("POST", "/api/v1/users/me/email-verification" + unverified(r)), 401, 202, 202,
						202, 202, 202),
				row("POST", "/api/v1/auth/verify-email", "a fresh link's token each time",
						(r) -> Probe.json("POST", "/api/v1/auth/verify-email", Map.of("token", verificationToken())),
						200, 200, 200, 200, 200, 200),
				row("PATCH", "/api/v1/users/me", "",
						(r) -> Probe.json("PATCH", "/api/v1/users/me", Map.of("fullName", "Renamed " + r.label)), 401,
						200, 200, 200, 200, 200),
				row("PUT", "/api/v1/users/me/avatar", "", (r) -> at(upload, "/api/v1/users/me/avatar"), 401, 200, 200,
						200, 200, 200),
				row("POST", "/api/v1/admin/users/{id}/roles", "a new user",
						(r) -> Probe.json("POST", "/api/v1/admin/users/" + accounts().create().id() + "/roles",
								Map.of("roles", List.of("CUSTOMER", "ORGANIZER"))),
						401, 403, 403, 403, 403, 200),
				row("POST", "/api/v1/admin/inventory/reconcile", "",
						(r) -> Probe.of("POST", "/api/v1/admin/inventory/reconcile"), 401, 403, 403, 403, 403, 200),
				// events
				row("POST", "/api/v1/events", "",
						(r) -> Probe.json("POST", "/api/v1/events", EventRequests.valid("Matrix " + r.label)), 401, 403,
						403, 201, 201, 201),
				row("GET", "/api/v1/events", "", (r) -> Probe.of("GET", "/api/v1/events?q=Security"), 200, 200, 200,
						200, 200, 200),
				row("GET", "/api/v1/events/{id}", "organizer's event", (r) -> Probe.of("GET", event), 200, 200, 200,
						200, 200, 200),
				row("PATCH", "/api/v1/events/{id}", "organizer's event",
						(r) -> Probe.json("PATCH", event, Map.of("description", "Edited by " + r.label)), 401, 403, 403,
						200, 403, 200),
				row("PATCH", "/api/v1/events/{id}/ticket-types/{ticketTypeId}",
						"a type of organizer's event, one seat more each time",
						(r) -> Probe.json("PATCH", event + "/ticket-types/" + this.sale.ticketTypeId(),
								Map.of("capacity", this.capacity.incrementAndGet())),
						401, 403, 403, 200, 403, 200),
				row("PUT", "/api/v1/events/{id}/image", "organizer's event", (r) -> at(upload, event + "/image"), 401,
						403, 403, 200, 403, 200),
				row("POST", "/api/v1/events/{id}/cancel", "a new event of organizer's each time",
						(r) -> Probe.of("POST", "/api/v1/events/" + createEvent(this.organizer).eventId() + "/cancel"),
						401, 403, 403, 200, 403, 200),
				row("GET", "/api/v1/events/{id}/availability", "organizer's event",
						(r) -> Probe.of("GET", event + "/availability"), 200, 200, 200, 200, 200, 200),
				row("GET", "/api/v1/events/{id}/availability/stream", "organizer's event",
						(r) -> Probe.of("GET", event + "/availability/stream"), 200, 200, 200, 200, 200, 200),
				row("GET", "/api/v1/events/{id}/checkin-key", "organizer's event",
						(r) -> Probe.of("GET", event + "/checkin-key"), 200, 200, 200, 200, 200, 200),
				row("PUT", "/api/v1/events/{id}/refund-policy", "organizer's event",
						(r) -> Probe.json("PUT", event + "/refund-policy", refundPolicy()), 401, 403, 403, 200, 403,
						200),
				// the waiting room
				row("PUT", "/api/v1/events/{id}/queue/settings", "organizer's queued event",
						(r) -> Probe.json("PUT", queue + "/settings", queueSettings()), 401, 403, 403, 200, 403, 200),
				row("DELETE", "/api/v1/events/{id}/queue/settings", "a new queued event of organizer's each time",
						(r) -> Probe.of("DELETE", "/api/v1/events/" + queuedEvent() + "/queue/settings"), 401, 403, 403,
						200, 403, 200),
				row("POST", "/api/v1/events/{id}/queue", "organizer's queued event", (r) -> Probe.of("POST", queue),
						401, 200, 200, 200, 200, 200),
				row("GET", "/api/v1/events/{id}/queue", "organizer's queued event", (r) -> Probe.of("GET", queue), 200,
						200, 200, 200, 200, 200),
				row("GET", "/api/v1/events/{id}/queue/me", "organizer's queued event",
						(r) -> Probe.of("GET", queue + "/me"), 401, 200, 200, 200, 200, 200),
				row("GET", "/api/v1/events/{id}/queue/me/stream", "organizer's queued event",
						(r) -> Probe.of("GET", queue + "/me/stream"), 401, 200, 200, 200, 200, 200),
				row("GET", "/api/v1/events/{id}/queue/stats", "organizer's queued event",
						(r) -> Probe.of("GET", queue + "/stats"), 401, 403, 403, 200, 403, 200),
				// presale codes
				row("POST", "/api/v1/events/{id}/presale-codes", "organizer's event",
						(r) -> Probe.json("POST", event + "/presale-codes", presaleBatch()), 401, 403, 403, 201, 403,
						201),
				row("GET", "/api/v1/events/{id}/presale-codes", "organizer's event",
						(r) -> Probe.of("GET", event + "/presale-codes"), 401, 403, 403, 200, 403, 200),
				row("GET", "/api/v1/events/{id}/presale-codes/{batchId}/codes.csv", "a batch of organizer's event",
						(r) -> Probe.of("GET", event + "/presale-codes/" + this.presaleBatch + "/codes.csv"), 401, 403,
						403, 200, 403, 200),
				// orders
				row("POST", "/api/v1/orders", "organizer's event",
						(r) -> Probe.json("POST", "/api/v1/orders",
								Map.of("eventId", this.sale.eventId(), "ticketTypeId", this.sale.ticketTypeId(),
										"quantity", 1)),
						401, 201, 201, 201, 201, 201),
				row("GET", "/api/v1/orders", "", (r) -> Probe.of("GET", "/api/v1/orders"), 401, 200, 200, 200, 200,
						200),
				row("POST", "/api/v1/events/{eventId}/ticket-types/{ticketTypeId}/waiting-list",
						"a sold-out type of organizer's event, a new one each time",
						(r) -> Probe.json("POST", waitingList(soldOut()), Map.of("quantity", 1)), 401, 201, 201, 201,
						201, 201),
				row("GET", "/api/v1/events/{eventId}/ticket-types/{ticketTypeId}/waiting-list/me",
						"the caller's entry (joined first)", (r) -> Probe.of("GET", joined(r) + "/me"), 401, 200, 200,
						200, 200, 200),
				row("DELETE", "/api/v1/events/{eventId}/ticket-types/{ticketTypeId}/waiting-list/me",
						"the caller's entry (joined first)", (r) -> Probe.of("DELETE", joined(r) + "/me"), 401, 204,
						204, 204, 204, 204),
				row("GET", "/api/v1/waiting-list", "", (r) -> Probe.of("GET", "/api/v1/waiting-list"), 401, 200, 200,
						200, 200, 200),
				row("GET", "/api/v1/orders/{id}", "customer's order",
						(r) -> Probe.of("GET", "/api/v1/orders/" + this.order), 401, 200, 404, 404, 404, 200),
				row("POST", "/api/v1/orders/{id}/cancel", "a new order of customer's each time",
						(r) -> Probe.of("POST", "/api/v1/orders/" + reserve(this.customer, this.sale, 1) + "/cancel"),
						401, 200, 404, 404, 404, 404),
				row("POST", "/api/v1/orders/{id}/payment", "customer's order",
						(r) -> Probe.of("POST", "/api/v1/orders/" + this.order + "/payment"), 401, 201, 404, 404, 404,
						404),
				row("GET", "/api/v1/orders/{id}/tickets", "customer's paid order",
						(r) -> Probe.of("GET", "/api/v1/orders/" + paidOrderOfTicket() + "/tickets"), 401, 200, 404,
						404, 404, 200),
				row("POST", "/api/v1/orders/{id}/refund", "a new paid order of customer's each time",
						(r) -> Probe.of("POST", "/api/v1/orders/" + paidOrder() + "/refund"), 401, 202, 404, 404, 404,
						404),
				row("GET", "/api/v1/orders/{id}/refunds", "customer's paid order",
						(r) -> Probe.of("GET", "/api/v1/orders/" + paidOrderOfTicket() + "/refunds"), 401, 200, 404,
						200, 404, 200),
				row("GET", "/api/v1/tickets/{id}/pdf", "customer's ticket",
						(r) -> Probe.of("GET", "/api/v1/tickets/" + this.ticketId + "/pdf"), 401, 200, 404, 404, 404,
						200),
				row("POST", "/api/v1/checkin", "an unused ticket of organizer's event",
						(r) -> Probe.json("POST", "/api/v1/checkin", Map.of("payload", this.gatePayloads.peek())), 401,
						403, 403, 200, 403, 200),
				// payments
				row("POST", "/api/v1/payments/webhook", "a validly signed event", (r) -> signedEvent(), 200, 200, 200,
						200, 200, 200),
				row("GET", "/payments/simulated/{paymentId}", "a payment of a third user's order",
						(r) -> Probe.of("GET", "/payments/simulated/" + thirdPartyPayment()), 200, 200, 200, 200, 200,
						200),
				row("POST", "/payments/simulated/{paymentId}/pay", "a new payment of a third user's each time",
						(r) -> Probe.of("POST", "/payments/simulated/" + thirdPartyPayment() + "/pay"), 200, 200, 200,
						200, 200, 200),
				row("POST", "/payments/simulated/{paymentId}/decline", "a new payment of a third user's each time",
						(r) -> Probe.of("POST", "/payments/simulated/" + thirdPartyPayment() + "/decline"), 200, 200,
						200, 200, 200, 200),
				// organizer sales figures
				row("GET", "/api/v1/organizer/events", "the caller's own events",
						(r) -> Probe.of("GET", "/api/v1/organizer/events"), 401, 403, 403, 200, 200, 200),
				row("GET", "/api/v1/organizer/events/{id}", "organizer's event",
						(r) -> Probe.of("GET", "/api/v1/organizer/events/" + this.sale.eventId()), 401, 403, 403, 200,
						404, 200),
				row("GET", "/api/v1/organizer/events/{id}/attendees.csv", "organizer's event",
						(r) -> Probe.of("GET", "/api/v1/organizer/events/" + this.sale.eventId() + "/attendees.csv"),
						401, 403, 403, 200, 404, 200),
				row("GET", "/api/v1/organizer/events/{id}/orders.csv", "organizer's event",
						(r) -> Probe.of("GET", "/api/v1/organizer/events/" + this.sale.eventId() + "/orders.csv"), 401,
						403, 403, 200, 404, 200),
				row("GET", "/api/v1/organizer/events/{id}/sales-report", "organizer's event",
						(r) -> Probe.of("GET", "/api/v1/organizer/events/" + this.sale.eventId() + "/sales-report"),
						401, 403, 403, 200, 404, 200),
				row("POST", "/api/v1/organizer/orders/{id}/refunds", "a new paid order of customer's each time",
						(r) -> Probe.of("POST", "/api/v1/organizer/orders/" + paidOrder() + "/refunds"), 401, 403, 403,
						202, 404, 202),
				// outgoing webhooks
				row("POST", "/api/v1/organizer/webhooks", "a new endpoint each time",
						(r) -> Probe.json("POST", "/api/v1/organizer/webhooks",
								Map.of("url", "http://127.0.0.1:9/hook", "events", List.of("order.confirmed"))),
						401, 403, 403, 201, 201, 201),
				row("GET", "/api/v1/organizer/webhooks", "the caller's own endpoints",
						(r) -> Probe.of("GET", "/api/v1/organizer/webhooks"), 401, 403, 403, 200, 200, 200),
				row("DELETE", "/api/v1/organizer/webhooks/{id}", "a new endpoint of organizer's each time",
						(r) -> Probe.of("DELETE", "/api/v1/organizer/webhooks/" + webhookOf(this.organizer)), 401, 403,
						403, 204, 404, 204),
				row("GET", "/api/v1/organizer/webhooks/{id}/deliveries", "organizer's endpoint",
						(r) -> Probe.of("GET", "/api/v1/organizer/webhooks/" + this.webhook + "/deliveries"), 401, 403,
						403, 200, 404, 200),
				row("POST", "/api/v1/organizer/webhooks/{id}/ping", "organizer's endpoint",
						(r) -> Probe.of("POST", "/api/v1/organizer/webhooks/" + this.webhook + "/ping"), 401, 403, 403,
						202, 404, 202),
				// web pages: static shells; what they show comes from the API above,
				// under its rules
				page("/"), page("/login"), page("/events/{id}"), page("/orders"), page("/orders/{id}"),
				page("/organizer"), page("/organizer/new"), page("/organizer/events/{id}"), page("/scan"),
				page("/verify-email"));
	}

	private Row page(String pattern) {
		String path = pattern.replace("{id}", this.sale.eventId().toString());
		return row("GET", pattern, "a page shell, no data", (r) -> Probe.of("GET", path), 200, 200, 200, 200, 200, 200);
	}

	Stream<Arguments> cases() {
		return this.rows.stream()
			.flatMap((row) -> Stream.of(Role.values())
				.map((role) -> Arguments.of(row.route() + " as " + role.label + " → " + row.expected()[role.ordinal()],
						row, role)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("cases")
	void everyRouteAnswersEveryCallerAsTheMatrixSays(String name, Row row, Role role) {
		Account caller = this.callers.get(role);
		Answer answer = send(row.probe().apply(role), (caller != null) ? caller.token() : null);
		int expected = row.expected()[role.ordinal()];
		assertThat(answer.status()).as(name + ": " + answer).isEqualTo(expected);
		if (expected >= 400) {
			assertThat(answer.contentType()).startsWith("application/problem+json");
			assertThat(answer.json().path("code").asString()).isEqualTo(switch (expected) {
				case 401 -> "UNAUTHORIZED";
				case 403 -> "FORBIDDEN";
				default -> "NOT_FOUND";
			});
		}
		if (row.pattern().equals("/api/v1/checkin") && expected == 200) {
			this.gatePayloads.pop();
		}
		if (row.pattern().equals("/api/v1/users/me") && expected == 200) {
			assertThat(answer.json().path("id").asString()).isEqualTo(caller.id().toString());
		}
	}

	/** A new event of the organizer's with a waiting room; answers its id. */
	/** Two single-use codes for the event's second type, good for the next hour. */
	private Map<String, Object> presaleBatch() {
		return Map.of("kind", "SINGLE_USE", "count", 2, "ticketTypeIds", List.of(this.sale.ticketTypeId()), "startsAt",
				Instant.now().toString(), "endsAt", Instant.now().plus(Duration.ofHours(1)).toString());
	}

	/** A new event whose only ticket type (1 seat) the customer holds. */
	private Sale soldOut() {
		Map<String, Object> request = EventRequests.valid("Sold out " + UUID.randomUUID().toString().substring(0, 8));
		request.put("ticketTypes", List.of(EventRequests.ticketType("Last seat", 100_000L, 1, 1)));
		JsonNode event = new EventsApi(http()).create(this.organizer.token(), request).assertStatus(201).json();
		Sale sale = new Sale(event.path("id").asString(), event.path("ticketTypes").path(0).path("id").asString());
		reserve(this.customer, sale, 1);
		return sale;
	}

	private static String waitingList(Sale sale) {
		return "/api/v1/events/" + sale.eventId() + "/ticket-types/" + sale.ticketTypeId() + "/waiting-list";
	}

	/**
	 * The waiting list of a new sold-out type, which the caller (unless anonymous) has
	 * joined.
	 */
	private String joined(Role role) {
		String list = waitingList(soldOut());
		Account caller = this.callers.get(role);
		if (caller != null) {
			assertThat(send(Probe.json("POST", list, Map.of("quantity", 1)), caller.token()).status()).isEqualTo(201);
		}
		return list;
	}

	private String queuedEvent() {
		String id = createEvent(this.organizer).eventId();
		http().put("/api/v1/events/" + id + "/queue/settings", queueSettings())
			.bearer(this.organizer.token())
			.execute()
			.assertStatus(200);
		return id;
	}

	private static Map<String, Object> queueSettings() {
		return Map.of("preQueueOpensAt", Instant.now().minus(Duration.ofHours(1)).toString(), "ratePerMinute", 600,
				"admissionWindowSeconds", 600);
	}

	@Test
	void everyControllerRouteIsInTheMatrix() {
		Set<String> mapped = new TreeSet<>();
		this.mappings.getHandlerMethods().keySet().forEach((info) -> mapped.addAll(routes(info)));
		mapped.removeAll(NOT_API);
		Set<String> inMatrix = new TreeSet<>(this.rows.stream().map(Row::route).toList());
		Set<String> missing = new TreeSet<>(mapped);
		missing.removeAll(inMatrix);
		assertThat(missing).as("controller routes missing from the access control matrix").isEmpty();
		Set<String> stale = new TreeSet<>(inMatrix);
		stale.removeAll(mapped);
		assertThat(stale).as("matrix rows without a controller route (actuator is mapped elsewhere)")
			.allMatch((route) -> route.startsWith("GET /actuator/"));
	}

	@Test
	void theDocumentedMatrixIsThisMatrix() throws IOException {
		String table = table();
		String doc = Files.readString(DOC, StandardCharsets.UTF_8);
		String begin = "<!-- access-matrix:begin -->\n";
		String end = "<!-- access-matrix:end -->";
		String documented = doc.substring(doc.indexOf(begin) + begin.length(), doc.indexOf(end));
		assertThat(documented).as("docs/reliability.md must show the matrix this test proves:%n%s", table)
			.isEqualTo(table);
	}

	@Test
	void deniedCallsChangeNothing() {
		Account stranger = this.callers.get(Role.OTHER_CUSTOMER);
		Account rival = this.callers.get(Role.OTHER_ORGANIZER);
		String event = "/api/v1/events/" + this.sale.eventId();
		String name = http().get(event).execute().json().path("name").asString();
		assertThat(send(Probe.json("PATCH", event, Map.of("name", "Hijacked")), rival.token()).status()).isEqualTo(403);
		assertThat(send(Probe.of("POST", event + "/cancel"), rival.token()).status()).isEqualTo(403);
		JsonNode after = http().get(event).execute().json();
		assertThat(after.path("name").asString()).isEqualTo(name);
		assertThat(after.path("status").asString()).isEqualTo("PUBLISHED");

		String mine = reserve(this.customer, this.sale, 1);
		assertThat(send(Probe.of("POST", "/api/v1/orders/" + mine + "/cancel"), stranger.token()).status())
			.isEqualTo(404);
		assertThat(send(Probe.of("POST", "/api/v1/orders/" + mine + "/payment"), stranger.token()).status())
			.isEqualTo(404);
		assertThat(this.jdbc.sql("select status from orders where id = :id::uuid")
			.param("id", mine)
			.query(String.class)
			.single()).isEqualTo("RESERVED");
		assertThat(count("select count(*) from payments where order_id = ?::uuid", mine)).isZero();
		assertThat(send(Probe.of("GET", "/api/v1/orders?size=100"), stranger.token()).json()
			.path("items")
			.findValuesAsString("id")).doesNotContain(mine, this.order);

		String victims = refreshToken();
		assertThat(send(Probe.json("POST", "/api/v1/auth/logout", Map.of("refreshToken", victims)), stranger.token())
			.status()).isEqualTo(204);
		assertThat(send(Probe.json("POST", "/api/v1/auth/refresh", Map.of("refreshToken", victims)), null).status())
			.as("someone else's logout revoked nothing")
			.isEqualTo(200);
	}

	private String table() {
		StringBuilder table = new StringBuilder("| route | tested against |");
		for (Role role : Role.values()) {
			table.append(' ').append(role.label).append(" |");
		}
		table.append("\n|---|---|").append("---|".repeat(Role.values().length)).append('\n');
		for (Row row : this.rows) {
			table.append("| `").append(row.route()).append("` | ").append(row.against()).append(" |");
			for (int status : row.expected()) {
				table.append(' ').append(status).append(" |");
			}
			table.append('\n');
		}
		return table.toString();
	}

	private static List<String> routes(RequestMappingInfo info) {
		Set<String> patterns = (info.getPathPatternsCondition() != null)
				? info.getPathPatternsCondition().getPatternValues() : info.getPatternValues();
		Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
		List<String> routes = new ArrayList<>();
		for (String pattern : patterns) {
			if (methods.isEmpty()) {
				routes.add("* " + pattern);
			}
			for (RequestMethod method : methods) {
				routes.add(method.name() + " " + pattern);
			}
		}
		return routes;
	}

	private static Probe at(Probe template, String path) {
		return new Probe(template.method(), path, template.contentType(), template.body(), template.headers());
	}

	private String refreshToken() {
		return auth().login(this.loginEmail, PASSWORD).json().path("refreshToken").asString();
	}

	private AuthApi auth() {
		return new AuthApi(http());
	}

	/** Buyers may refund orders of the organizer's event for the next hour. */
	private Map<String, Object> refundPolicy() {
		return Map.of("refundableUntil", Instant.now().plus(Duration.ofHours(1)).toString(), "restock", true);
	}

	/** A new order of the customer's, paid. */
	private String paidOrder() {
		String orderId = reserve(this.customer, this.sale, 1);
		pay(this.customer, orderId);
		return orderId;
	}

	private String paidOrderOfTicket() {
		return this.jdbc.sql("select order_id::text from tickets where id = :id::uuid")
			.param("id", this.ticketId)
			.query(String.class)
			.single();
	}

	private Probe signedEvent() {
		byte[] event = jsonBytes(Map.of("id", "evt_" + UUID.randomUUID(), "type", "customer.created", "data",
				Map.of("object", Map.of("id", "cus_1"))));
		return new Probe("POST", "/api/v1/payments/webhook", "application/json", event,
				Map.of("Stripe-Signature", new StripeWebhooks(this.webhookSecret).signature(event)));
	}

	private static byte[] jsonBytes(Object value) {
		return Json.write(value).getBytes(StandardCharsets.UTF_8);
	}

	/** A payment of an order that belongs to none of the callers. */
	private String thirdPartyPayment() {
		Account third = accounts().create();
		return startPayment(third, reserve(third, this.sale, 1));
	}

}
