package io.ticketbooking.queue;

import java.time.Clock;
import java.util.UUID;

import io.ticketbooking.inventory.Inventory;
import io.ticketbooking.orders.OrderLookup;
import io.ticketbooking.queue.QueueDirectory.Queued;
import io.ticketbooking.queue.QueueViews.Queue;
import io.ticketbooking.shared.Caller;
import io.ticketbooking.shared.Forbidden;

import org.springframework.stereotype.Service;

/** What the organizer watches during a queued sale. */
@Service
class QueueConsole {

	private final QueueDirectory directory;

	private final WaitingRoom room;

	private final Inventory inventory;

	private final OrderLookup orders;

	private final Clock clock;

	QueueConsole(QueueDirectory directory, WaitingRoom room, Inventory inventory, OrderLookup orders, Clock clock) {
		this.directory = directory;
		this.room = room;
		this.inventory = inventory;
		this.orders = orders;
		this.clock = clock;
	}

	/**
	 * @param reserved units in holds not paid yet
	 * @param sold units paid for
	 * @param left units in the gates, not yet reserved ({@code -1} while a gate is
	 * rebuilt)
	 */
	record Stats(Queue queue, long capacity, long reserved, long sold, long left) {
	}

	Stats stats(Caller caller, UUID eventId) {
		Queued queued = this.directory.find(eventId).orElseThrow(QueueProblems.NoQueue::new);
		if (!caller.isOwnerOrAdmin(queued.organizerId())) {
			throw new Forbidden("Only the event's organizer may watch its waiting room.");
		}
		OrderLookup.EventSales sales = this.orders.sales(eventId);
		return new Stats(Queue.of(eventId, this.room.state(eventId), this.clock.instant()), queued.capacity(),
				sales.held(), sales.sold(), this.inventory.remaining(queued.ticketTypeIds()).stock());
	}

}
