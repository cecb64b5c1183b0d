package dev.nn.core.kernels.conv;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.Rng;
import dev.nn.core.kernels.gemm.ScalarGemm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dot-product form of C += A₁·B₁ᵀ + A₂·B₂ᵀ (two products summed lane-wise, then reduced, as
 * over the images of a batch) equals two scalar GEMMs on awkward shapes and offsets, whatever rows
 * each call covers; rows of whole vectors and rows that end in a partial one (at least one vector
 * long: 8 or 16 values).
 */
class VectorDotsPropertyTest {
    @Test
    void equalsScalarGemm() {
        qt().withExamples(200).forAll(pick(List.of(1, 3, 4, 5, 9, 17)), pick(List.of(1, 2, 4, 7, 32, 33)),
                        pick(List.of(16, 17, 31, 100, 676, 1452)), range(0, Integer.MAX_VALUE))
                .checkAssert((m, n, k, seed) -> {
                    Rng rng = new Rng(seed);
                    int off = seed % 3, pad = seed % 5;
                    int lda = k + pad, ldb = k + pad, ldc = n + pad;
                    int second = off + m * lda;
                    float[] a = Close.random(rng, second + m * lda), b = Close.random(rng, second + n * ldb);
                    float[] c = Close.random(rng, off + m * ldc), expected = c.clone();
                    ScalarGemm.INSTANCE.gemm(false, true, m, n, k, 1f, a, off, lda, b, off, ldb, 1f, expected, off, ldc);
                    ScalarGemm.INSTANCE.gemm(false, true, m, n, k, 1f, a, second, lda, b, second, ldb, 1f, expected, off, ldc);
                    float[] lanes = new float[VectorDots.lanesSize(m, n)];
                    int split = seed % (m + 1);
                    for (int product : new int[] {off, second}) {
                        VectorDots.accumulate(0, split, n, k, a, product, lda, b, product, ldb, lanes, 0);
                        // The rows after the split as a product of their own, placed after the first rows' outputs.
                        VectorDots.accumulate(0, m - split, n, k, a, product + split * lda, lda, b, product, ldb, lanes,
                                split * n);
                    }
                    VectorDots.reduce(m, n, lanes, c, off, ldc, 1);
                    // Values in [-1, 1]: two summation orders of 2k + 1 terms differ by at most 2(2k+1)²u.
                    Close.assertClose("dots m=" + m + " n=" + n + " k=" + k, expected, c, 2.0 * (2 * k + 1) * (2 * k + 1) * Close.U);
                });
    }
}
