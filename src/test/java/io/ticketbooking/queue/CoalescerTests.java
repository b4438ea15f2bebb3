package io.ticketbooking.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CoalescerTests {

	@Test
	void everyCallerGetsItsOwnAnswerAndCallsThatWaitGoTogether() throws Exception {
		ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
		AtomicInteger running = new AtomicInteger();
		AtomicInteger overlapped = new AtomicInteger();
		Coalescer<Integer, Integer> squares = new Coalescer<>((batch) -> {
			if (running.incrementAndGet() > 1) {
				overlapped.incrementAndGet();
			}
			batchSizes.add(batch.size());
			try {
				Thread.sleep(1); // a round trip
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			running.decrementAndGet();
			return batch.stream().map((n) -> n * n).toList();
		}, 16);
		int callers = 64;
		int each = 200;
		try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<List<Integer>>> wrong = new ArrayList<>();
			for (int c = 0; c < callers; c++) {
				int caller = c;
				wrong.add(threads.submit(() -> {
					start.await();
					List<Integer> mismatches = new ArrayList<>();
					for (int i = 0; i < each; i++) {
						int n = caller * each + i;
						if (squares.submit(n) != n * n) {
							mismatches.add(n);
						}
					}
					return mismatches;
				}));
			}
			start.countDown();
			for (Future<List<Integer>> f : wrong) {
				assertThat(f.get()).isEmpty();
			}
		}
		assertThat(batchSizes.stream().mapToInt(Integer::intValue).sum()).isEqualTo(callers * each);
		assertThat(batchSizes).allSatisfy((size) -> assertThat(size).isBetween(1, 16));
		assertThat(batchSizes.size()).as("batches for %d calls", callers * each).isLessThan(callers * each / 4);
		assertThat(overlapped).as("batches never run at once").hasValue(0);
	}

	@Test
	void whatABatchThrowsEachOfItsCallersThrowsAndTheNextBatchRuns() throws Exception {
		Coalescer<String, String> echo = new Coalescer<>((batch) -> {
			if (batch.contains("boom")) {
				throw new IllegalStateException("Redis went away");
			}
			return batch;
		}, 8);
		assertThatThrownBy(() -> echo.submit("boom")).isInstanceOf(IllegalStateException.class)
			.hasMessage("Redis went away");
		assertThat(echo.submit("fine")).isEqualTo("fine");
	}

	@Test
	void aBatchAnsweringTheWrongNumberOfItemsFailsLoudly() {
		Coalescer<String, String> none = new Coalescer<>((batch) -> List.of(), 8);
		assertThatThrownBy(() -> none.submit("x")).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("0 answers to a batch of 1");
	}

}
