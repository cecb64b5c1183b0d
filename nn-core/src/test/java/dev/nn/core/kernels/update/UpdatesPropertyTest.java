package dev.nn.core.kernels.update;

import static dev.nn.core.ErrorMessages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.Rng;
import dev.nn.core.kernels.ParameterUpdates;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fused update kernels: vector equals scalar to the bit, and subnormal state is flushed. */
class UpdatesPropertyTest {
    private static final List<Integer> SIZES = List.of(0, 1, 15, 16, 17, 31, 33, 257, 1000);

    @Test
    void vectorEqualsScalarTwinExactly() {
        qt().withExamples(200).forAll(pick(SIZES), range(0, 1), range(0, Integer.MAX_VALUE))
                .checkAssert((n, nesterov, seed) -> {
                    Rng rng = new Rng(seed);
                    float[] w = Close.random(rng, n), g = Close.random(rng, n), m = Close.random(rng, n), v = Close.random(rng, n);
                    for (int i = 0; i < n; i++) {
                        v[i] = Math.abs(v[i]);
                        if (i % 7 == 0) {
                            m[i] = 1e-39f; // subnormal state and zero gradient: both kernels must flush it
                            g[i] = 0f;
                        }
                    }
                    float[] w1 = w.clone(), w2 = w.clone();
                    ScalarUpdates.INSTANCE.sgd(n, 0.01f, 0.3f, w1, g);
                    VectorUpdates.INSTANCE.sgd(n, 0.01f, 0.3f, w2, g);
                    assertArrayEquals(w1, w2, "sgd weights");
                    for (float decay : new float[] {0f, 0.3f}) {
                        float[] wm = w.clone(), vm = m.clone(), wn = w.clone(), vn = m.clone();
                        ScalarUpdates.INSTANCE.momentum(n, 0.01f, 0.9f, decay, nesterov == 1, wm, g, vm);
                        VectorUpdates.INSTANCE.momentum(n, 0.01f, 0.9f, decay, nesterov == 1, wn, g, vn);
                        assertArrayEquals(wm, wn, "momentum weights, weight decay " + decay);
                        assertArrayEquals(vm, vn, "momentum velocity, weight decay " + decay);
                    }
                    for (float decay : new float[] {1f, 0.997f}) { // Adam; AdamW
                        float[] wa = w.clone(), ma = m.clone(), va = v.clone(), wb = w.clone(), mb = m.clone(), vb = v.clone();
                        ScalarUpdates.INSTANCE.adam(n, decay, 0.001f, 0.9f, 0.999f, 1e-8f, wa, g, ma, va);
                        VectorUpdates.INSTANCE.adam(n, decay, 0.001f, 0.9f, 0.999f, 1e-8f, wb, g, mb, vb);
                        assertArrayEquals(wa, wb, "adam weights, decay " + decay);
                        assertArrayEquals(ma, mb, "adam m, decay " + decay);
                        assertArrayEquals(va, vb, "adam v, decay " + decay);
                    }
                    float[] wr = w.clone(), sr = m.clone(), ws = w.clone(), ss = m.clone();
                    for (int i = 0; i < n; i++) {
                        sr[i] = ss[i] = Math.abs(m[i]); // a mean square; 1e-39 is subnormal, to be flushed
                    }
                    ScalarUpdates.INSTANCE.rmsprop(n, 0.01f, 0.99f, 1e-8f, wr, g, sr);
                    VectorUpdates.INSTANCE.rmsprop(n, 0.01f, 0.99f, 1e-8f, ws, g, ss);
                    assertArrayEquals(wr, ws, "rmsprop weights");
                    assertArrayEquals(sr, ss, "rmsprop mean square");
                    float[] c1 = g.clone(), c2 = g.clone();
                    ScalarUpdates.INSTANCE.clipValues(n, 0.5f, c1);
                    VectorUpdates.INSTANCE.clipValues(n, 0.5f, c2);
                    assertArrayEquals(c1, c2, "clipped values");
                });
    }

    @Test
    void vectorSumOfSquaresEqualsScalarTwinToDoubleRounding() {
        qt().withExamples(200).forAll(pick(SIZES), range(0, Integer.MAX_VALUE)).checkAssert((n, seed) -> {
            float[] g = Close.random(new Rng(seed), n);
            double scalar = ScalarUpdates.INSTANCE.sumOfSquares(n, g);
            double vector = VectorUpdates.INSTANCE.sumOfSquares(n, g);
            // Positive terms added in two orders: each of the n additions rounds by at most
            // 2^-53 of the running sum, so the two differ by at most n·2^-52 of the total.
            assertEquals(scalar, vector, n * 0x1p-52 * scalar, "sum of squares of " + n + " values");
        });
    }

    @Test
    void sumOfSquaresAndClippingByHand() {
        float[] g = {3f, -4f, 0.25f, -0.5f, 1e-20f};
        assertEquals(9 + 16 + 0.0625 + 0.25 + 1e-40, ParameterUpdates.sumOfSquares(5, g), 1e-15);
        ParameterUpdates.clipValues(5, 0.5f, g);
        assertArrayEquals(new float[] {0.5f, -0.5f, 0.25f, -0.5f, 1e-20f}, g);
    }

    @Test
    void decayedVelocityBecomesZeroInsteadOfSubnormal() {
        float[] w = {1f}, g = {0f}, v = {2e-38f};
        ParameterUpdates.momentum(1, 0.1f, 0.5f, 0f, false, w, g, v);
        assertEquals(0f, v[0]); // 0.5 · 2e-38 = 1e-38 is below Float.MIN_NORMAL ≈ 1.18e-38
        assertEquals(1f, w[0]);
        float[] normal = {4e-38f};
        ParameterUpdates.momentum(1, 0.1f, 0.5f, 0f, false, w, g, normal);
        assertEquals(2e-38f, normal[0]);
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("w has length 1 but needs length 2",
                () -> ParameterUpdates.momentum(2, 0.1f, 0.9f, 0f, false, new float[1], new float[2], new float[2]));
        assertMessage("ParameterUpdates.sumOfSquares: g has length 2 but needs length 3",
                () -> ParameterUpdates.sumOfSquares(3, new float[2]));
    }
}
