package io.ticketbooking.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * Group commit: calls arriving while one is running wait, and then go together as one.
 * The caller that finds nobody running runs the batch on its own thread (no thread of its
 * own here), answers every caller in it, and wakes the next one waiting, which leads the
 * next batch. A lone caller runs alone at once; under load one round trip serves many
 * callers.
 *
 * @param <I> what one caller asks
 * @param <O> what it is answered
 */
final class Coalescer<I, O> {

	private final Function<List<I>, List<O>> run;

	private final int most;

	private final ConcurrentLinkedQueue<Waiter<I, O>> waiting = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean leading = new AtomicBoolean();

	/**
	 * @param run answers a batch: one answer per item, in order
	 * @param most items in one batch at most
	 */
	Coalescer(Function<List<I>, List<O>> run, int most) {
		this.run = run;
		this.most = most;
	}

	/**
	 * Answers {@code item} in the next batch; what the batch threw, each caller in it
	 * throws.
	 */
	O submit(I item) {
		Waiter<I, O> me = new Waiter<>(item, Thread.currentThread());
		this.waiting.add(me);
		boolean interrupted = false;
		try {
			while (!me.done) {
				if (this.leading.compareAndSet(false, true)) {
					try {
						runOnce();
					}
					finally {
						this.leading.set(false);
					}
					// whoever queued while this batch ran leads the next one
					Waiter<I, O> next = this.waiting.peek();
					if (next != null) {
						LockSupport.unpark(next.thread);
					}
				}
				else {
					LockSupport.park(this);
					interrupted |= Thread.interrupted();
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		if (me.failure != null) {
			throw me.failure;
		}
		return me.answer;
	}

	private void runOnce() {
		List<Waiter<I, O>> batch = new ArrayList<>();
		Waiter<I, O> next;
		while (batch.size() < this.most && (next = this.waiting.poll()) != null) {
			batch.add(next);
		}
		if (batch.isEmpty()) {
			return;
		}
		List<O> answers;
		try {
			answers = this.run.apply(batch.stream().map((waiter) -> waiter.item).toList());
			if (answers.size() != batch.size()) {
				throw new IllegalStateException(answers.size() + " answers to a batch of " + batch.size());
			}
		}
		catch (RuntimeException ex) {
			batch.forEach((waiter) -> waiter.finish(null, ex));
			return;
		}
		for (int i = 0; i < batch.size(); i++) {
			batch.get(i).finish(answers.get(i), null);
		}
	}

	private static final class Waiter<I, O> {

		final I item;

		final Thread thread;

		O answer;

		RuntimeException failure;

		/** Written after answer and failure, read before them. */
		volatile boolean done;

		Waiter(I item, Thread thread) {
			this.item = item;
			this.thread = thread;
		}

		void finish(O answer, RuntimeException failure) {
			this.answer = answer;
			this.failure = failure;
			this.done = true;
			if (this.thread != Thread.currentThread()) {
				LockSupport.unpark(this.thread);
			}
		}

	}

}
