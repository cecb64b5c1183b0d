package dev.nn.core.runtime;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * The fixed pool the kernels split their work over. A kernel cuts its work into tasks whose
 * boundaries do not depend on the number of threads, and each task computes its outputs in a fixed
 * order, so results are bit-identical for any pool size; the pool only decides who runs which task.
 *
 * <p>The calling thread takes part, so a pool of size n starts n − 1 daemon workers. Idle workers
 * spin briefly before parking: a kernel call is often followed by another within microseconds,
 * and waking a parked thread costs tens of them. A kernel called from inside a task runs its tasks
 * on the calling thread.
 */
public final class ThreadPool {
    /** System property with the default pool size; else the number of available processors. */
    static final String PROPERTY = "nn.threads";
    /** How long an idle worker spins before it parks. */
    private static final long SPIN_NANOS = 50_000;

    private static final ThreadLocal<Boolean> IN_TASK = ThreadLocal.withInitial(() -> false);
    private static final Object RUN_LOCK = new Object();
    private static volatile Job current;
    private static Thread[] workers = new Thread[0];
    private static volatile int size;

    static {
        resize(Integer.getInteger(PROPERTY, Runtime.getRuntime().availableProcessors()));
    }

    private ThreadPool() {
    }

    /** The number of threads that run tasks, the caller included. */
    public static int size() {
        return size;
    }

    /** Sets the number of threads that run tasks, the caller included. */
    public static void resize(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("the thread count must be at least 1, got " + threads);
        }
        synchronized (RUN_LOCK) {
            synchronized (ThreadPool.class) {
                for (Thread w : workers) {
                    w.interrupt();
                }
                workers = new Thread[threads - 1];
                for (int i = 0; i < workers.length; i++) {
                    Thread w = new Thread(ThreadPool::workLoop, "nn-kernel-" + (i + 1));
                    w.setDaemon(true);
                    workers[i] = w;
                    w.start();
                }
                size = threads;
            }
        }
    }

    /** Runs {@code task.accept(i)} for every i in [0, tasks), spread over the pool; returns when all are done. */
    public static void run(int tasks, IntConsumer task) {
        if (tasks <= 1 || size == 1 || IN_TASK.get()) {
            for (int i = 0; i < tasks; i++) {
                task.accept(i);
            }
            return;
        }
        synchronized (RUN_LOCK) {
            Job job = new Job(tasks, task);
            current = job;
            for (Thread w : workers) {
                LockSupport.unpark(w);
            }
            job.work();
            while (job.pending.get() > 0) {
                Thread.onSpinWait();
            }
            current = null;
            if (job.failure != null) {
                if (job.failure instanceof RuntimeException e) {
                    throw e;
                }
                if (job.failure instanceof Error e) {
                    throw e;
                }
                throw new IllegalStateException(job.failure);
            }
        }
    }

    private static void workLoop() {
        IN_TASK.set(true);
        Job last = null;
        while (!Thread.currentThread().isInterrupted()) {
            Job job = current;
            if (job != null && job != last) {
                last = job;
                job.work();
                continue;
            }
            long start = System.nanoTime();
            while ((job = current) == null || job == last) {
                if (System.nanoTime() - start > SPIN_NANOS) {
                    LockSupport.park();
                    if (Thread.currentThread().isInterrupted()) {
                        return;
                    }
                    start = System.nanoTime();
                }
                Thread.onSpinWait();
            }
        }
    }

    /** One run's tasks: taken one at a time by whoever is free. */
    private static final class Job {
        final int tasks;
        final IntConsumer task;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        volatile Throwable failure;

        Job(int tasks, IntConsumer task) {
            this.tasks = tasks;
            this.task = task;
            this.pending = new AtomicInteger(tasks);
        }

        void work() {
            boolean outer = !IN_TASK.get();
            IN_TASK.set(true);
            try {
                for (int i; (i = next.getAndIncrement()) < tasks; ) {
                    try {
                        task.accept(i);
                    } catch (Throwable t) {
                        failure = t;
                    } finally {
                        pending.decrementAndGet();
                    }
                }
            } finally {
                if (outer) {
                    IN_TASK.set(false);
                }
            }
        }
    }
}
