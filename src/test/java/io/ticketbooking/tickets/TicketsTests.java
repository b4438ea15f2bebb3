package io.ticketbooking.tickets;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.messaging.Queues;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrderRows;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** From a confirmed order to tickets, PDFs, signed QR codes, and the gate. */
@IntegrationTest
class TicketsTests extends TicketsFixture {

	@Autowired
	AmqpAdmin amqpAdmin;

	@Autowired
	MeterRegistry meters;

	@Test
	void aConfirmedOrderGetsTicketsWhosePdfCarriesTheSignedQrThatChecksInOnce() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = event(organizer, true);
		Account buyer = accounts().create();
		String orderId = paidOrder(buyer, sale, 2);

		JsonNode tickets = awaitTickets(buyer, orderId, 2);
		JsonNode first = tickets.path(0);
		assertThat(first.path("code").asString())
			.matches("[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}");
		assertThat(first.path("status").asString()).isEqualTo("ISSUED");
		assertThat(first.path("holderName").asString()).startsWith("Test ");

		Printed printed = printed(buyer, first);
		assertThat(printed.text()).contains(sale.eventName()).contains(first.path("code").asString());
		assertThat(printed.barcode()).isEqualTo(first.path("code").asString());
		String payload = printed.qr();
		assertThat(payload).startsWith("TB1.");

		Http.Response admitted = http().post("/api/v1/checkin", Map.of("payload", payload))
			.bearer(organizer.token())
			.execute();
		assertThat(admitted.status()).as(admitted.toString()).isEqualTo(200);
		assertThat(admitted.json().path("ticketId").asString()).isEqualTo(first.path("id").asString());
		assertThat(admitted.json().path("status").asString()).isEqualTo("CHECKED_IN");
		Http.Response again = http().post("/api/v1/checkin", Map.of("payload", payload))
			.bearer(organizer.token())
			.execute();
		assertThat(again.status()).isEqualTo(409);
		assertThat(again.json().path("code").asString()).isEqualTo("ALREADY_CHECKED_IN");
		assertThat(again.json().path("firstCheckedInAt").asString())
			.isEqualTo(admitted.json().path("checkedInAt").asString());

