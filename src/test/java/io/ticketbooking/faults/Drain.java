package io.ticketbooking.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.ticketbooking.faults.Sale.Buyer;
import io.ticketbooking.support.Http;
import io.ticketbooking.support.InventoryInvariants;
import io.ticketbooking.support.OrdersApi;
import io.ticketbooking.support.StripeWebhooks;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After the faults, the rest of the stock is bought one unit at a time until the gate
 * says sold out: then every unit must be taken in Postgres (every ticket sold, none
 * twice) and the gate must show zero.
 */
record Drain(int bought, long freeInPostgres, Integer redisStock, List<String> unexpected) {

	static Drain rest(Sale sale, ServiceInstance instance) {
		return rest(sale, instance, false);
	}

	/**
	 * The same, paying for each unit at once (a start and the provider's signed webhook):
	 * where holds are short, units the drain only held would come back after it ended,
	 * and a drain slower than the hold time never reaches sold out at all (seen on a
	 * Redis Cluster: 75 holds a second against 1,608 units and 12 s holds).
	 */
	static Drain restPaid(Sale sale, ServiceInstance instance) {
		return rest(sale, instance, true);
	}

	private static Drain rest(Sale sale, ServiceInstance instance, boolean pay) {
		Http http = new Http(instance.port);
		OrdersApi orders = new OrdersApi(http);
		StripeWebhooks webhooks = new StripeWebhooks(Deployment.WEBHOOK_SECRET);
		int bought = 0;
		List<String> unexpected = new ArrayList<>();
		// a safety net, not a speed target: paying for each unit (three requests; its
		// tickets printed and mailed on the same two cores) ran at 11 units a second on a
		// busy machine, where 1,325 units took longer than 90 s
		long deadline = System.nanoTime() + Duration.ofSeconds(pay ? 420 : 90).toNanos();
		boolean soldOut = false;
		while (!soldOut && System.nanoTime() < deadline) {
			for (Buyer buyer : sale.buyers()) {
				Http.Response response = orders.reserve(buyer.token(), sale.eventId(), sale.ticketTypeId(), 1)
					.execute();
				if (response.status() == 201) {
					bought++;
					if (pay) {
						pay(http, webhooks, buyer, UUID.fromString(response.json().path("id").asString()), unexpected);
					}
				}
				else if (response.status() == 409 && "SOLD_OUT".equals(response.json().path("code").asString())) {
					soldOut = true;
					break;
				}
				else if (response.status() != 409) {
					unexpected.add(response.toString());
				}
			}
		}
		long free = Database.count(InventoryInvariants.FREE_UNITS, sale.ticketTypeId());
		return new Drain(bought, free, Deployment.redisStock(sale.ticketTypeId()), unexpected);
	}

	private static void pay(Http http, StripeWebhooks webhooks, Buyer buyer, UUID orderId, List<String> unexpected) {
		Http.Response started = new OrdersApi(http).startPayment(buyer.token(), orderId).execute();
		if (started.status() != 201) {
			unexpected.add("payment start: " + started);
			return;
		}
		String intent = Database
			.query("select provider_ref from payments where id = ?", (rs) -> rs.getString(1),
					UUID.fromString(started.json().path("paymentId").asString()))
			.getFirst();
		byte[] body = StripeWebhooks.event(StripeWebhooks.newEventId(), "payment_intent.succeeded", intent,
				started.json().path("amount").asLong(), started.json().path("currency").asString().toLowerCase(),
				orderId);
		Http.Response delivered = webhooks.signedDelivery(http, body).execute();
		if (delivered.status() / 100 != 2) {
			unexpected.add("webhook for " + orderId + ": " + delivered);
		}
	}

	void assertAll() {
		assertThat(this.freeInPostgres).as("units left unsold once the gate said sold out").isZero();
		assertThat(this.redisStock).as("the gate after the sell-out").isZero();
		assertThat(this.unexpected).as("unexpected answers while buying the rest").isEmpty();
	}

}
