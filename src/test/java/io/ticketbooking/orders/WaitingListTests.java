package io.ticketbooking.orders;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.ticketbooking.support.AtOnce;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The waiting list of a sold-out ticket type: units that come back are offered to the
 * first entries in order, as holds of their own that the public cannot take; an offer
 * that runs out or is declined passes to the next entry; nothing is offered twice.
 */
@IntegrationTest
class WaitingListTests extends PaymentsFixture {

	@Autowired
	HoldSweeper sweeper;

	static String list(OnSale sale) {
		return "/api/v1/events/" + sale.eventId() + "/ticket-types/" + sale.ticketTypeId() + "/waiting-list";
	}

	Http.Response join(Account buyer, OnSale sale, Object quantity) {
		return http().post(list(sale), Map.of("quantity", quantity)).bearer(buyer.token()).execute();
	}

	JsonNode entry(Account buyer, OnSale sale) {
		return http().get(list(sale) + "/me").bearer(buyer.token()).execute().assertStatus(200).json();
	}

	/** The latest offer made to the buyer's entry. */
	UUID offerOf(Account buyer, OnSale sale) {
		return UUID.fromString(entry(buyer, sale).path("offers").get(0).path("id").asString());
	}

	/** Sells every unit, one per buyer; answers the holds. */
	List<Reserved> sellOut(OnSale sale) {
		List<Reserved> holds = new ArrayList<>();
		for (int i = 0; i < sale.capacity(); i++) {
			holds.add(reserved(accounts().create(), sale, 1));
		}
		assertThat(redisStock(sale.ticketTypeId())).isZero();
		return holds;
	}

	void expire(UUID orderId) {
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = :id")
			.param("id", orderId)
			.update();
		this.sweeper.sweepOnce();
	}

