package dev.nn.layers;

import static dev.nn.layers.MaxPool2DTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Inverted dropout: mask statistics, determinism, inference mode, and when masks are redrawn. */
class DropoutTest {
    private static Dropout initialized(float rate, long seed) {
        Dropout d = new Dropout(rate);
        d.initialize(new Rng(seed));
        return d;
    }

    private static Tensor filled(float value, int... shape) {
        Tensor t = Tensor.zeros(shape);
        Arrays.fill(t.data(), value);
        return t;
    }

    private static float[] values(Tensor t) {
        return Arrays.copyOf(t.data(), t.size());
    }

    @Test
    void keptFractionIsOneMinusRateAndKeptValuesAreScaled() {
        float rate = 0.3f;
        int n = 1_000_000;
        Tensor y = initialized(rate, 7).forward(filled(2f, 1000, 1000));
        float scaled = 2f * (1f / (1f - rate));
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float v = y.data()[i];
            assertTrue(v == 0f || v == scaled, "y[" + i + "] = " + v + " is neither 0 nor 2/(1 − rate)");
            sum += v;
        }
        int kept = n - zeros(y.data());
        // Kept ~ Binomial(n, 0.7): its standard deviation is sqrt(n·0.7·0.3) ≈ 458; allow 5 of them.
        double sd = Math.sqrt(n * 0.7 * 0.3);
        assertEquals(0.7 * n, kept, 5 * sd, "kept values");
        // The mean of y is 2/0.7 · kept/n, so its deviation from 2 is 2/0.7 · (kept − 0.7n)/n.
        assertEquals(2.0, sum / n, 5 * sd * 2 / 0.7 / n, "mean of y, whose expectation is x = 2");
    }

    @Test
    void expectationOfEachValueIsPreservedOverManyMasks() {
        // The same input through 4000 fresh masks (a backward between forwards draws a new one).
        Dropout d = initialized(0.5f, 11);
        float[] x = {-3f, 0.5f, 7f};
        double[] sum = new double[3];
        int masks = 4000;
        for (int k = 0; k < masks; k++) {
            Tensor y = d.forward(Tensor.wrap(x.clone(), 1, 3));
            for (int i = 0; i < 3; i++) {
                sum[i] += y.data()[i];
            }
            d.backward(Tensor.zeros(1, 3));
        }
        for (int i = 0; i < 3; i++) {
            // y = 2x or 0 with equal chances: standard deviation |x|, of the mean |x|/sqrt(masks).
            assertEquals(x[i], sum[i] / masks, 5 * Math.abs(x[i]) / Math.sqrt(masks), "mean of y[" + i + "]");
        }
    }

    @Test
    void sameSeedGivesTheSameMaskAndAnotherSeedAnother() {
        Tensor x = filled(1f, 4, 256);
        float[] a = values(initialized(0.5f, 42).forward(x));
        float[] b = values(initialized(0.5f, 42).forward(x));
        float[] c = values(initialized(0.5f, 43).forward(x));
        assertArrayEquals(a, b);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void maskIsReusedAcrossForwardPassesUntilABackwardPass() {
        Dropout d = initialized(0.5f, 3);
        Tensor x = filled(1f, 8, 128);
        float[] first = values(d.forward(x));
        assertArrayEquals(first, values(d.forward(x)));
        assertArrayEquals(first, values(d.forward(filled(1f, 8, 128))));

        Tensor dy = filled(3f, 8, 128);
        Tensor dx = d.backward(dy);
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i] * 3f, dx.data()[i], "∂E/∂x[" + i + "] is ∂E/∂y times the mask");
        }

        float[] second = values(d.forward(x));
        assertFalse(Arrays.equals(first, second), "a forward pass after a backward pass draws a new mask");
        assertArrayEquals(second, values(d.forward(x)));
    }

    @Test
    void initializeStartsTheSequenceAgain() {
        Dropout d = initialized(0.5f, 5);
        Tensor x = filled(1f, 2, 500);
        float[] first = values(d.forward(x));
        d.backward(filled(1f, 2, 500));
        d.forward(x);
        d.initialize(new Rng(5));
        assertArrayEquals(first, values(d.forward(x)));
    }

    @Test
    void anotherInputSizeGetsAMaskOfItsSize() {
        Dropout d = initialized(0.5f, 9);
        d.forward(filled(1f, 4, 10));
        Tensor y = d.forward(filled(1f, 6, 10));
        assertArrayEquals(new int[] {6, 10}, y.shape());
        Tensor dx = d.backward(filled(1f, 6, 10));
        assertArrayEquals(values(y), values(dx));
    }

    @Test
    void inferenceModeIsTheIdentityAndNeedsNoGenerator() {
        Dropout d = new Dropout(0.5f);
        d.setTraining(false);
        Tensor x = Tensor.wrap(new float[] {1, -2, 3, -4}, 2, 2);
        Tensor y = d.forward(x);
        assertArrayEquals(new float[] {1, -2, 3, -4}, values(y));
        Tensor dy = Tensor.wrap(new float[] {5, 6, 7, 8}, 2, 2);
        assertArrayEquals(new float[] {5, 6, 7, 8}, values(d.backward(dy)));

        // Back in training mode the mask applies again; a backward follows its forward's mode.
        d.initialize(new Rng(1));
        d.setTraining(true);
        Tensor big = filled(1f, 1, 1000);
        float[] trained = values(d.forward(big));
        assertTrue(zeros(trained) > 0, "some values are dropped");
        d.setTraining(false);
        assertArrayEquals(trained, values(d.backward(filled(1f, 1, 1000))));
    }

    @Test
    void rateZeroIsTheIdentity() {
        Dropout d = new Dropout(0f);
        Tensor x = Tensor.wrap(new float[] {1, 2, 3}, 1, 3);
        assertSame(x, d.forward(x));
        Tensor dy = Tensor.wrap(new float[] {4, 5, 6}, 1, 3);
        assertSame(dy, d.backward(dy));
    }

    @Test
    void shapesNamesAndErrors() {
        assertArrayEquals(new int[] {3, 5, 7}, new Dropout(0.2f).outputShape(new int[] {3, 5, 7}));
        assertEquals("Dropout(0.25)", new Dropout(0.25f).toString());
        assertEquals(0.25f, new Dropout(0.25f).rate());
        assertMessage(IllegalArgumentException.class, "Dropout rate must be in [0, 1), got 1.0", () -> new Dropout(1f));
        assertMessage(IllegalArgumentException.class, "got -0.1", () -> new Dropout(-0.1f));
        assertMessage(IllegalArgumentException.class, "got NaN", () -> new Dropout(Float.NaN));
        assertMessage(IllegalStateException.class, "Dropout(0.5) has no random generator for its mask: call initialize(rng)",
                () -> new Dropout(0.5f).forward(Tensor.zeros(1, 4)));
        assertMessage(IllegalStateException.class, "Dropout(0.5): backward called before forward",
                () -> initialized(0.5f, 1).backward(Tensor.zeros(1, 4)));
        Dropout d = initialized(0.5f, 1);
        d.forward(Tensor.zeros(2, 4));
        assertMessage(IllegalArgumentException.class, "Dropout(0.5): expected output gradient of shape [2, 4] but got [2, 5]",
                () -> d.backward(Tensor.zeros(2, 5)));
    }

    private static int zeros(float[] a) {
        int n = 0;
        for (float v : a) {
            n += v == 0f ? 1 : 0;
        }
        return n;
    }
}
