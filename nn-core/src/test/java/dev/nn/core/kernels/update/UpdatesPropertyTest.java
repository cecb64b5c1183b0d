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
    private static final List<Integer> SIZES = List.of(0, 1, 15, 16, 17, 33, 257, 1000);

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
                    float[] w1 = w.clone(), v1 = m.clone(), w2 = w.clone(), v2 = m.clone();
                    ScalarUpdates.INSTANCE.momentum(n, 0.01f, 0.9f, nesterov == 1, w1, g, v1);
                    VectorUpdates.INSTANCE.momentum(n, 0.01f, 0.9f, nesterov == 1, w2, g, v2);
                    assertArrayEquals(w1, w2, "momentum weights");
                    assertArrayEquals(v1, v2, "momentum velocity");
                    float[] wa = w.clone(), ma = m.clone(), va = v.clone(), wb = w.clone(), mb = m.clone(), vb = v.clone();
                    ScalarUpdates.INSTANCE.adam(n, 0.001f, 0.9f, 0.999f, 1e-8f, wa, g, ma, va);
                    VectorUpdates.INSTANCE.adam(n, 0.001f, 0.9f, 0.999f, 1e-8f, wb, g, mb, vb);
                    assertArrayEquals(wa, wb, "adam weights");
                    assertArrayEquals(ma, mb, "adam m");
                    assertArrayEquals(va, vb, "adam v");
                });
    }

    @Test
    void decayedVelocityBecomesZeroInsteadOfSubnormal() {
        float[] w = {1f}, g = {0f}, v = {2e-38f};
        ParameterUpdates.momentum(1, 0.1f, 0.5f, false, w, g, v);
        assertEquals(0f, v[0]); // 0.5 · 2e-38 = 1e-38 is below Float.MIN_NORMAL ≈ 1.18e-38
        assertEquals(1f, w[0]);
        float[] normal = {4e-38f};
        ParameterUpdates.momentum(1, 0.1f, 0.5f, false, w, g, normal);
        assertEquals(2e-38f, normal[0]);
    }

    @Test
    void badArgumentsAreNamed() {
        assertMessage("w has length 1 but needs length 2",
                () -> ParameterUpdates.momentum(2, 0.1f, 0.9f, false, new float[1], new float[2], new float[2]));
    }
}
