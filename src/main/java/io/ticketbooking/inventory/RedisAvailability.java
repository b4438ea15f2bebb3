package io.ticketbooking.inventory;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import io.ticketbooking.events.AvailabilityProvider;

import org.springframework.stereotype.Component;

/** Live availability straight from the Redis gate, in one pipelined round trip. */
@Component
class RedisAvailability implements AvailabilityProvider {

	private final StockGate gate;

	RedisAvailability(StockGate gate) {
		this.gate = gate;
	}

	@Override
	public Map<UUID, Integer> available(Collection<UUID> ticketTypeIds) {
		return this.gate.stock(ticketTypeIds);
	}

}
