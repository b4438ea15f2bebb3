package io.ticketbooking.inventory;

/** What a claim of admitted units in Postgres came to. */
public enum ClaimResult {

	/** The units are the order's once the caller's transaction commits. */
	CLAIMED,
	/**
	 * Postgres has fewer free units than the gate admitted; the gate is rebuilt. Roll
	 * back, abort the admission.
	 */
	SHORT,
	/**
	 * The admission's presale code has no use slot left in Postgres (the gate counted
	 * fewer uses than there are); the code's count is resynced. Roll back, abort the
	 * admission.
	 */
	CODE_USED_UP,
	/**
	 * The gate was rebuilt after this admission; it may not commit. Roll back, abort the
	 * admission, try again through the gate.
	 */
	GATE_REBUILT,
	/**
	 * The lease ran out and the reaper gave the units back; it may not commit. Roll back
	 * and try again through the gate.
	 */
	EXPIRED

}
