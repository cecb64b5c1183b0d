package dev.nn.core.kernels.norm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.Rng;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API batch normalization equals its scalar twin on random sizes around the vector
 * length, for dense features (s = 1) and image planes: the elementwise passes, and every sum over
 * features, to the bit; sums over image planes, which the two take in different orders, within
 * a bound that grows with their length.
 */
class NormalizationPropertyTest {
    private static final List<Integer> SIZES = List.of(1, 2, 3, 7, 15, 16, 17, 31, 33, 64, 65);

    @Test
    void vectorNormalizationEqualsScalarTwin() {
        qt().withExamples(800).forAll(range(1, 9), pick(SIZES), pick(List.of(1, 1, 2, 9, 16, 17, 49, 50)),
                        range(0, Integer.MAX_VALUE))
                .checkAssert(NormalizationPropertyTest::check);
    }

    private static void check(int n, int c, int s, int seed) {
        Rng rng = new Rng(seed);
        int size = n * c * s;
        float[] x = Close.random(rng, size), dy = Close.random(rng, size);
        for (int i = 0; i < size; i++) {
            x[i] = 3f + 2f * x[i]; // a mean far from 0, as after a ReLU
        }
        String what = "n=" + n + " c=" + c + " s=" + s;
        // Sums of n·s values of magnitude below 5: each order rounds by at most n·s·ulp(5·n·s).
        float bound = s == 1 ? 0f : 5e-7f * n * s;

        float[] mean = new float[c], variance = new float[c], meanV = new float[c], varianceV = new float[c];
        ScalarNormalization.INSTANCE.moments(n, c, s, x, mean, variance);
        VectorNormalization.INSTANCE.moments(n, c, s, x, meanV, varianceV);
        assertClose(mean, meanV, bound, "mean of " + what);
        assertClose(variance, varianceV, bound * 5f, "variance of " + what);

        float[] scale = Close.random(rng, c), shift = Close.random(rng, c);
        float[] y = new float[size], yV = new float[size];
        ScalarNormalization.INSTANCE.scaleShift(n, c, s, x, scale, shift, y);
        VectorNormalization.INSTANCE.scaleShift(n, c, s, x, scale, shift, yV);
        assertClose(y, yV, 0f, "y of " + what);

        float[] g = new float[c], gc = new float[c], gV = new float[c], gcV = new float[c];
        ScalarNormalization.INSTANCE.gradientSums(n, c, s, dy, x, mean, g, gc);
        VectorNormalization.INSTANCE.gradientSums(n, c, s, dy, x, mean, gV, gcV);
        assertClose(g, gV, bound, "Σdy of " + what);
        assertClose(gc, gcV, bound * 5f, "Σdy·(x − mean) of " + what);

        float[] a = Close.random(rng, c), b = Close.random(rng, c), d = Close.random(rng, c);
        float[] dx = new float[size], dxV = new float[size];
        ScalarNormalization.INSTANCE.inputGradient(n, c, s, dy, x, mean, a, b, d, dx);
        VectorNormalization.INSTANCE.inputGradient(n, c, s, dy, x, mean, a, b, d, dxV);
        assertClose(dx, dxV, 0f, "dx of " + what);
    }

    /** Equal within {@code bound}; with a bound of 0, equal to the bit. */
    private static void assertClose(float[] expected, float[] actual, float bound, String what) {
        for (int i = 0; i < expected.length; i++) {
            int i2 = i;
            if (bound == 0f) {
                assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                        () -> what + " at " + i2 + ": " + actual[i2] + " but the scalar twin gives " + expected[i2]);
            } else {
                assertEquals(expected[i], actual[i], bound, () -> what + " at " + i2);
            }
        }
    }
}
