package dev.nn.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.nn.core.kernels.elementwise.ElementwiseKernels;
import dev.nn.core.kernels.elementwise.ScalarElementwise;
import dev.nn.core.kernels.gemm.ScalarGemm;
import dev.nn.core.runtime.VectorSupport;
import org.junit.jupiter.api.Test;

/**
 * Which twin runs a call of the kernels with identical twins: training batches get the chosen
 * kernels at once; a prediction's small calls get the scalar twins only until the warm-up thread
 * they start has the vector kernels compiled (the twins' bits are equal: GemmPropertyTest,
 * ElementwisePropertyTest).
 */
class VectorWarmupTest {
    @Test
    void trainingBatchesRunTheChosenKernelsFromTheFirstCall() {
        assertSame(Implementations.GEMM, IdenticalTwins.gemm(64, 128, 784));
        assertSame(Implementations.GEMM, IdenticalTwins.gemm(8, 10, 128));
        assertSame(Implementations.ELEMENTWISE, IdenticalTwins.elementwise(64 * 128));
    }

    @Test
    void aDataSetsCheckRunsTheScalarTwinUntilTheVectorKernelsAreWarm() {
        // Another test's small product may start the warm-up; warmth, once reached, stays.
        boolean warmBefore = VectorWarmup.isWarm();
        ElementwiseKernels chosen = IdenticalTwins.nonFiniteSearch(IdenticalTwins.LONG_SEARCH);
        if (!VectorWarmup.isWarm()) {
            assertSame(ScalarElementwise.INSTANCE, chosen);
        }
        if (warmBefore) {
            assertSame(Implementations.ELEMENTWISE, chosen);
        }
        assertSame(Implementations.ELEMENTWISE, IdenticalTwins.nonFiniteSearch(64 * 128));
    }

    @Test
    void aLongSearchFindsTheFirstNonFiniteValueWhereverItLies() {
        int n = IdenticalTwins.LONG_SEARCH + 100;
        float[] x = new float[n + 3];
        assertEquals(-1, Elementwise.firstNonFinite(n, x, 3));
        for (int at : new int[] {0, 1, IdenticalTwins.LONG_SEARCH - 1, n - 1}) {
            x[3 + at] = at % 2 == 0 ? Float.NaN : Float.NEGATIVE_INFINITY;
            x[3 + n - 1] = Float.POSITIVE_INFINITY;
            assertEquals(at, Elementwise.firstNonFinite(n, x, 3));
            x[3 + at] = 0f;
            x[3 + n - 1] = 0f;
        }
    }

    @Test
    void theWarmUpRoundRunsOnBothTwins() {
        // A round that threw would end the warm-up at once (the thread then hands over anyway).
        VectorWarmup.Operands operands = new VectorWarmup.Operands();
        operands.run(ScalarGemm.INSTANCE, ScalarElementwise.INSTANCE);
        operands.run(Implementations.GEMM, Implementations.ELEMENTWISE);
    }

    @Test
    void aPredictionsSmallProductStartsAWarmUpThatEndsWithTheVectorKernels() throws InterruptedException {
        float[] a = new float[784], b = new float[784 * 128], c = new float[128];
        Gemm.sgemm(false, false, 1, 128, 784, 1f, a, 0, 784, b, 0, 128, 0f, c, 0, 128);
        // The thread gives up waiting for the vector kernels to be faster after 10 s and uses them anyway.
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (VectorWarmup.isWarm() != VectorSupport.enabled() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(VectorSupport.enabled(), VectorWarmup.isWarm());
        assertSame(VectorSupport.enabled() ? Implementations.GEMM : ScalarGemm.INSTANCE, IdenticalTwins.gemm(1, 128, 784));
        assertSame(Implementations.ELEMENTWISE, IdenticalTwins.elementwise(128));
        assertSame(Implementations.ELEMENTWISE, IdenticalTwins.nonFiniteSearch(IdenticalTwins.LONG_SEARCH));
    }
}
