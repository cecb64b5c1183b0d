package dev.nn.core.kernels;

import dev.nn.core.kernels.elementwise.ElementwiseKernels;
import dev.nn.core.kernels.elementwise.ScalarElementwise;
import dev.nn.core.kernels.gemm.GemmKernels;
import dev.nn.core.kernels.gemm.ScalarGemm;

/**
 * The kernels whose Vector API implementation and scalar twin give the same bits, so that either
 * may run any call: GEMM (both sum each element of C the same way) and the element-wise operations
 * that do the same IEEE operations in the same order in both — add, scale, the ReLU and its
 * gradient, the row-vector and channel-bias additions, the row sums and the search for a
 * non-finite value. Results never depend on which twin ran.
 *
 * <p>Small calls — the products and maps of a prediction for a few samples — run the scalar twin
 * until the vector code is compiled ({@link VectorWarmup}): before that, every vector is an object
 * and a single-sample prediction takes milliseconds instead of microseconds, and the first one
 * also waits for the Vector API to load. Training batches run the vector kernels from the first
 * call, as they always did: the compiler has their hot loops to work on at once, and a warm-up
 * thread would only compete with it for the processors. Long searches for a non-finite value
 * (a data set's check) also run the scalar twin until then ({@link #nonFiniteSearch}). (The other
 * kernels keep the implementation {@link Implementations} chose: switching them would change their
 * last bits.)
 */
final class IdenticalTwins {
    /** A product of fewer rows is a prediction's; a training batch has more. */
    private static final int FEW_ROWS = 8;
    /** A product of fewer multiply-adds than this is small: 784×128 for one sample is 100,352. */
    private static final long SMALL_PRODUCT = 1 << 19;
    /** Element-wise calls on fewer values than this are small: a batch of 64 by 16 outputs is 1,024. */
    private static final int SMALL_MAP = 1024;
    /**
     * A search for a non-finite value through at least this many values (4 MiB) is a data set's
     * check, which reads memory rather than cache.
     */
    static final int LONG_SEARCH = 1 << 20;

    private IdenticalTwins() {
    }

    static GemmKernels gemm(int m, int n, int k) {
        if (m < FEW_ROWS && (long) m * n * k < SMALL_PRODUCT && !VectorWarmup.isWarm()) {
            VectorWarmup.start();
            return ScalarGemm.INSTANCE;
        }
        return Implementations.GEMM;
    }

    /**
     * The twin for {@code firstNonFinite}: as {@link #elementwise}, and for a long search the scalar
     * twin too until the warm-up has found the vector kernels compiled. A program's first such
     * search (fit's check of the whole training set) otherwise runs the vector loop uncompiled,
     * several times slower than the scalar loop, which the compiler has ready within milliseconds
     * and which, reading memory, is not far behind the compiled vector loop. (A program that never
     * predicts starts no warm-up, and keeps the scalar twin for long searches.)
     */
    static ElementwiseKernels nonFiniteSearch(int n) {
        return n >= LONG_SEARCH && !VectorWarmup.isWarm() ? ScalarElementwise.INSTANCE : elementwise(n);
    }

    static ElementwiseKernels elementwise(int n) {
        return n < SMALL_MAP && !VectorWarmup.isWarm() ? ScalarElementwise.INSTANCE : Implementations.ELEMENTWISE;
    }
}
