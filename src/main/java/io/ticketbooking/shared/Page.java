package io.ticketbooking.shared;

import java.util.List;

/**
 * One page of a listing: its items, the page number (from 0), the page size asked for and
 * how many items the whole listing has.
 */
public record Page<T>(List<T> items, int page, int size, long totalItems) {

}