		JsonNode key = http().get("/api/v1/events/" + sale.eventId() + "/checkin-key").execute().json();
		assertThat(key.path("algorithm").asString()).isEqualTo("Ed25519");
		assertThat(payload).contains("." + key.path("keyId").asString() + ".");
	}

	@Test
	void twentyConcurrentScansOfOneTicketAdmitExactlyOne() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = event(organizer, false);
		Account buyer = accounts().create();
		String orderId = paidOrder(buyer, sale, 1);
		awaitTickets(buyer, orderId, 1);
		String payload = payloadOf(orderId);

		CountDownLatch start = new CountDownLatch(1);
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<Integer>> results = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				results.add(pool.submit(() -> {
					start.await();
					return http().post("/api/v1/checkin", Map.of("payload", payload))
						.bearer(organizer.token())
						.execute()
						.status();
				}));
			}
			start.countDown();
			for (Future<Integer> result : results) {
				statuses.add(result.get());
			}
		}
		assertThat(statuses.stream().filter((s) -> s == 200)).hasSize(1);
		assertThat(statuses.stream().filter((s) -> s == 409)).hasSize(19);
	}

	@Test
	void forgedAlteredAndForeignTicketsAreRefused() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = event(organizer, false);
		Account buyer = accounts().create();
		String orderId = paidOrder(buyer, sale, 1);
		awaitTickets(buyer, orderId, 1);
		String payload = payloadOf(orderId);

		char[] altered = payload.toCharArray();
		int at = payload.indexOf('.') + 3;
		altered[at] = (altered[at] == 'A') ? 'B' : 'A';
		assertCheckIn(organizer, new String(altered), 400, "INVALID_TICKET");
		assertCheckIn(organizer, payload.substring(0, payload.length() - 4) + "AAAA", 400, "INVALID_TICKET");
		assertCheckIn(organizer, "not a ticket at all", 400, "INVALID_TICKET");

		TicketSigner impostor = new TicketSigner(new TicketsProperties(
				TicketSignerTests.pem(KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate()), 2));
		UUID ticketId = UUID.fromString(this.jdbc.sql("select id::text from tickets where order_id = :o::uuid")
			.param("o", orderId)
			.query(String.class)
			.single());
		assertCheckIn(organizer, impostor.sign(ticketId, UUID.fromString(sale.eventId())), 400, "INVALID_TICKET");

		Account otherOrganizer = accounts().create("ORGANIZER");
		assertCheckIn(otherOrganizer, payload, 403, "FORBIDDEN");
		assertCheckIn(buyer, payload, 403, "FORBIDDEN");

		this.jdbc.sql("update orders set status = 'REFUND_REQUIRED' where id = :o::uuid").param("o", orderId).update();
		assertCheckIn(organizer, payload, 409, "TICKET_VOID");
	}

	@Test
	void aRedeliveredMessageIssuesNothingTwiceAndOthersCannotSeeTheTickets() {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = event(organizer, false);
		Account buyer = accounts().create();
		double processed = processedMessages();
		String orderId = paidOrder(buyer, sale, 2);
		JsonNode tickets = awaitTickets(buyer, orderId, 2);
		publish(orderId, buyer, sale, 2);
		publish(orderId, buyer, sale, 2);
		// the first delivery and both redeliveries were handled to the end by the
		// listener, and nothing is left waiting in the queue
		await().atMost(Duration.ofSeconds(20))
			.until(() -> processedMessages() >= processed + 3 && queuedMessages("tickets.issue") == 0);
		assertThat(this.jdbc.sql("select count(*) from tickets where order_id = :o::uuid")
			.param("o", orderId)
			.query(Integer.class)
			.single()).isEqualTo(2);

		Account stranger = accounts().create();
		Http.Response list = http().get("/api/v1/orders/" + orderId + "/tickets").bearer(stranger.token()).execute();
		assertThat(list.status()).isEqualTo(404);
		Http.Response pdf = http().get(tickets.path(0).path("pdfUrl").asString()).bearer(stranger.token()).execute();
		assertThat(pdf.status()).isEqualTo(404);
		assertThat(http().get("/api/v1/orders/" + orderId + "/tickets").execute().status()).isEqualTo(401);
	}

	@Test
	void aPoisonMessageEndsInTheDeadLetterQueueWithItsReason() {
		// a shared broker may hold dead letters of earlier runs; start from an empty
		// queue
		this.rabbit.execute((channel) -> channel.queuePurge("tickets.issue.dlq"));
		String marker = UUID.randomUUID().toString();
		MessageProperties properties = new MessageProperties();
		properties.setContentType("application/json");
		properties.setMessageId(marker);
		this.rabbit.send(Queues.EVENTS_EXCHANGE, "order.confirmed",
				new Message("{\"orderId\": \"not-a-uuid\", \"quantity\": ".getBytes(), properties));
		MessageProperties ghost = new MessageProperties();
		ghost.setContentType("application/json");
		ghost.setMessageId(marker + "-ghost");
		this.rabbit.send(Queues.EVENTS_EXCHANGE, "order.confirmed", new Message(
				("{\"orderId\":\"" + UUID.randomUUID() + "\",\"userId\":\"" + UUID.randomUUID() + "\",\"quantity\":1}")
					.getBytes(),
				ghost));

		List<Message> dead = new ArrayList<>();
		await().atMost(Duration.ofSeconds(40)).until(() -> {
			Message message = this.rabbit.receive("tickets.issue.dlq", 1000);
			if (message != null && message.getMessageProperties().getMessageId() != null
					&& message.getMessageProperties().getMessageId().startsWith(marker)) {
				dead.add(message);
			}
			return dead.size() == 2;
		});
		assertThat(dead).allSatisfy(
				(message) -> assertThat((String) message.getMessageProperties().getHeader("x-exception-message"))
					.isNotBlank());
		// an order this database does not know can never be issued: no retries, straight
		// to the dead-letter queue, so it does not hold up the messages behind it
		Message unknownOrder = dead.stream()
			.filter((message) -> message.getMessageProperties().getMessageId().endsWith("-ghost"))
			.findFirst()
			.orElseThrow();
		assertThat((String) unknownOrder.getMessageProperties().getHeader("x-exception-message"))
			.startsWith("PermanentMessageFailure: No order");
	}

	/**
	 * Messages the ticket listener has handled to the end since the application started.
	 */
	private double processedMessages() {
		return this.meters.get("tickets.issue.processed").counter().count();
	}

	/** Messages ready in the queue, not yet delivered to a consumer. */
	private long queuedMessages(String queue) {
		var info = this.amqpAdmin.getQueueInfo(queue);
		assertThat(info).as("queue %s exists", queue).isNotNull();
		return info.getMessageCount();
	}

	private void assertCheckIn(Account gate, String payload, int status, String code) {
		Http.Response response = http().post("/api/v1/checkin", Map.of("payload", payload))
			.bearer(gate.token())
			.execute();
		assertThat(response.status()).as(response.toString()).isEqualTo(status);
		assertThat(response.json().path("code").asString()).isEqualTo(code);
	}

	private String payloadOf(String orderId) {
		return new OrderRows(this.jdbc).qrPayload(orderId);
	}

}
