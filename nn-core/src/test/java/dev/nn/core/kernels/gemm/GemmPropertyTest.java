package dev.nn.core.kernels.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.Rng;
import dev.nn.core.runtime.SegmentScratch;
import dev.nn.core.runtime.ThreadPool;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API GEMM equals its scalar twin to the bit (signed zeros included) on random values,
 * shapes, transposes, offsets, alphas and betas: both sum each element of C the same way, so either
 * may compute any product.
 */
class GemmPropertyTest {
    private static final SegmentScratch PACKED = new SegmentScratch();
    /**
     * Sizes around the vector length (16 floats), the register tile (8 rows × 32 columns, so also
     * a last panel of ≤ 16 or of 17–31 columns) and the row path (m < 8).
     */
    private static final List<Integer> SIZES = List.of(1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 100, 257);

    @Test
    void vectorGemmEqualsScalarTwin() {
        qt().withExamples(400).forAll(pick(SIZES), pick(SIZES), pick(SIZES), range(0, Integer.MAX_VALUE))
                .checkAssert((m, n, k, bits) -> check(m, n, k, bits));
    }

    @Test
    void largeBlockedShapesEqualScalarTwin() {
        // Sizes that cross the KC = 384 and NC = 512 block edges (k and n then split into equal
        // blocks), with every transpose: Aᵀ in place, Bᵀ through the register transpose and its
        // ragged borders or through the Cᵀ route, and last panels of ≤ 16 and 17–31 columns.
        for (int bits = 0; bits < 4; bits++) {
            check(130, 600, 520, bits);
            check(67, 1041, 385, bits);
            check(5, 1030, 257, bits);
        }
        check(9, 44, 1000, 2);
    }

    @Test
    void onePanelOfBInItsOwnLayoutEqualsScalarTwin() {
        // n = one panel (two vectors) and ldb = n, B's layout already a panel's: packed by one bulk
        // copy (Winograd's weight-gradient products); plain, Aᵀ, Aᵀ with beta 1, offset with alpha −0.5.
        int panel = 2 * jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        for (int bits : new int[] {0, 1, 1 << 15 | 1, 1 << 13}) {
            check(72, panel, 64, bits);
        }
    }

    @Test
    void denseLayerShapesEqualScalarTwin() {
        check(64, 128, 784, 0);     // forward X·W
        check(784, 128, 64, 1);     // dW = Xᵀ·dY
        check(64, 784, 128, 2);     // dX = dY·Wᵀ
        check(256, 10, 128, 0);     // classifier layer
        check(1, 128, 784, 0);      // single-sample inference
        check(1, 128, 784, 1);
        check(3, 128, 784, 2);
    }

