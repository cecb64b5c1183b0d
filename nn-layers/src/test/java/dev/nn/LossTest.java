package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import org.junit.jupiter.api.Test;

/** Loss values and gradients against hand-computed cases. */
class LossTest {
    @Test
    void mseIsTheMeanOverEveryValue() {
        Loss mse = Loss.mse();
        // ((1−0)² + (2−0)² + (0−1)² + (3−1)²) / 4 = (1 + 4 + 1 + 4) / 4
        assertEquals(2.5f, mse.forward(t(2, 2, 1, 2, 0, 3), t(2, 2, 0, 0, 1, 1)));
        assertArrayEquals(new float[] {0.5f, 1f, -0.5f, 1f}, mse.backward().toArray());
    }

    @Test
    void softmaxCrossEntropyOnOneHotTargets() {
        Loss ce = Loss.softmaxCrossEntropy();
        // softmax(1, 2, 3) = (0.0900306, 0.2447285, 0.6652410); −log 0.6652410 = 0.4076059
        assertEquals(0.4076059f, ce.forward(t(1, 3, 1, 2, 3), t(1, 3, 0, 0, 1)), 1e-6f);
        assertArrayEquals(new float[] {0.0900306f, 0.2447285f, -0.3347590f}, ce.backward().toArray(), 1e-6f);
    }

    @Test
    void softmaxCrossEntropyAveragesOverTheBatchAndStaysFiniteForHugeLogits() {
        Loss ce = Loss.softmaxCrossEntropy();
        // Row 1: logits (1000, 0), target 0 → loss ≈ 0; row 2: target 1 → loss 1000. Mean 500.
        float loss = ce.forward(t(2, 2, 1000, 0, 1000, 0), t(2, 2, 1, 0, 0, 1));
        assertEquals(500f, loss, 1e-3f);
        assertArrayEquals(new float[] {0, 0, 0.5f, -0.5f}, ce.backward().toArray(), 1e-6f);
    }

    @Test
    void binaryCrossEntropyOnProbabilities() {
        Loss bce = Loss.binaryCrossEntropy();
        // −(log 0.8 + log(1 − 0.4)) / 2 = (0.2231436 + 0.5108256) / 2
        assertEquals(0.3669846f, bce.forward(t(2, 1, 0.8f, 0.4f), t(2, 1, 1, 0)), 1e-6f);
        // (p − t) / (p(1 − p)·n): (0.8 − 1) / (0.16·2) = −0.625, 0.4 / (0.24·2) = 0.8333
        assertArrayEquals(new float[] {-0.625f, 0.8333333f}, bce.backward().toArray(), 1e-5f);
        float saturated = bce.forward(t(1, 1, 0f), t(1, 1, 1));
        assertTrue(Float.isFinite(saturated) && saturated > 15, "clamped loss " + saturated);
        assertTrue(Float.isFinite(bce.backward().data()[0]));
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Loss.mse().forward(Tensor.zeros(4, 10), Tensor.zeros(4, 1)));
        assertEquals("mse: predictions [4, 10] and targets [4, 1] differ in shape", e.getMessage());
        assertThrows(IllegalStateException.class, () -> Loss.softmaxCrossEntropy().backward());
    }

    @Test
    void onlySoftmaxCrossEntropyTakesLogits() {
        assertTrue(Loss.softmaxCrossEntropy().takesLogits());
        assertFalse(Loss.mse().takesLogits());
        assertFalse(Loss.binaryCrossEntropy().takesLogits());
        assertEquals("softmaxCrossEntropy", Loss.softmaxCrossEntropy().toString());
    }

    static Tensor t(int rows, int cols, float... values) {
        return Tensor.wrap(values, rows, cols);
    }
}
