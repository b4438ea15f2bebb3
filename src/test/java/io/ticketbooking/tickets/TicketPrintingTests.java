package io.ticketbooking.tickets;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.MeterRegistry;
import io.ticketbooking.support.EventsApi;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.Images;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.amqp.rabbit.listener.MessageListenerContainer;
import org.springframework.amqp.rabbit.listener.RabbitListenerEndpointRegistry;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The fast path of printing: each event's page laid out once as a template, each ticket
 * stamped on it with its own code, QR code and barcode; and the tickets of a paid order
 * valid before their PDFs are.
 */
@IntegrationTest
class TicketPrintingTests extends TicketsFixture {

	@Autowired
	RabbitListenerEndpointRegistry listeners;

	@Autowired
	MeterRegistry meters;

	@Test
	void ticketsOfOneEventShareItsTemplateButNeverACodeOrQrCode() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = event(organizer, true);
		Account first = accounts().create();
		Account second = accounts().create();
		double laidOut = laidOut();
		JsonNode pair = awaitTickets(first, paidOrder(first, sale, 2), 2);
		JsonNode single = awaitTickets(second, paidOrder(second, sale, 1), 1);

		List<Printed> printed = new ArrayList<>();
		List<JsonNode> tickets = new ArrayList<>();
		for (JsonNode ticket : pair) {
			printed.add(printed(first, ticket));
			tickets.add(ticket);
		}
		printed.add(printed(second, single.path(0)));
		tickets.add(single.path(0));

		// one template for the event, laid out once for three tickets of two orders
		assertThat(laidOut() - laidOut).isEqualTo(1);
		assertThat(printed).extracting(Printed::template)
			.allSatisfy((t) -> assertThat(t).isEqualTo(printed.get(0).template()));
		assertThat(printed).extracting(Printed::image)
			.allSatisfy((i) -> assertThat(i).isNotEmpty().isEqualTo(printed.get(0).image()));

		Set<String> codes = tickets.stream().map((t) -> t.path("code").asString()).collect(Collectors.toSet());
		assertThat(codes).hasSize(3);
		assertThat(printed.stream().map(Printed::qr).distinct()).hasSize(3);
		for (int i = 0; i < 3; i++) {
			String code = tickets.get(i).path("code").asString();
			Printed ticket = printed.get(i);
			assertThat(ticket.text()).contains(sale.eventName()).contains(code);
			for (String other : codes) {
				if (!other.equals(code)) {
					assertThat(ticket.text()).doesNotContain(other);
				}
			}
			assertThat(ticket.barcode()).isEqualTo(code);
			// each QR code admits its own ticket, and only that one
			Http.Response admitted = http().post("/api/v1/checkin", Map.of("payload", ticket.qr()))
				.bearer(organizer.token())
				.execute();
			assertThat(admitted.status()).as(admitted.toString()).isEqualTo(200);
			assertThat(admitted.json().path("ticketId").asString()).isEqualTo(tickets.get(i).path("id").asString());
		}
	}

	@Test
	void aTemplateIsLaidOutAgainWhenTheEventsDetailsOrImageChange() throws Exception {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = event(organizer, true);
		Account buyer = accounts().create();
		Printed before = printed(buyer, awaitTickets(buyer, paidOrder(buyer, sale, 1), 1).path(0));

		double laidOut = laidOut();
		http()
			.patch("/api/v1/events/" + sale.eventId(),
					Map.of("name", "Renamed " + sale.eventName(), "venue", "Stadion Utama"))
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		Account later = accounts().create();
		Printed renamed = printed(later, awaitTickets(later, paidOrder(later, sale, 1), 1).path(0));
		assertThat(laidOut() - laidOut).isEqualTo(1);
		assertThat(renamed.text()).contains("Renamed " + sale.eventName()).contains("Stadion Utama");
		assertThat(renamed.template()).isNotEqualTo(before.template());
		assertThat(renamed.image()).isEqualTo(before.image());

		new EventsApi(http()).uploadImage(organizer.token(), sale.eventId(), Images.png(200, 50));
		Account last = accounts().create();
		Printed reimaged = printed(last, awaitTickets(last, paidOrder(last, sale, 1), 1).path(0));
		assertThat(laidOut() - laidOut).isEqualTo(2);
		assertThat(reimaged.text()).contains("Renamed " + sale.eventName());
		assertThat(reimaged.image()).isNotEmpty().isNotEqualTo(renamed.image());
	}

	@Test
	void aPaidOrdersTicketsAreValidAtOnceAndSayWhileTheirPdfsAreStillBeingPrinted() {
		Account organizer = accounts().create("ORGANIZER");
		Sale sale = event(organizer, false);
		Account buyer = accounts().create();
		MessageListenerContainer printer = this.listeners.getListenerContainer("tickets-issue");
		printer.stop();
		String orderId;
		try {
			orderId = paidOrder(buyer, sale, 2);
			JsonNode[] tickets = new JsonNode[1];
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				tickets[0] = http().get("/api/v1/orders/" + orderId + "/tickets")
					.bearer(buyer.token())
					.execute()
					.json();
				return tickets[0].size() == 2;
			});
			assertThat(tickets[0]).allSatisfy((ticket) -> {
				assertThat(ticket.path("issuing").asBoolean()).isTrue();
				assertThat(ticket.path("pdfUrl").isNull()).isTrue();
				assertThat(ticket.path("status").asString()).isEqualTo("ISSUED");
				assertThat(ticket.path("code").asString()).isNotBlank();
			});
			assertThat(http().get("/api/v1/tickets/" + tickets[0].path(0).path("id").asString() + "/pdf")
				.bearer(buyer.token())
				.execute()
				.status()).isEqualTo(404);
		}
		finally {
			printer.start();
		}
		JsonNode printed = awaitTickets(buyer, orderId, 2);
		assertThat(printed).allSatisfy((ticket) -> {
			assertThat(ticket.path("issuing").asBoolean()).isFalse();
			assertThat(ticket.path("pdfUrl").asString()).startsWith("/api/v1/tickets/");
		});
	}

	private double laidOut() {
		return this.meters.get("tickets.templates.laid.out").counter().count();
	}

}
