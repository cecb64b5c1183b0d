package dev.nn.core;

import dev.nn.core.runtime.ThreadPool;
import dev.nn.core.runtime.VectorSupport;
import dev.nn.core.runtime.WinogradWeightGradient;

/**
 * The settings every kernel runs under: whether the Vector API kernels or their scalar twins run
 * (decided once, when a kernel is first used; see {@link #description()}), how many threads
 * they split their work over, and whether convolutions' weight gradients may trade exact zeros for
 * speed ({@link #setWinogradWeightGradient}).
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
     * Whether the weight gradients of 3×3 stride-1 convolutions between whole vectors of channels
     * run by Winograd's algorithm (see {@link #setWinogradWeightGradient}). The default is false,
     * or the system property {@code nn.winogradWeightGradient}.
     *
     * @return true if the Winograd weight gradient is on
     */
    public static boolean winogradWeightGradient() {
        return WinogradWeightGradient.enabled();
    }

    /**
     * Opts in to, or back out of, the Winograd weight gradient (or {@code -Dnn.winogradWeightGradient=true}
     * at start). It applies where the forward pass and the input gradient already run Winograd's
     * algorithm (3×3 kernels, stride 1, both channel counts multiples of the vector length, with or
     * without the fused 2×2 max pooling), and is faster there than the direct weight gradient
     * (nn-bench's report has the figures).
     *
     * <p>Its numerical behaviour: the direct weight gradient (the default) sums the products
     * x·∂E/∂y of each weight, so a weight whose products are all 0 (an output unit and an input
     * unit never active together at that tap, as ReLU makes common) gets exactly 0, as in
     * PyTorch. Winograd's sums transformed tiles and transforms the sums back, which mixes the
     * taps: such a weight then gets its neighbours' rounding, of the order of 1e-7 times the
     * largest products of its filter (±1e-10 to 1e-8 on unit-scale activations), and its other
     * gradients are off by up to some tens of units of rounding of that scale rather than of their
     * own terms. Plain SGD moves by lr·noise, harmless; Adam (and any optimizer that divides by a
     * running magnitude) turns the noise into steps of a sizeable fraction of the learning rate
     * where PyTorch takes none: after three {@code adam(0.01)} steps on a small ReLU network,
     * weights up to a tenth of the largest weight away from PyTorch's instead of within 1e-5.
     * Results stay the same for 1 or N threads either way.
     *
     * @param on true to run the weight gradient by Winograd's algorithm where it applies
     */
    public static void setWinogradWeightGradient(boolean on) {
        WinogradWeightGradient.enable(on);
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