	/** The offers (orders) made to waiting-list entries of the type, by entry. */
	Map<UUID, List<UUID>> offersByEntry(OnSale sale) {
		Map<UUID, List<UUID>> offers = new HashMap<>();
		this.jdbc
			.sql("select waiting_list_entry_id, id from orders where ticket_type_id = :tt "
					+ "and waiting_list_entry_id is not null")
			.param("tt", sale.ticketTypeId())
			.query((rs, n) -> Map.entry(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
			.list()
			.forEach((e) -> offers.computeIfAbsent(e.getKey(), (k) -> new ArrayList<>()).add(e.getValue()));
		return offers;
	}

	/** Entries still waiting, as the organizer's sales view shows them. */
	int waitingSeenByOrganizer(Account organizer, OnSale sale) {
		JsonNode type = http().get("/api/v1/organizer/events/" + sale.eventId())
			.bearer(organizer.token())
			.execute()
			.assertStatus(200)
			.json()
			.path("ticketTypes")
			.get(0);
		assertThat(type.path("waitingUnits").asInt()).isEqualTo(type.path("waiting").asInt());
		return type.path("waiting").asInt();
	}

	@Test
	void fiveReleasedUnitsGoToTheFirstFiveOfTwentyInOrderAndAnUnusedOfferPassesToTheSixth() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = events().onSale(organizer.id(), 5, 2);
		List<Reserved> holds = sellOut(sale);
		List<Account> waiting = new ArrayList<>();
		List<UUID> entries = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			Account buyer = accounts().create();
			JsonNode entry = join(buyer, sale, 1).assertStatus(201).json();
			assertThat(entry.path("place").asInt()).isEqualTo(i + 1);
			assertThat(entry.path("status").asString()).isEqualTo("WAITING");
			waiting.add(buyer);
			entries.add(UUID.fromString(entry.path("id").asString()));
		}

		assertThat(waitingSeenByOrganizer(organizer, sale)).isEqualTo(20);

		// the five holds run out
		holds.forEach(
				(hold) -> this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id = :id")
					.param("id", hold.orderId())
					.update());
		this.sweeper.sweepOnce();

		Instant now = Instant.now();
		for (int i = 0; i < 5; i++) {
			JsonNode entry = entry(waiting.get(i), sale);
			assertThat(entry.path("status").asString()).as("entry %d", i + 1).isEqualTo("OFFERED");
			assertThat(entry.path("offered").asInt()).isEqualTo(1);
			JsonNode offer = entry.path("offers").get(0);
			assertThat(entry.path("offers").size()).isEqualTo(1);
			assertThat(offer.path("status").asString()).isEqualTo("RESERVED");
			assertThat(offer.path("waitingListOffer").asBoolean()).isTrue();
			assertThat(offer.path("quantity").asInt()).isEqualTo(1);
			assertThat(Instant.parse(offer.path("expiresAt").asString()))
				.as("held for the offer's time (WAITING_LIST_OFFER_TTL, 30 minutes)")
				.isCloseTo(now.plus(Duration.ofMinutes(30)), within(Duration.ofMinutes(1)));
			// the offer is the buyer's order, shown with their orders
			JsonNode mine = http().get("/api/v1/orders").bearer(waiting.get(i).token()).execute().json();
			assertThat(mine.path("items").get(0).path("id").asString()).isEqualTo(offer.path("id").asString());
			assertThat(redisGate().units(sale.ticketTypeId(), waiting.get(i).id()))
				.as("the gate counts the offered unit for its buyer")
				.isEqualTo(1);
		}
		for (int i = 5; i < 20; i++) {
			JsonNode entry = entry(waiting.get(i), sale);
			assertThat(entry.path("status").asString()).isEqualTo("WAITING");
			assertThat(entry.path("place").asInt()).as("entry %d moved up", i + 1).isEqualTo(i - 4);
			assertThat(entry.path("offers").size()).isZero();
		}
		holds.forEach((hold) -> assertThat(redisGate().units(sale.ticketTypeId(), hold.buyer().id())).isZero());
		assertThat(waitingSeenByOrganizer(organizer, sale)).isEqualTo(15);

		// the public cannot take the offered units
		assertThat(redisStock(sale.ticketTypeId())).isZero();
		assertThat(reserve(accounts().create(), sale, 1).status()).isEqualTo(409);
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(5);

		// entry 2 pays its offer; entry 1's runs out and passes to entry 6
		JsonNode second = entry(waiting.get(1), sale).path("offers").get(0);
		Reserved paid = new Reserved(waiting.get(1), UUID.fromString(second.path("id").asString()),
				second.path("total").asLong());
		assertThat(deliverSigned(event(SUCCEEDED, paymentIntent(paid), paid)).status()).isEqualTo(200);
		assertThat(status(paid.orderId())).isEqualTo("CONFIRMED");
		UUID first = offerOf(waiting.get(0), sale);
		expire(first);
		assertThat(status(first)).isEqualTo("EXPIRED");
		JsonNode sixth = entry(waiting.get(5), sale);
		assertThat(sixth.path("status").asString()).isEqualTo("OFFERED");
		assertThat(sixth.path("offers").get(0).path("status").asString()).isEqualTo("RESERVED");
		assertThat(entry(waiting.get(6), sale).path("place").asInt()).isEqualTo(1);
		assertThat(entry(waiting.get(0), sale).path("status").asString()).as("an offer is made once")
			.isEqualTo("OFFERED");
		assertThat(redisStock(sale.ticketTypeId())).isZero();

		// entry 3 declines (cancels) its offer: it passes to entry 7 at once
		UUID third = offerOf(waiting.get(2), sale);
		new OrdersApi(http()).cancel(waiting.get(2).token(), third).execute().assertStatus(200);
		assertThat(entry(waiting.get(6), sale).path("status").asString()).isEqualTo("OFFERED");

		// nothing offered twice: each entry at most one offer, each unit in one order
		Map<UUID, List<UUID>> offers = offersByEntry(sale);
		assertThat(offers).hasSize(7);
		assertThat(offers.values()).allSatisfy((o) -> assertThat(o).hasSize(1));
		assertThat(offers.keySet()).containsExactlyInAnyOrderElementsOf(entries.subList(0, 7));
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(5);
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
		assertThat(redisStock(sale.ticketTypeId())).isZero();

		// once nobody waits, units come back to the public
		for (int i = 7; i < 20; i++) {
			http().delete(list(sale) + "/me").bearer(waiting.get(i).token()).execute().assertStatus(204);
		}
		UUID seventh = offerOf(waiting.get(6), sale);
		expire(seventh);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(1);
		assertThat(reserve(accounts().create(), sale, 1).status()).isEqualTo(201);
	}

