package io.ticketbooking.orders;

/** Where a waiting-list entry is (docs/waiting-list.md). */
public enum WaitingListStatus {

	/** In line: not every unit wanted was offered yet. */
	WAITING,

	/** Every unit wanted was offered (in one offer or several). */
	OFFERED,

	/** The buyer left the list. */
	LEFT,

	/** Nothing more can be offered: the buyer's per-user limit of the type is used up. */
	LIMIT_REACHED

}
