package io.ticketbooking.mail;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every email's two parts render, and the HTML part escapes what people typed. */
class LettersTests {

	private final Letters letters = new Letters();

	@Test
	void everyLetterRendersBothPartsWithTheEventsDetails() {
		for (String name : List.of("tickets", "event-cancelled", "late-payment", "hold-expired", "refunded")) {
			Letters.Bodies bodies = this.letters.render(name, variables());
			assertThat(bodies.text()).as(name).contains("Hello Ada <b>Lovelace</b>", "Konser & Co", "Saturday 1 May");
			assertThat(bodies.html()).as(name)
				.startsWith("<!doctype html>")
				.contains("Ada &lt;b&gt;Lovelace&lt;/b&gt;", "Konser &amp; Co")
				.doesNotContain("<b>Lovelace</b>");
		}
	}

	@Test
	void theTicketsLetterListsEveryTicketAndLinksTheOrder() {
		Letters.Bodies bodies = this.letters.render("tickets", variables());
		assertThat(bodies.text()).contains("ABCD2345EFGH  VIP, Ada", "WXYZ6789KMNP  Festival, Bob",
				"https://tickets.example/orders/42");
		assertThat(bodies.html()).contains(">ABCD2345EFGH<", ">WXYZ6789KMNP<",
				"href=\"https://tickets.example/orders/42\"");
	}

	@Test
	void aHoldOfOneTicketSaysTicket() {
		Map<String, Object> one = variables();
		one.put("quantity", 1);
		assertThat(this.letters.render("hold-expired", one).text()).contains("hold on 1 ticket for");
		assertThat(this.letters.render("hold-expired", one).html()).contains("1 ticket</span> for");
		assertThat(this.letters.render("hold-expired", variables()).text()).contains("hold on 3 tickets for");
	}

	private static Map<String, Object> variables() {
		Map<String, Object> variables = new HashMap<>();
		variables.put("name", "Ada <b>Lovelace</b>");
		variables.put("eventName", "Konser & Co");
		variables.put("venue", "Istora Senayan");
		variables.put("when", "Saturday 1 May 2027, 19:00 (WIB)");
		variables.put("tickets", List.of(Map.of("code", "ABCD2345EFGH", "type", "VIP", "holder", "Ada"),
				Map.of("code", "WXYZ6789KMNP", "type", "Festival", "holder", "Bob")));
		variables.put("orderUrl", "https://tickets.example/orders/42");
		variables.put("ordersUrl", "https://tickets.example/orders");
		variables.put("eventUrl", "https://tickets.example/events/7");
		variables.put("amount", "IDR 15000.00");
		variables.put("quantity", 3);
		return variables;
	}

}