	@Test
	void holdsEndingAtOnceOfferEveryUnitOnceToTheFirstEntriesInOrder() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 20, 1);
		List<Reserved> holds = sellOut(sale);
		List<Account> waiting = new ArrayList<>();
		List<UUID> entries = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			Account buyer = accounts().create();
			waiting.add(buyer);
			entries.add(UUID.fromString(join(buyer, sale, 1).assertStatus(201).json().path("id").asString()));
		}

		// every holder cancels at the same moment: twenty transactions free a unit each
		List<Integer> answers = AtOnce.run(holds.size(),
				(i) -> new OrdersApi(http()).cancel(holds.get(i).buyer().token(), holds.get(i).orderId())
					.execute()
					.status());
		assertThat(answers).containsOnly(200);

		Map<UUID, List<UUID>> offers = offersByEntry(sale);
		assertThat(offers.keySet()).as("the first twenty entries, none twice")
			.containsExactlyInAnyOrderElementsOf(entries.subList(0, 20));
		assertThat(offers.values()).allSatisfy((o) -> assertThat(o).hasSize(1));
		for (int i = 20; i < 30; i++) {
			assertThat(entry(waiting.get(i), sale).path("place").asInt()).isEqualTo(i - 19);
		}
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(20);
		assertThat(ordersWithWrongUnits(sale.ticketTypeId())).isEmpty();
		eventually(() -> {
			assertThat(redisStock(sale.ticketTypeId())).isZero();
			for (int i = 0; i < 20; i++) {
				assertThat(redisGate().units(sale.ticketTypeId(), waiting.get(i).id())).isEqualTo(1);
				assertThat(redisGate().units(sale.ticketTypeId(), holds.get(i).buyer().id())).isZero();
			}
		});
	}

	Http.Response raiseCapacity(Account organizer, OnSale sale, Object capacity) {
		return http()
			.patch("/api/v1/events/" + sale.eventId() + "/ticket-types/" + sale.ticketTypeId(),
					(capacity != null) ? Map.of("capacity", capacity) : Map.of())
			.bearer(organizer.token())
			.execute();
	}

	int units(OnSale sale) {
		return this.jdbc.sql("select count(*) from inventory_units where ticket_type_id = :tt")
			.param("tt", sale.ticketTypeId())
			.query(Integer.class)
			.single();
	}

	@Test
	void aRaisedCapacityIsOfferedToTheWaitingListFirstAndTheRestGoesOnSale() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = events().onSale(organizer.id(), 2, 2);
		sellOut(sale);
		List<Account> waiting = List.of(accounts().create(), accounts().create(), accounts().create());
		join(waiting.get(0), sale, 1).assertStatus(201);
		join(waiting.get(1), sale, 2).assertStatus(201);
		join(waiting.get(2), sale, 1).assertStatus(201);

		JsonNode event = raiseCapacity(organizer, sale, 7).assertStatus(200).json();
		assertThat(event.path("ticketTypes").get(0).path("capacity").asInt()).isEqualTo(7);
		assertThat(units(sale)).isEqualTo(7);
		for (Account account : waiting) {
			assertThat(entry(account, sale).path("status").asString()).isEqualTo("OFFERED");
		}
		assertThat(entry(waiting.get(1), sale).path("offers").get(0).path("quantity").asInt()).isEqualTo(2);
		assertThat(takenUnits(sale.ticketTypeId())).as("2 sold out before, 4 offered").isEqualTo(6);
		assertThat(redisStock(sale.ticketTypeId())).as("the fifth new unit is on sale").isEqualTo(1);
		assertThat(http().get("/api/v1/events/" + sale.eventId() + "/availability")
			.execute()
			.json()
			.path("ticketTypes")
			.get(0)
			.path("capacity")
			.asInt()).isEqualTo(7);
		assertThat(reserve(accounts().create(), sale, 1).status()).isEqualTo(201);
		assertThat(redisStock(sale.ticketTypeId())).isZero();

		// the same capacity again changes nothing; it never goes down
		raiseCapacity(organizer, sale, 7).assertStatus(200);
		assertThat(units(sale)).isEqualTo(7);
		assertThat(raiseCapacity(organizer, sale, 6).assertStatus(422)
			.json()
			.path("errors")
			.get(0)
			.path("field")
			.asString()).isEqualTo("capacity");
		raiseCapacity(organizer, sale, 1_000_001).assertStatus(422);
		raiseCapacity(organizer, sale, null).assertStatus(422);
		raiseCapacity(accounts().create("ORGANIZER"), sale, 8).assertStatus(403);
		assertThat(http()
			.patch("/api/v1/events/" + sale.eventId() + "/ticket-types/" + sale.ticketTypeId(), Map.of("capacity", 8))
			.execute()
			.status()).isEqualTo(401);
		assertThat(http()
			.patch("/api/v1/events/" + sale.eventId() + "/ticket-types/" + UUID.randomUUID(), Map.of("capacity", 8))
			.bearer(organizer.token())
			.execute()
			.status()).isEqualTo(404);
		assertThat(units(sale)).isEqualTo(7);
		assertThat(redisStock(sale.ticketTypeId())).isZero();
	}

	@Test
	void aRaisedCapacityWithNobodyWaitingGoesOnSaleAndACancelledEventsDoesNotChange() {
		Account organizer = accounts().create("ORGANIZER");
		OnSale sale = events().onSale(organizer.id(), 1, 1);
		sellOut(sale);
		raiseCapacity(organizer, sale, 3).assertStatus(200);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(2);
		assertThat(reserve(accounts().create(), sale, 1).status()).isEqualTo(201);

		http().post("/api/v1/events/" + sale.eventId() + "/cancel", "")
			.bearer(organizer.token())
			.execute()
			.assertStatus(200);
		assertThat(raiseCapacity(organizer, sale, 5).assertStatus(409).json().path("code").asString())
			.isEqualTo("EVENT_CANCELLED");
		assertThat(units(sale)).isEqualTo(3);
	}

	@Test
	void anEntryWantingMoreGetsUnitsAsTheyComeBackAndKeepsItsPlace() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 3, 3);
		List<Reserved> holds = sellOut(sale);
		Account family = accounts().create();
		Account single = accounts().create();
		join(family, sale, 2).assertStatus(201);
		join(single, sale, 1).assertStatus(201);

		expire(holds.get(0).orderId());
		JsonNode entry = entry(family, sale);
		assertThat(entry.path("offered").asInt()).isEqualTo(1);
		assertThat(entry.path("status").asString()).isEqualTo("WAITING");
		assertThat(entry.path("place").asInt()).as("still first").isEqualTo(1);
		assertThat(entry(single, sale).path("place").asInt()).isEqualTo(2);

		// two more come back at once: one completes the family's entry, one goes on
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id in (:ids)")
			.param("ids", List.of(holds.get(1).orderId(), holds.get(2).orderId()))
			.update();
		this.sweeper.sweepOnce();
		entry = entry(family, sale);
		assertThat(entry.path("status").asString()).isEqualTo("OFFERED");
		assertThat(entry.path("offered").asInt()).isEqualTo(2);
		assertThat(entry.path("offers").size()).isEqualTo(2);
		assertThat(entry(single, sale).path("status").asString()).isEqualTo("OFFERED");
		assertThat(redisGate().units(sale.ticketTypeId(), family.id())).isEqualTo(2);
		assertThat(redisStock(sale.ticketTypeId())).isZero();
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(3);
	}

	@Test
	void anEntryWhoseBuyerReachedTheLimitIsPassedOver() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 2, 1);
		Account buyer = accounts().create();
		Reserved own = reserved(buyer, sale, 1);
		Reserved other = reserved(accounts().create(), sale, 1);
		Account next = accounts().create();
		// on the list while holding the limit already (a hold of the same type)
		join(buyer, sale, 1).assertStatus(201);
		join(next, sale, 1).assertStatus(201);

		expire(other.orderId());
		assertThat(entry(buyer, sale).path("status").asString()).isEqualTo("LIMIT_REACHED");
		assertThat(entry(buyer, sale).path("offers").size()).isZero();
		assertThat(entry(next, sale).path("status").asString()).isEqualTo("OFFERED");
		assertThat(status(own.orderId())).isEqualTo("RESERVED");
		assertThat(takenUnits(sale.ticketTypeId())).isEqualTo(2);
	}

	@Test
	void anOfferNeverTakesItsBuyerPastTheLimitWhenSeveralUnitsComeBackAtOnce() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 3, 2);
		Account buyer = accounts().create();
		reserved(buyer, sale, 1);
		Reserved first = reserved(accounts().create(), sale, 1);
		Reserved second = reserved(accounts().create(), sale, 1);
		join(buyer, sale, 2).assertStatus(201);

		// two units come back in one transaction: the buyer has room for one only
		this.jdbc.sql("update orders set expires_at = now() - interval '1 second' where id in (:ids)")
			.param("ids", List.of(first.orderId(), second.orderId()))
			.update();
		this.sweeper.sweepOnce();
		JsonNode entry = entry(buyer, sale);
		assertThat(entry.path("offered").asInt()).isEqualTo(1);
		assertThat(entry.path("status").asString()).isEqualTo("LIMIT_REACHED");
		assertThat(redisStock(sale.ticketTypeId())).as("the other unit is on sale").isEqualTo(1);
		assertThat(this.jdbc.sql("select count(*) from inventory_units where ticket_type_id = :tt and holder_id = :u")
			.param("tt", sale.ticketTypeId())
			.param("u", buyer.id())
			.query(Integer.class)
			.single()).as("the per-customer limit").isEqualTo(2);
		assertThat(redisGate().units(sale.ticketTypeId(), buyer.id())).isEqualTo(2);
	}

	@Test
	void joiningIsForSoldOutTypesOncePerAccountWithValidInput() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 2, 2);
		Account buyer = accounts().create();
		assertThat(join(buyer, sale, 1).assertStatus(409).json().path("code").asString())
			.isEqualTo("TICKETS_AVAILABLE");
		sellOut(sale);

		assertThat(join(buyer, sale, 0).status()).isEqualTo(422);
		assertThat(join(buyer, sale, 3).json().path("errors").get(0).path("field").asString()).isEqualTo("quantity");
		assertThat(http().post(list(sale), Map.of()).bearer(buyer.token()).execute().status()).isEqualTo(422);
		assertThat(http().send("POST", list(sale), "application/json", "{".getBytes(StandardCharsets.UTF_8))
			.bearer(buyer.token())
			.execute()
			.status()).isEqualTo(400);
		assertThat(http().post(list(sale), Map.of("quantity", 1)).execute().status()).isEqualTo(401);
		OnSale another = events().onSale(accounts().create("ORGANIZER").id(), 1, 1);
		assertThat(http()
			.post("/api/v1/events/" + another.eventId() + "/ticket-types/" + sale.ticketTypeId() + "/waiting-list",
					Map.of("quantity", 1))
			.bearer(buyer.token())
			.execute()
			.status()).as("a type of another event").isEqualTo(404);
		assertThat(http().get(list(sale) + "/me").bearer(buyer.token()).execute().status()).isEqualTo(404);

		Account ahead = accounts().create();
		join(ahead, sale, 1).assertStatus(201);
		JsonNode joined = join(buyer, sale, 2).assertStatus(201).json();
		assertThat(joined.path("place").asInt()).isEqualTo(2);
		JsonNode again = join(buyer, sale, 1).assertStatus(200).json();
		assertThat(again.path("id").asString()).isEqualTo(joined.path("id").asString());
		assertThat(again.path("place").asInt()).as("never a better place").isEqualTo(2);
		assertThat(again.path("quantity").asInt()).isEqualTo(2);

		// leaving, and joining again at the back
		http().delete(list(sale) + "/me").bearer(ahead.token()).execute().assertStatus(204);
		assertThat(entry(ahead, sale).path("status").asString()).isEqualTo("LEFT");
		assertThat(entry(buyer, sale).path("place").asInt()).isEqualTo(1);
		assertThat(http().delete(list(sale) + "/me").bearer(ahead.token()).execute().status()).isEqualTo(404);
		assertThat(join(ahead, sale, 1).assertStatus(201).json().path("place").asInt()).isEqualTo(2);

		// each account sees its own entries only
		JsonNode mine = http().get("/api/v1/waiting-list").bearer(buyer.token()).execute().assertStatus(200).json();
		assertThat(mine.size()).isEqualTo(1);
		assertThat(mine.get(0).path("ticketTypeId").asString()).isEqualTo(sale.ticketTypeId().toString());
		Set<String> seen = new HashSet<>();
		http().get("/api/v1/waiting-list")
			.bearer(ahead.token())
			.execute()
			.json()
			.forEach((e) -> seen.add(e.path("id").asString()));
		assertThat(seen).doesNotContain(joined.path("id").asString());
	}

	@Test
	void noOffersOnceTheSaleHasEnded() throws InterruptedException {
		Instant end = Instant.now().plusSeconds(3);
		OnSale sale = events().create(accounts().create("ORGANIZER").id(), 1, 1, Instant.now().minusSeconds(60), end);
		Reserved hold = sellOut(sale).get(0);
		Account waiting = accounts().create();
		join(waiting, sale, 1).assertStatus(201);
		Thread.sleep(Math.max(0, Duration.between(Instant.now(), end).toMillis() + 100));
		expire(hold.orderId());
		assertThat(entry(waiting, sale).path("offers").size()).isZero();
		assertThat(takenUnits(sale.ticketTypeId())).isZero();
		assertThat(join(accounts().create(), sale, 1).json().path("code").asString()).isEqualTo("SALE_CLOSED");
	}

}
