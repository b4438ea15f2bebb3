package io.ticketbooking.mail;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.util.GreenMail;
import io.ticketbooking.messaging.Queues;
import io.ticketbooking.support.ApplicationFixture;
import io.ticketbooking.support.EmbeddedInfrastructure;
import io.ticketbooking.support.EventRequests;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Email against a real SMTP server (GreenMail, embedded; docs/email.md): a real sale, the
 * tickets issued over RabbitMQ, the messages read back from the server and parsed. The
 * test context retries a failed send after 0.5 s, doubling up to 2 s.
 */
@IntegrationTest
class MailTests extends ApplicationFixture {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Autowired
	RabbitTemplate rabbit;

	private GreenMail mail;

	@BeforeEach
	void mailServer() {
		this.mail = EmbeddedInfrastructure.shared().mail();
		assertThat(this.mail).as("these tests read the embedded mail server: leave MAIL_HOST unset").isNotNull();
	}

	/** What a message holds, read as a mail client does. */
	record Read(String subject, String from, String text, String html, List<String> filenames, List<byte[]> pdfs) {
	}

	@Test
	void afterPaymentTheBuyersInboxHoldsOneMessageWithEveryTicketAttached() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Map<String, String> sale = sale(organizer);
		Account buyer = accounts().named("Ada Lovelace");
		String orderId = paidOrder(buyer, sale, 2);
		JsonNode tickets = new OrdersApi(http()).awaitTickets(buyer.token(), orderId, 2);
		List<String> codes = List.of(tickets.path(0).path("code").asString(), tickets.path(1).path("code").asString());

		Read message = read(awaitInbox(buyer, 1).getFirst());
		assertThat(message.subject()).isEqualTo("Your tickets for " + sale.get("name"));
		assertThat(message.from()).contains("tickets@ticketbooking.local");
		assertThat(message.text()).contains("Hello Ada Lovelace", sale.get("name"), "Istora Senayan, Jakarta",
				codes.get(0), codes.get(1), "/orders/" + orderId);
		assertThat(message.html()).contains("Ada Lovelace", codes.get(0), codes.get(1),
				"href=\"http://localhost:8000/orders/" + orderId + "\"");
		assertThat(message.filenames()).containsExactlyInAnyOrder("ticket-" + codes.get(0) + ".pdf",
				"ticket-" + codes.get(1) + ".pdf");
		for (int i = 0; i < 2; i++) {
			String code = message.filenames().get(i).replace("ticket-", "").replace(".pdf", "");
			try (PDDocument pdf = Loader.loadPDF(message.pdfs().get(i))) {
				String text = new PDFTextStripper().getText(pdf);
				assertThat(text).contains(code, sale.get("name"));
				codes.stream()
					.filter((other) -> !other.equals(code))
					.forEach((other) -> assertThat(text).doesNotContain(other));
			}
		}

