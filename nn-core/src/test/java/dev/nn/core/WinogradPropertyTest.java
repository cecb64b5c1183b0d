package dev.nn.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.range;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Winograd passes (3×3, stride 1, whole vectors of channels; F(2×2) or F(4×4) by the size of
 * the outputs) equal direct convolution's within their rounding, the forward pass pools to the
 * bit as the plain pass followed by {@link Pooling}, and every pass, the pooled gradients
 * included, gives the same bits with one thread and with two; on random sizes, padding, bias and
 * ReLU.
 */
class WinogradPropertyTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private final int threadsBefore = Kernels.threads();

    @AfterEach
    void restoreThreads() {
        Kernels.setThreads(threadsBefore);
    }

    @Test
    void appliesToThreeByThreeStrideOneOnWholeVectorsOfChannels() {
        assertTrue(Winograd.applies(ConvShape.valid(64, 32, 13, 13, 64, 3, 3)));
        assertTrue(Winograd.applies(new ConvShape(1, L, 5, 5, L, 3, 3, 1, 1)));
        assertFalse(Winograd.applies(ConvShape.valid(64, 1, 28, 28, 32, 3, 3)));
        assertFalse(Winograd.applies(ConvShape.valid(1, L, 8, 8, L + 1, 3, 3)));
        assertFalse(Winograd.applies(new ConvShape(1, L, 8, 8, L, 3, 3, 2, 0)));
        assertFalse(Winograd.applies(ConvShape.valid(1, L, 8, 8, L, 5, 5)));
    }

    @Test
    void randomShapes() {
        qt().withExamples(40).forAll(range(1, 5), range(1, 2), range(1, 3), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, in, out, bits) -> {
                    int h = 3 + bits % 18, w = 3 + (bits >> 5) % 18, pad = (bits >> 10) % 3;
                    check(new ConvShape(batch, in * L, h, w, out * L, 3, 3, 1, pad), bits);
                });
    }

    @Test
    void referenceLayerShape() {
        // Several blocks of images, the last one partial; 11×11 outputs, odd, pooled to 5×5.
        check(ConvShape.valid(9, 32, 13, 13, 64, 3, 3), 3);
    }

    /** factor·u times each magnitude. */
    private static double[] bound(double factor, float[] magnitude) {
        double[] tolerance = new double[magnitude.length];
        for (int i = 0; i < tolerance.length; i++) {
            tolerance[i] = factor * Close.U * magnitude[i];
        }
        return tolerance;
    }

    private static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }

    private static void check(ConvShape s, int seed) {
        assertTrue(Winograd.applies(s), s.toString());
        Rng rng = new Rng(seed);
        float[] x = Close.random(rng, s.inputSize()), w = Close.random(rng, s.weightSize());
        float[] bias = seed % 2 == 0 ? null : Close.random(rng, s.outChannels());
        boolean relu = seed % 3 != 1;
        String what = s + (relu ? " relu" : "") + (bias == null ? "" : " bias");

        float[] direct = new float[s.outputSize()];
        ScalarConv.forward(s, x, w, bias, relu, direct);
        Kernels.setThreads(1);
        float[] y = Close.random(rng, s.outputSize());
        Winograd.forward(s, x, w, bias, relu, y, null);
        // Measured: errors up to 6.7·u·Σ|x·w| for F(2×2) and 72·u·Σ|x·w| for F(4×4) (Σ|x·w| the
        // sum of the absolute products of direct convolution, bias included). The bound allows
        // (c + 16)·16 times that, 768 at c = 32; a relative error of 1e-4 in one term of any
        // transform breaks it.
        float[] magnitude = new float[s.outputSize()];
        ScalarConv.forward(s, abs(x), abs(w), bias == null ? null : abs(bias), false, magnitude);
        Close.assertClose("forward " + what, direct, y, bound((s.inChannels() + 16) * 16.0, magnitude));

        Kernels.setThreads(2);
        float[] y2 = Close.random(rng, s.outputSize());
        Winograd.forward(s, x, w, bias, relu, y2, null);
        assertArrayEquals(y, y2, "two threads " + what);

        // The input gradient, through ReLU's derivative when the forward pass applied it: within
        // the same bound (over f channels) of direct convolution's; one and two threads alike.
        float[] dy = Close.random(rng, s.outputSize()), reluOutput = relu ? direct : null;
        float[] dxDirect = new float[s.inputSize()];
        ScalarConv.backwardInput(s, dy, reluOutput, w, dxDirect);
        float[] dyMagnitude = abs(dy);
        for (int i = 0; relu && i < dy.length; i++) {
            dyMagnitude[i] = direct[i] > 0f ? dyMagnitude[i] : 0f;
        }
        float[] dxMagnitude = new float[s.inputSize()];
        ScalarConv.backwardInput(s, dyMagnitude, null, abs(w), dxMagnitude);
        float[][] dx = new float[2][s.inputSize()];
        for (int threads = 1; threads <= 2; threads++) {
            Kernels.setThreads(threads);
            Winograd.backwardInput(s, dy, reluOutput, null, w, dx[threads - 1]);
        }
        Close.assertClose("input gradient " + what, dxDirect, dx[0], bound((s.outChannels() + 16) * 16.0, dxMagnitude));
        assertArrayEquals(dx[0], dx[1], "input gradient, two threads " + what);

        // The weight and bias gradients, added to what dw and db held: within 128·u of the sums of
        // absolute terms (the gradients of |x| and |∂E/∂y|, plus the old |dw|; measured up to 32·u);
        // a relative error of 1e-5 in one term of the gradient transforms breaks it. One and two
        // threads alike.
        float[] dwDirect = Close.random(rng, s.weightSize()), dbDirect = Close.random(rng, s.outChannels());
        float[] dwMagnitude = abs(dwDirect), dbMagnitude = abs(dbDirect);
        float[][] dw = {dwDirect.clone(), dwDirect.clone()}, db = {dbDirect.clone(), dbDirect.clone()};
        ScalarConv.backwardWeights(s, x, dy, reluOutput, dwDirect, dbDirect);
        ScalarConv.backwardWeights(s, abs(x), dyMagnitude, null, dwMagnitude, dbMagnitude);
        for (int threads = 1; threads <= 2; threads++) {
            Kernels.setThreads(threads);
            Winograd.backwardWeights(s, x, dy, reluOutput, null, dw[threads - 1], db[threads - 1]);
        }
        Close.assertClose("weight gradient " + what, dwDirect, dw[0], bound(128, dwMagnitude));
        Close.assertClose("bias gradient " + what, dbDirect, db[0], bound(128, dbMagnitude));
        assertArrayEquals(dw[0], dw[1], "weight gradient, two threads " + what);
        assertArrayEquals(db[0], db[1], "bias gradient, two threads " + what);

        if (s.outHeight() >= 2 && s.outWidth() >= 2) {
            int planes = s.batch() * s.outChannels(), n = planes * (s.outHeight() / 2) * (s.outWidth() / 2);
            float[] pooled = new float[n], pooledW = Close.random(rng, n);
            int[] argmax = new int[n], argmaxW = new int[n];
            Pooling.maxPoolForward(planes, s.outHeight(), s.outWidth(), 2, 2, y, pooled, argmax);
            Winograd.forward(s, x, w, bias, relu, pooledW, argmaxW);
            assertArrayEquals(pooled, pooledW, "pooled " + what);
            assertArrayEquals(argmax, argmaxW, "argmax " + what);
            // The pooled gradients (checked against Conv and Pooling in ConvPoolPropertyTest):
            // the same bits with one thread and with two.
            float[] dPooled = Close.random(rng, n), pooledRelu = relu ? pooled : null;
            float[][] dxPooled = new float[2][s.inputSize()];
            float[] dw0 = Close.random(rng, s.weightSize()), db0 = Close.random(rng, s.outChannels());
            for (int threads = 1; threads <= 2; threads++) {
                Kernels.setThreads(threads);
                dw[threads - 1] = dw0.clone();
                db[threads - 1] = db0.clone();
                Winograd.backwardInput(s, dPooled, pooledRelu, argmax, w, dxPooled[threads - 1]);
                Winograd.backwardWeights(s, x, dPooled, pooledRelu, argmax, dw[threads - 1], db[threads - 1]);
            }
            assertArrayEquals(dxPooled[0], dxPooled[1], "pooled input gradient, two threads " + what);
            assertArrayEquals(dw[0], dw[1], "pooled weight gradient, two threads " + what);
            assertArrayEquals(db[0], db[1], "pooled bias gradient, two threads " + what);
        }
    }
}
