package io.ticketbooking.shared;

import java.io.IOException;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/**
 * Reads a table of any size a page at a time by id (keyset paging): each page is the rows
 * after the last id of the one before, a short query of its own on an index, so nothing
 * holds the whole or a connection between pages. Rows written meanwhile may or may not be
 * seen; no row is seen twice.
 */
public final class KeysetPages {

	private KeysetPages() {
	}

	/** Up to {@code size} rows whose id is above {@code after}, in id order. */
	@FunctionalInterface
	public interface Fetch<T> {

		List<T> after(UUID after, int size);

	}

	/** What is done with each page, e.g. written to a response. */
	@FunctionalInterface
	public interface Sink<T> {

		void accept(List<T> page) throws IOException;

	}

	/**
	 * Hands every page to {@code sink}, the first after the lowest id, until a short one.
	 */
	public static <T> void forEach(int size, Fetch<T> fetch, Function<T, UUID> id, Sink<T> sink) throws IOException {
		UUID after = new UUID(0, 0);
		List<T> page;
		do {
			page = fetch.after(after, size);
			sink.accept(page);
			if (!page.isEmpty()) {
				after = id.apply(page.getLast());
			}
		}
		while (page.size() == size);
	}

}
