package dev.nn.core;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The Vector API GEMM equals its scalar twin on random values, shapes, transposes and offsets. */
class GemmPropertyTest {
    /** Sizes around the vector length (16 floats) and the register tile (4 rows × 64 columns). */
    private static final List<Integer> SIZES = List.of(1, 2, 3, 4, 5, 15, 16, 17, 31, 33, 63, 64, 65, 100, 257);

    @Test
    void vectorGemmEqualsScalarTwin() {
        qt().withExamples(400).forAll(pick(SIZES), pick(SIZES), pick(SIZES), range(0, Integer.MAX_VALUE))
                .checkAssert((m, n, k, bits) -> check(m, n, k, bits));
    }

    @Test
    void largeBlockedShapesEqualScalarTwin() {
        // Sizes that cross the KC = 256 and NC = 512 block edges of the vector kernel.
        check(130, 600, 520, 0);
        check(67, 513, 300, 3);
        check(5, 1030, 257, 1);
    }

    /**
     * Runs one case. {@code bits} chooses the transposes, offsets, padding of the leading
     * dimensions, alpha, beta, and seeds the values.
     */
    private static void check(int m, int n, int k, int bits) {
        boolean ta = (bits & 1) != 0, tb = (bits & 2) != 0;
        int off = (bits >> 2) % 3 == 0 ? 0 : 1 + (bits >> 4) % 9;
        int pad = (bits >> 8) % 4 == 0 ? 0 : (bits >> 10) % 7;
        float alpha = new float[] {1f, -0.5f, 2f}[(bits >> 13) % 3];
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

        ScalarGemm.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, expected, off, ldc);
        VectorGemm.gemm(ta, tb, m, n, k, alpha, a, off, lda, b, off, ldb, beta, actual, off, ldc);

        // Two summation orders of k products each differ from the exact sum by at most k·u·Σ|a·b|;
        // alpha and beta add a few roundings more. Outside C's block nothing may change at all.
        double[] tol = new double[c0.length];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double magnitude = 0;
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[off + p * lda + i] : a[off + i * lda + p];
                    float bv = tb ? b[off + j * ldb + p] : b[off + p * ldb + j];
                    magnitude += Math.abs((double) av * bv);
                }
                int ci = off + i * ldc + j;
                magnitude = Math.abs(alpha) * magnitude + Math.abs(beta * c0[ci]);
                tol[ci] = (2.0 * k + 6) * Close.U * magnitude;
            }
        }
        String what = String.format("gemm m=%d n=%d k=%d transA=%b transB=%b offset=%d pad=%d alpha=%s beta=%s",
                m, n, k, ta, tb, off, pad, alpha, beta);
        Close.assertClose(what, expected, actual, tol);
    }
}
