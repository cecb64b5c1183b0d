package dev.nn.core;

/**
 * Which implementation the kernels of this library run on: the Vector API or the scalar twins.
 * Decided once, when a kernel is first used; see {@link #description()}.
 */
public final class Kernels {
    private Kernels() {
    }

    /** Whether the SIMD (Vector API) kernels are in use. */
    public static boolean vectorized() {
        return VectorSupport.ENABLED;
    }

    /**
     * The number of threads the kernels split their work over, the calling thread included. The
     * default is the number of available processors, or the system property {@code nn.threads}.
     * Results do not depend on it: every output is computed in the same order whatever the count.
     */
    public static int threads() {
        return ThreadPool.size();
    }

    /**
     * Sets the number of threads the kernels use (see {@link #threads()}).
     *
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static void setThreads(int threads) {
        ThreadPool.resize(threads);
    }

    /**
     * One line that says which kernels run and, when they are the scalar ones, why and how to
     * enable the SIMD ones.
     */
    public static String description() {
        return VectorSupport.DESCRIPTION;
    }
}
