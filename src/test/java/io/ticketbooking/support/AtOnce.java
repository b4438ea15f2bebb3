package io.ticketbooking.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Many calls started at the same moment, each on its own virtual thread. */
public final class AtOnce {

	private AtOnce() {
	}

	public interface Call<T> {

		T send(int index) throws Exception;

	}

	/** Starts {@code count} calls together; answers their results in index order. */
	public static <T> List<T> run(int count, Call<T> call) throws Exception {
		CountDownLatch start = new CountDownLatch(1);
		try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				int index = i;
				futures.add(pool.submit(() -> {
					start.await();
					return call.send(index);
				}));
			}
			start.countDown();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				results.add(future.get());
			}
			return results;
		}
	}

}
