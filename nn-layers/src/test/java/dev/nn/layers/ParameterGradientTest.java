package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * A parameter's gradient is cleared lazily (zeroGradient marks it, gradient() or a layer that
 * overwrites it does the work): whoever reads it sees zeros, and backward passes still add up.
 */
class ParameterGradientTest {
    @Test
    void aClearedGradientReadsAsZeros() {
        Parameter p = new Parameter("weights", 2, 3);
        p.gradient().data()[4] = 7f;
        p.zeroGradient();
        assertArrayEquals(new float[6], Arrays.copyOf(p.gradient().data(), 6));
        assertEquals(1f, p.accumulationBeta(), "read since it was cleared: its zeros are in the array");
        p.zeroGradient();
        assertEquals(0f, p.accumulationBeta(), "cleared and not read: a writer may overwrite it");
        assertEquals(1f, p.accumulationBeta(), "the first writer took the overwrite; later ones add");
    }

    @Test
    void denseWeightGradientsAddUpOverBackwardPassesAndRestartWhenCleared() {
        Dense dense = new Dense(20, 9).withRelu();
        dense.initialize(new Rng(3));
        Tensor x = Tensor.uniform(new Rng(4), -1f, 1f, 5, 20);
        Tensor dy = Tensor.uniform(new Rng(5), -1f, 1f, 5, 9);
        Parameter w = dense.weights();

        w.zeroGradient();
        dense.forward(x);
        dense.backward(dy);
        float[] once = w.gradient().data().clone();

        dense.backward(dy); // no clearing: adds the same again, x + x = 2x exactly
        float[] twice = w.gradient().data().clone();
        for (int i = 0; i < w.size(); i++) {
            assertEquals(2 * once[i], twice[i], "weight " + i + " after two passes");
        }

        w.zeroGradient(); // the stale 2x must not leak into the next pass
        dense.backward(dy);
        assertArrayEquals(once, w.gradient().data());
    }
}
