package io.ticketbooking.orders;

import java.util.UUID;

import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** The organizer console's figures: sold, held and available per ticket type. */
@IntegrationTest
class OrganizerSalesTests extends OrdersFixture {

	@Test
	void organizerSeesSoldHeldAndAvailablePerTicketType() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = events().onSale(organizer.id(), 10, 4);
		UUID paid = UUID.fromString(reserve(accounts().create(), sale, 3).json().path("id").asString());
		assertThat(reserve(accounts().create(), sale, 2).status()).isEqualTo(201);
		this.jdbc.sql("update orders set status = 'CONFIRMED' where id = :id").param("id", paid).update();

		Http.Response one = http().get("/api/v1/organizer/events/" + sale.eventId())
			.bearer(organizer.token())
			.execute();
		assertThat(one.status()).as(one.toString()).isEqualTo(200);
		JsonNode type = one.json().path("ticketTypes").path(0);
		assertThat(type.path("id").asString()).isEqualTo(sale.ticketTypeId().toString());
		assertThat(type.path("capacity").asInt()).isEqualTo(10);
		assertThat(type.path("sold").asInt()).isEqualTo(3);
		assertThat(type.path("held").asInt()).isEqualTo(2);
		assertThat(type.path("available").asInt()).isEqualTo(5);
		assertThat(one.json().path("status").asString()).isEqualTo("PUBLISHED");

		JsonNode mine = http().get("/api/v1/organizer/events").bearer(organizer.token()).execute().json();
		assertThat(mine.path("totalItems").asInt()).isEqualTo(1);
		assertThat(mine.path("items").path(0).path("id").asString()).isEqualTo(sale.eventId().toString());
		assertThat(mine.path("items").path(0).path("ticketTypes").path(0).path("sold").asInt()).isEqualTo(3);
	}

	@Test
	void anotherOrganizersEventDoesNotExistForYouAndCustomersMayNotLook() {
		Account owner = accounts().create("ORGANIZER");
		OnSale sale = events().onSale(owner.id(), 5, 1);

		Http.Response stranger = http().get("/api/v1/organizer/events/" + sale.eventId())
			.bearer(accounts().create("ORGANIZER").token())
			.execute();
		assertThat(stranger.status()).isEqualTo(404);
		assertThat(stranger.json().path("code").asString()).isEqualTo("NOT_FOUND");

		Http.Response customer = http().get("/api/v1/organizer/events").bearer(accounts().create().token()).execute();
		assertThat(customer.status()).isEqualTo(403);
		assertThat(http().get("/api/v1/organizer/events").execute().status()).isEqualTo(401);

		Http.Response admin = http().get("/api/v1/organizer/events/" + sale.eventId())
			.bearer(accounts().create("ADMIN").token())
			.execute();
		assertThat(admin.status()).isEqualTo(200);
	}

}
