package io.ticketbooking.orders;

import io.ticketbooking.orders.ReservationService.Outcome;
import io.ticketbooking.orders.ReservationService.Reservation;

/**
 * How {@code POST /api/v1/orders} decides a reservation. The service's own is
 * {@link ReservationService} (the Redis gate in front of the unit rows); the benchmark
 * plugs its Postgres-only baseline in here from its own source set
 * ({@code benchmark/baseline}, docs/benchmarks.md).
 */
interface Reservations {

	Outcome reserve(Reservation request);

}