    @Test
    void transposeMovesEveryValueAndNothingElse() {
        // Sides below, at and past whole 16×16 blocks (the last block overlapping its neighbour),
        // at offsets with padded leading dimensions; dst outside the transpose keeps its values.
        qt().withExamples(300).forAll(pick(SIZES), pick(SIZES), range(0, 3), range(0, Integer.MAX_VALUE))
                .checkAssert((rows, cols, pad, bits) -> {
                    Rng rng = new Rng(bits);
                    int s = bits % 5, d = bits % 7, lds = cols + pad, ldd = rows + (bits >> 3) % 3;
                    float[] src = Close.random(rng, s + rows * lds), dst = Close.random(rng, d + cols * ldd);
                    float[] expected = dst.clone();
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            expected[d + j * ldd + i] = src[s + i * lds + j];
                        }
                    }
                    Transpose.transpose(rows, cols, src, s, lds, dst, d, ldd);
                    assertArrayEquals(expected, dst, rows + "×" + cols + " lds " + lds + " ldd " + ldd);
                });
    }

    @Test
    void prepackedProductsEqualGemmToTheBit() {
        // B packed once at an offset inside a larger buffer (as Winograd packs its 16 or 36
        // matrices), then A·B with beta 0 over NaN and with beta 1: the bits of gemm's product.
        qt().withExamples(200).forAll(pick(SIZES), pick(SIZES), pick(SIZES), range(0, 3)).checkAssert((m, n, k, at) -> {
            Rng rng = new Rng(m * 1_000_003 + n * 1009 + k + at);
            float[] a = Close.random(rng, m * k), b = Close.random(rng, k * n), c0 = Close.random(rng, m * n);
            long offset = 16L * at * VectorGemm.packedSize(k, n);
            java.lang.foreign.MemorySegment packed = PACKED.get(
                    (int) offset + VectorGemm.packedSize(k, n));
            VectorGemm.pack(k, n, b, 0, n, packed, offset);
            for (float beta : new float[] {0f, 1f}) {
                float[] expected = c0.clone(), actual = c0.clone();
                if (beta == 0f) {
                    java.util.Arrays.fill(actual, Float.NaN);
                }
                VectorGemm.INSTANCE.gemm(false, false, m, n, k, 1f, a, 0, k, b, 0, n, beta, expected, 0, n);
                VectorGemm.gemmPacked(m, n, k, 1f, a, 0, k, packed, offset, beta, actual, 0, n);
                assertArrayEquals(expected, actual, "m=" + m + " n=" + n + " k=" + k + " beta=" + beta);
            }
        });
    }

    @Test
    void betaZeroDoesNotReadC() {
        // With beta 0, C's old values (NaN here) must not leak, on every path: the row path
        // (m < 8), full strips, the padded last rows, last panels of ≤ 16 and of 17–31 columns,
        // and several blocks of k (the first overwrites C, the others add to it).
        int[][] shapes = {{3, 40, 50}, {20, 10, 30}, {17, 50, 800}, {64, 128, 784}};
        Rng rng = new Rng(11);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            for (int bits = 0; bits < 4; bits++) {
                boolean ta = (bits & 1) != 0, tb = (bits & 2) != 0;
                float[] a = Close.random(rng, m * k);
                float[] b = Close.random(rng, k * n);
                float[] expected = new float[m * n];
                float[] actual = new float[m * n];
                java.util.Arrays.fill(actual, Float.NaN);
                ScalarGemm.INSTANCE.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, expected, 0, n);
                VectorGemm.INSTANCE.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, actual, 0, n);
                assertArrayEquals(expected, actual, "beta 0 over NaN, m=" + m + " n=" + n + " k=" + k + " bits=" + bits);
            }
        }
    }

    @Test
    void resultsAreIdenticalForOneAndTwoThreads() {
        // Big enough to be split into row tasks: 260 rows are 9 tasks, the last with padded rows;
        // 40×800 through Bᵀ takes the Cᵀ route, whose 800 rows are split.
        int[][] shapes = {{260, 200, 300, 0}, {260, 200, 300, 1}, {260, 200, 300, 2}, {260, 200, 300, 3},
                {40, 800, 300, 2}};
        Rng rng = new Rng(7);
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            boolean ta = (s[3] & 1) != 0, tb = (s[3] & 2) != 0;
            float[] a = Close.random(rng, m * k);
            float[] b = Close.random(rng, k * n);
            float[] one = Close.random(rng, m * n);
            float[] two = one.clone();
            float beta = tb ? 0f : 0.5f;
            int threads = ThreadPool.size();
            try {
                ThreadPool.resize(1);
                VectorGemm.INSTANCE.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, one, 0, n);
                ThreadPool.resize(2);
                VectorGemm.INSTANCE.gemm(ta, tb, m, n, k, 1f, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, two, 0, n);
            } finally {
                ThreadPool.resize(threads);
            }
            assertArrayEquals(one, two, "m=" + m + " n=" + n + " k=" + k + " transA=" + ta + " transB=" + tb);
        }
    }

    /**
     * Runs one case. {@code bits} chooses the transposes, offsets, padding of the leading
     * dimensions, alpha, beta, and seeds the values.
     */
    private static void check(int m, int n, int k, int bits) {
        boolean ta = (bits & 1) != 0, tb = (bits & 2) != 0;
        int off = (bits >> 2) % 3 == 0 ? 0 : 1 + (bits >> 4) % 9;
        int pad = (bits >> 8) % 4 == 0 ? 0 : (bits >> 10) % 7;
        // 0.7 is not a power of two: alpha·chain then rounds, and only a fused add gives the same bits.
        float alpha = new float[] {1f, -0.5f, 2f, 0.7f}[(bits >> 13) % 4];
        float beta = new float[] {0f, 1f, 0.25f}[(bits >> 15) % 3];
        Rng rng = new Rng(bits);

        int aRows = ta ? k : m, aCols = ta ? m : k, lda = aCols + pad;
        int bRows = tb ? n : k, bCols = tb ? k : n, ldb = bCols + pad;
        int ldc = n + pad;
        float[] a = Close.random(rng, off + aRows * lda);
        float[] b = Close.random(rng, off + bRows * ldb);
        float[] c0 = Close.random(rng, off + m * ldc + pad);
        float[] expected = c0.clone();
        float[] actual = c0.clone();

        ScalarGemm.INSTANCE.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, expected, off, ldc);
        VectorGemm.INSTANCE.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, actual, off, ldc);

        String what = String.format("gemm m=%d n=%d k=%d transA=%b transB=%b offset=%d pad=%d alpha=%s beta=%s",
                m, n, k, ta, tb, off, pad, alpha, beta);
        assertArrayEquals(expected, actual, what);
    }
}
