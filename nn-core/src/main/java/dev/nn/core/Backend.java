package dev.nn.core;

import dev.nn.core.runtime.ThreadPool;
import dev.nn.core.runtime.VectorSupport;

/**
 * The settings every kernel runs under: whether the Vector API kernels or their scalar twins run
 * (decided once, when a kernel is first used; see {@link #description()}), and how many threads
 * they split their work over.
 *
 * <p>Thread-safe: a change of the thread count waits for the kernel calls that are spread over the
 * pool.
 */
public final class Backend {
    private Backend() {
    }

    /**
     * Whether the SIMD (Vector API) kernels are in use.
     *
     * @return true for the Vector API kernels, false for the scalar twins
     */
    public static boolean vectorized() {
        return VectorSupport.enabled();
    }

    /**
     * The number of threads the kernels split their work over, the calling thread included. The
     * default is the number of available processors, or the system property {@code nn.threads}.
     * Results do not depend on it: every output is computed in the same order whatever the count.
     *
     * @return the thread count, at least 1
     */
    public static int threads() {
        return ThreadPool.size();
    }

    /**
     * Sets the number of threads the kernels use (see {@link #threads()}).
     *
     * @param threads the new count, the calling thread included
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static void setThreads(int threads) {
        ThreadPool.resize(threads);
    }

    /**
     * One line that says which kernels run and, when they are the scalar ones, why and how to
     * enable the SIMD ones.
     *
     * @return e.g. {@code "Vector API, 512-bit vectors"}
     */
    public static String description() {
        return VectorSupport.description();
    }
}