		// issuance says so again (a redelivery): still one message
		this.rabbit.convertAndSend(Queues.EVENTS_EXCHANGE, "tickets.issued", Map.of("orderId", orderId, "userId",
				buyer.id().toString(), "eventId", sale.get("eventId"), "tickets", 2));
		Thread.sleep(3000);
		assertThat(inbox(buyer)).hasSize(1);
	}

	@Test
	void aCancelledEventMailsEveryBuyerOnce() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Map<String, String> sale = sale(organizer);
		Account twice = accounts().named("Two Orders");
		Account once = accounts().named("One Order");
		Account holding = accounts().named("Only Holding");
		paidOrder(twice, sale, 1);
		paidOrder(twice, sale, 1);
		paidOrder(once, sale, 1);
		new OrdersApi(http()).reserved(holding.token(), sale.get("eventId"), sale.get("ticketTypeId"), 1);
		// the tickets' emails first, so that the count below is of cancellations only
		awaitInbox(twice, 2);
		awaitInbox(once, 1);

		http().post("/api/v1/events/" + sale.get("eventId") + "/cancel", "")
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		String subject = sale.get("name") + " is cancelled";
		await().atMost(WAIT).until(() -> withSubject(twice, subject) == 1 && withSubject(once, subject) == 1);
		Read cancelled = read(
				inbox(twice).stream().filter((m) -> subject(m).equals(subject)).findFirst().orElseThrow());
		assertThat(cancelled.text()).contains("Two Orders", sale.get("name"), "refunded");
		assertThat(cancelled.html()).contains(sale.get("name"));
		Thread.sleep(3000);
		assertThat(withSubject(twice, subject)).as("one email for two orders").isEqualTo(1);
		assertThat(withSubject(once, subject)).isEqualTo(1);
		assertThat(inbox(holding)).as("a hold is no purchase").isEmpty();
	}

	@Test
	void whileTheRelayIsDownTicketsAreIssuedAndTheEmailFollowsWhenItIsBack() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Map<String, String> sale = sale(organizer);
		Account buyer = accounts().named("Patient Buyer");
		String orderId;
		this.mail.stop();
		try {
			orderId = paidOrder(buyer, sale, 2);
			// issuance does not wait for the relay: both PDFs are stored while it is down
			new OrdersApi(http()).awaitTickets(buyer.token(), orderId, 2);
			Thread.sleep(3000);
		}
		finally {
			this.mail.start();
		}
		assertThat(this.jdbc
			.sql("select count(*) from mail_sent where kind = 'order-tickets' and key = :order "
					+ "and sent_at is not null")
			.param("order", orderId)
			.query(Integer.class)
			.single()).as("nothing recorded as sent while the relay was down").isZero();
		Read message = read(awaitInbox(buyer, 1).getFirst());
		assertThat(message.filenames()).hasSize(2);
		Thread.sleep(2000);
		assertThat(inbox(buyer)).hasSize(1);
	}

	@Test
	void anEmailClaimedByASenderThatDiedGoesOutOnceItsClaimRunsOut() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Map<String, String> sale = sale(organizer);
		Account buyer = accounts().named("Second Sender");
		OrdersApi orders = new OrdersApi(http());
		String orderId = orders.reserved(buyer.token(), sale.get("eventId"), sale.get("ticketTypeId"), 1);
		// another instance claimed this email for 6 s, and died before sending it
		this.jdbc.sql("""
				insert into mail_sent (kind, key, recipient, claimed_until)
				values ('order-tickets', :order, :to, now() + interval '6 seconds')
				""").param("order", orderId).param("to", buyer.email()).update();
		orders.payOnCheckoutPage(buyer.token(), orderId);
		orders.awaitTickets(buyer.token(), orderId, 1);
		// time for an email that ignored the claim to arrive
		Thread.sleep(1500);
		assertThat(inbox(buyer)).as("nobody sends while the claim holds").isEmpty();

		assertThat(read(awaitInbox(buyer, 1).getFirst()).filenames()).hasSize(1);
		Thread.sleep(2000);
		assertThat(inbox(buyer)).hasSize(1);
		assertThat(this.jdbc
			.sql("select sent_at is not null and claimed_until is null from mail_sent "
					+ "where kind = 'order-tickets' and key = :order")
			.param("order", orderId)
			.query(Boolean.class)
			.single()).isTrue();
	}

	@Test
	void aHoldThatRunsOutIsMailedOnce() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Map<String, String> sale = sale(organizer);
		Account buyer = accounts().named("Slow Payer");
		String orderId = new OrdersApi(http()).reserved(buyer.token(), sale.get("eventId"), sale.get("ticketTypeId"),
				3);
		// its time is up; the sweeper (every second) expires it
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = :id::uuid")
			.param("id", orderId)
			.update();

		Read message = read(awaitInbox(buyer, 1).getFirst());
		assertThat(message.subject()).isEqualTo("Your hold on tickets for " + sale.get("name") + " has ended");
		assertThat(message.text()).contains("Slow Payer", "3 tickets", "Nothing was charged",
				"/events/" + sale.get("eventId"));
		assertThat(message.filenames()).isEmpty();
		assertThat(this.jdbc.sql("select status from orders where id = :id::uuid")
			.param("id", orderId)
			.query(String.class)
			.single()).isEqualTo("EXPIRED");
		Thread.sleep(2000);
		assertThat(inbox(buyer)).hasSize(1);
	}

	private Map<String, String> sale(Account organizer) {
		String name = "Mailed " + UUID.randomUUID().toString().substring(0, 8);
		JsonNode event = new EventsApi(http()).create(organizer.token(), EventRequests.valid(name))
			.assertStatus(201)
			.json();
		return Map.of("eventId", event.path("id").asString(), "ticketTypeId",
				event.path("ticketTypes").path(1).path("id").asString(), "name", name);
	}

	private String paidOrder(Account buyer, Map<String, String> sale, int quantity) {
		OrdersApi orders = new OrdersApi(http());
		String orderId = orders.reserved(buyer.token(), sale.get("eventId"), sale.get("ticketTypeId"), quantity);
		orders.payOnCheckoutPage(buyer.token(), orderId);
		await().atMost(WAIT)
			.until(() -> "CONFIRMED".equals(this.jdbc.sql("select status from orders where id = :id::uuid")
				.param("id", orderId)
				.query(String.class)
				.single()));
		return orderId;
	}

	private List<MimeMessage> inbox(Account buyer) {
		List<MimeMessage> messages = new ArrayList<>();
		for (MimeMessage message : this.mail.getReceivedMessages()) {
			try {
				Address[] to = message.getAllRecipients();
				if (to != null && Arrays.stream(to).anyMatch((a) -> a.toString().contains(buyer.email()))) {
					messages.add(message);
				}
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return messages;
	}

	private List<MimeMessage> awaitInbox(Account buyer, int count) {
		await().atMost(WAIT).until(() -> inbox(buyer).size() >= count);
		return inbox(buyer);
	}

	private long withSubject(Account buyer, String subject) {
		return inbox(buyer).stream().filter((m) -> subject(m).equals(subject)).count();
	}

	private static String subject(MimeMessage message) {
		try {
			return message.getSubject();
		}
		catch (MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static Read read(MimeMessage message) throws MessagingException, IOException {
		List<String> texts = new ArrayList<>();
		List<String> htmls = new ArrayList<>();
		List<String> filenames = new ArrayList<>();
		List<byte[]> pdfs = new ArrayList<>();
		collect(message, texts, htmls, filenames, pdfs);
		assertThat(texts).as("one text part").hasSize(1);
		assertThat(htmls).as("one HTML part").hasSize(1);
		return new Read(message.getSubject(), Arrays.toString(message.getFrom()), texts.getFirst(), htmls.getFirst(),
				filenames, pdfs);
	}

	private static void collect(Part part, List<String> texts, List<String> htmls, List<String> filenames,
			List<byte[]> pdfs) throws MessagingException, IOException {
		if (part.isMimeType("multipart/*")) {
			Multipart multipart = (Multipart) part.getContent();
			for (int i = 0; i < multipart.getCount(); i++) {
				BodyPart child = multipart.getBodyPart(i);
				collect(child, texts, htmls, filenames, pdfs);
			}
		}
		else if (Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
			assertThat(part.isMimeType("application/pdf")).as(part.getFileName()).isTrue();
			filenames.add(part.getFileName());
			try (InputStream content = part.getInputStream()) {
				pdfs.add(content.readAllBytes());
			}
		}
		else if (part.isMimeType("text/plain")) {
			texts.add((String) part.getContent());
		}
		else if (part.isMimeType("text/html")) {
			htmls.add((String) part.getContent());
		}
	}

}
