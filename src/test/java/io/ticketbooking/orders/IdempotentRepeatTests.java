package io.ticketbooking.orders;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.ticketbooking.inventory.Admission;
import io.ticketbooking.inventory.Attempt;
import io.ticketbooking.inventory.AttemptLimit;
import io.ticketbooking.inventory.GateDecision;
import io.ticketbooking.inventory.GateOutcome;
import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.IntegrationTest;
import io.ticketbooking.support.TestAccounts.Account;
import io.ticketbooking.support.TestEvents.OnSale;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeated Idempotency-Key whose first request is still running (here: admitted by
 * "another instance" and not yet ended) waits for it: woken by its end, or answered
 * {@code IDEMPOTENCY_KEY_IN_USE} once the bound (3 s) has passed.
 */
@IntegrationTest
class IdempotentRepeatTests extends OrdersFixture {

	@Autowired
	Inventory inventory;

	@Test
	void aRepeatTriesForItselfAsSoonAsTheFirstRequestGivesItsUnitsBack() throws Exception {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Account buyer = accounts().create();
		Admission first = admitElsewhere(buyer, sale, "pay-1");

		CompletableFuture<Http.Response> repeat = CompletableFuture.supplyAsync(() -> reserve(buyer, sale, 2, "pay-1"),
				Thread.ofVirtual()::start);
		Thread.sleep(1000);
		assertThat(repeat).as("waits while the first request runs").isNotDone();
		long aborted = System.nanoTime();
		this.inventory.abort(first);

		Http.Response answer = repeat.get(10, TimeUnit.SECONDS);
		assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
		assertThat((System.nanoTime() - aborted) / 1_000_000).as("ms from the abort to the answer").isLessThan(1000);
		assertThat(answer.json().path("id").asString()).isNotEqualTo(first.id().toString());
		assertThat(reservedQuantity(sale.ticketTypeId())).isEqualTo(2);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(8);
		Http.Response again = reserve(buyer, sale, 2, "pay-1");
		assertThat(again.json().path("id").asString()).isEqualTo(answer.json().path("id").asString());
	}

	@Test
	void aKeyStillPendingAfterTheBoundIsInUse() {
		OnSale sale = events().onSale(accounts().create("ORGANIZER").id(), 10, 4);
		Account buyer = accounts().create();
		Admission first = admitElsewhere(buyer, sale, "pay-2");

		long sent = System.nanoTime();
		Http.Response answer = reserve(buyer, sale, 2, "pay-2");
		long waited = (System.nanoTime() - sent) / 1_000_000;

		assertThat(answer.status()).as(answer.toString()).isEqualTo(409);
		assertThat(answer.json().path("code").asString()).isEqualTo("IDEMPOTENCY_KEY_IN_USE");
		assertThat(waited).as("ms waited").isBetween(3000L, 6000L);
		this.inventory.abort(first);
		assertThat(redisStock(sale.ticketTypeId())).isEqualTo(10);
	}

	/** A first request with the key, admitted by the gate and not yet ended. */
	private Admission admitElsewhere(Account buyer, OnSale sale, String key) {
		GateDecision decision = this.inventory.admit(
				new Attempt(sale.eventId(), sale.ticketTypeId(), buyer.id(), 2, key, Instant.now(), AttemptLimit.NONE),
				() -> {
				});
		assertThat(decision.outcome()).isEqualTo(GateOutcome.ADMITTED);
		return decision.admission();
	}

}
