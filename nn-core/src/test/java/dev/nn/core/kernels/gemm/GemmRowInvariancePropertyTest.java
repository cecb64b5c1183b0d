package dev.nn.core.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.Rng;
import dev.nn.core.runtime.ThreadPool;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A row of C is the same bits whatever the number of rows m of the product and wherever the row
 * lies among them (a dense layer's output row for one sample, whatever its batch): every row of
 * a random m×n product equals that row computed alone (m = 1) and within a random run of rows,
 * on both implementations, with every transpose, alpha and beta, on one thread and on three.
 */
class GemmRowInvariancePropertyTest {
    /** Around the vector length (16), the two-vector panel (32) and a dense layer's 128. */
    private static final List<Integer> COLUMNS = List.of(1, 5, 16, 17, 33, 100, 128);
    /** Depths of one, two and three blocks of k (at most 384 each) and thin ones. */
    private static final List<Integer> DEPTHS = List.of(1, 7, 64, 384, 385, 784, 1000);

    @Test
    void vectorGemmRowsDoNotDependOnTheOtherRows() {
        check(VectorGemm.INSTANCE, 80);
    }

    @Test
    void scalarGemmRowsDoNotDependOnTheOtherRows() {
        check(ScalarGemm.INSTANCE, 30);
    }

    /** m from 1 to 300: below, at and past the 8-row tile, the 32-row tasks and 256. */
    private static void check(GemmKernels gemm, int examples) {
        qt().withExamples(examples).forAll(range(1, 300), pick(COLUMNS), pick(DEPTHS), range(0, Integer.MAX_VALUE))
                .checkAssert((m, n, k, bits) -> {
                    int threads = ThreadPool.size();
                    try {
                        check(gemm, m, n, k, bits);
                    } finally {
                        ThreadPool.resize(threads);
                    }
                });
    }

    /** {@code bits} chooses the transposes, alpha, beta, the threads of the whole product, and seeds the values. */
    private static void check(GemmKernels gemm, int m, int n, int k, int bits) {
        boolean ta = (bits & 1) != 0, tb = (bits & 2) != 0;
        float alpha = (bits & 4) == 0 ? 1f : -0.5f;
        float beta = new float[] {0f, 1f, 0.25f}[(bits >> 3) % 3];
        Rng rng = new Rng(bits);
        // A is m×k, or k×m for Aᵀ; B is k×n, or n×k for Bᵀ; C is m×n.
        int lda = ta ? m : k, ldb = tb ? k : n;
        float[] a = Close.random(rng, m * k), b = Close.random(rng, k * n), c0 = Close.random(rng, m * n);
        float[] whole = c0.clone();
        ThreadPool.resize((bits & 32) == 0 ? 1 : 3);
        gemm.gemm(ta, tb, m, n, k, alpha, a, 0, lda, b, 0, ldb, beta, whole, 0, n);
        ThreadPool.resize(1);
        // Rows [i0, i1) as a product of their own: A's rows from i0 (A's columns for Aᵀ).
        int i0 = rng.nextInt(m), i1 = i0 + 1 + rng.nextInt(m - i0);
        float[] run = c0.clone();
        gemm.gemm(ta, tb, i1 - i0, n, k, alpha, a, ta ? i0 : i0 * k, lda, b, 0, ldb, beta, run, i0 * n, n);
        String what = String.format("m=%d n=%d k=%d transA=%b transB=%b alpha=%s beta=%s threads=%d",
                m, n, k, ta, tb, alpha, beta, (bits & 32) == 0 ? 1 : 3);
        assertArrayEquals(Arrays.copyOfRange(whole, i0 * n, i1 * n), Arrays.copyOfRange(run, i0 * n, i1 * n),
                "rows " + i0 + " to " + i1 + " alone, " + what);
        for (int i = 0; i < m; i++) {
            float[] alone = c0.clone();
            gemm.gemm(ta, tb, 1, n, k, alpha, a, ta ? i : i * k, lda, b, 0, ldb, beta, alone, i * n, n);
            assertArrayEquals(Arrays.copyOfRange(whole, i * n, (i + 1) * n), Arrays.copyOfRange(alone, i * n, (i + 1) * n),
                    "row " + i + " alone, " + what);
        }
    }
}
