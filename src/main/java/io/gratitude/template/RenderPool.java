package io.gratitude.template;

import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The render threads: a fixed number ({@link TemplateLimits#renderThreads()}) and a
 * bounded wait for them ({@link TemplateLimits#renderQueue()}). A render holds its place
 * until its thread has really stopped, not until its caller gave up on it, so renders
 * that overran their time limit count against the pool until they end; and no request can
 * add a thread. When every place is taken, a request is refused ({@link RendersBusy})
 * while a send waits for a place: a message is never lost to a busy pool.
 * <p>
 * Meters: {@code gratitude.templates.renders.active} (renders running),
 * {@code gratitude.templates.renders.queued} (waiting for a thread) and the counter
 * {@code gratitude.templates.renders.rejected} (requests refused as the pool was full).
 */
final class RenderPool implements MeterBinder, AutoCloseable {

	/** Who is asking, which decides what happens when the pool is full. */
	enum Admission {

		/** A person waiting on a request (a preview, a publication): refused, 503. */
		REFUSE_WHEN_FULL,

		/** A message being sent: waits for a place. */
		WAIT_FOR_ROOM

	}

	private static final AtomicInteger POOLS = new AtomicInteger();

	private final ThreadPoolExecutor threads;

	/** Places to run or wait: threads plus queue; fair, so waiting sends go in order. */
	private final Semaphore places;

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicLong rejected = new AtomicLong();

	private final long retryAfterSeconds;

	RenderPool(TemplateLimits limits) {
		int size = limits.renderThreads();
		// The semaphore bounds the queue; the executor's own queue never refuses.
		this.threads = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
				threadFactory());
		this.places = new Semaphore(size + limits.renderQueue(), true);
		// One render's time limit: by then a thread has most likely come free.
		this.retryAfterSeconds = Math.max(1, (limits.renderTimeout().toMillis() + 999) / 1000);
	}

	private static ThreadFactory threadFactory() {
		// template-render-<pool>-<thread>: each pool's threads told apart (tests run
		// several applications in one JVM).
		String prefix = "template-render-" + POOLS.incrementAndGet() + "-";
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Runs the job on a render thread, once one is free.
	 * @throws RendersBusy when the pool and its queue are full and {@code admission} is
	 * {@link Admission#REFUSE_WHEN_FULL}
	 * @throws InterruptedException when the calling thread is interrupted while waiting
	 * for a place
	 */
	<T> Future<T> submit(Callable<T> job, Admission admission) throws InterruptedException {
		if (admission == Admission.WAIT_FOR_ROOM) {
			this.places.acquire();
		}
		else if (!this.places.tryAcquire(0, TimeUnit.MILLISECONDS)) {
			// tryAcquire with a timeout honours fairness: it does not jump waiting sends
			this.rejected.incrementAndGet();
			throw new RendersBusy(this.retryAfterSeconds);
		}
		FutureTask<T> task = new FutureTask<>(job);
		this.waiting.incrementAndGet();
		try {
			this.threads.execute(() -> {
				this.waiting.decrementAndGet();
				this.running.incrementAndGet();
				try {
					// does nothing if the caller cancelled it while it waited
					task.run();
				}
				finally {
					this.running.decrementAndGet();
					this.places.release();
				}
			});
		}
		catch (RuntimeException ex) {
			// shut down: the task never runs
			this.waiting.decrementAndGet();
			this.places.release();
			throw ex;
		}
		return task;
	}

	/** Renders running now (at most {@link TemplateLimits#renderThreads()}). */
	int active() {
		return this.running.get();
	}

	/** Renders waiting for a thread. */
	int queued() {
		return this.waiting.get();
	}

	/** Requests refused since start as the pool was full. */
	long rejected() {
		return this.rejected.get();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("gratitude.templates.renders.active", this, RenderPool::active)
			.description("template renders running on the render threads")
			.strongReference(true)
			.register(registry);
		Gauge.builder("gratitude.templates.renders.queued", this, RenderPool::queued)
			.description("template renders waiting for a render thread")
			.strongReference(true)
			.register(registry);
		FunctionCounter.builder("gratitude.templates.renders.rejected", this, RenderPool::rejected)
			.description("renders refused (503) because every render thread and queue place was taken")
			.register(registry);
	}

	/** Stops the render threads, interrupting renders in progress. */
	@Override
	public void close() {
		this.threads.shutdownNow();
	}

}
