package dev.nn.core.kernels.conv.winograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Backend;
import dev.nn.core.Close;
import dev.nn.core.ConvShape;
import dev.nn.core.Rng;
import dev.nn.core.kernels.Pooling;
import dev.nn.core.kernels.conv.ScalarConv;
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
    private final int threadsBefore = Backend.threads();

    @AfterEach
    void restoreThreads() {
        Backend.setThreads(threadsBefore);
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
    void mapsNarrowerThanATile() {
        // A tile's outputs past a row's end land at the start of the next rows, which are written
        // after them: F(2×2) over 1×1, 4×1 and 1×3 outputs, F(4×4) over 4×3 and 7×5.
        check(ConvShape.valid(2, L, 3, 3, L, 3, 3), 11);
        check(ConvShape.valid(1, L, 6, 3, L, 3, 3), 12);
        check(ConvShape.valid(1, L, 3, 5, 2 * L, 3, 3), 13);
        check(ConvShape.valid(2, L, 6, 5, L, 3, 3), 14);
        check(ConvShape.valid(3, 2 * L, 9, 7, L, 3, 3), 15);
    }

    @Test
    void referenceLayerShape() {
        // Several blocks of images, the last one partial; 11×11 outputs, odd, pooled to 5×5.
        check(ConvShape.valid(9, 32, 13, 13, 64, 3, 3), 3);
    }
    /** max |a| over each of {@code count} consecutive planes of {@code plane} values. */
    private static float[] planeMax(float[] a, int count, int plane) {
        float[] m = new float[count];
        for (int i = 0; i < count * plane; i++) {
            m[i / plane] = Math.max(m[i / plane], Math.abs(a[i]));
        }
        return m;
    }

    /** Σ|a| over each of {@code count} consecutive planes of {@code plane} values. */
    private static float[] planeSum(float[] a, int count, int plane) {
        float[] m = new float[count];
        for (int i = 0; i < count * plane; i++) {
            m[i / plane] += Math.abs(a[i]);
        }
        return m;
    }

    private static void check(ConvShape s, int seed) {
        assertTrue(Winograd.applies(s), s.toString());
        Rng rng = new Rng(seed);
        float[] x = Close.random(rng, s.inputSize()), w = Close.random(rng, s.weightSize());
        float[] bias = seed % 2 == 0 ? null : Close.random(rng, s.outChannels());
        boolean relu = seed % 3 != 1;
        String what = s + (relu ? " relu" : "") + (bias == null ? "" : " bias");

        float[] direct = new float[s.outputSize()];
        ScalarConv.INSTANCE.forward(s, x, w, bias, relu, direct);
        Backend.setThreads(1);
        float[] y = Close.random(rng, s.outputSize());
        Winograd.forward(s, x, w, bias, relu, y, null);
        // Rounding is measured against a scale per plane, not per output: the transforms mix all
        // the inputs of a tile, so an output's error follows the magnitude of the whole tile
        // (near padding or on tiny maps, far above that of the output's own terms: up to 53,000
        // times u·Σ|x·w| on the weight gradient of 5×3 maps). For the output plane (n, o) the scale
        // is Σ over c of max|x[n][c]|·Σ|w[o][c]|, plus |bias[o]|. Measured over 3,000 random
        // shapes: errors up to 22·u times it (forward), 12 (input gradient, scale
        // Σ over o of max|∂E/∂y[n][o]|·Σ|w[o][c]|) and 66 (weight gradient, scale
        // Σ over n of max|x[n][c]|·Σ|∂E/∂y[n][o]|, plus the old |dw|). The bounds allow 128, 128
        // and 512; a relative error of 1e-4 in one term of any transform breaks them.
        float[] xMax = planeMax(x, s.batch() * s.inChannels(), s.height() * s.width());
        float[] wSum = planeSum(w, s.outChannels() * s.inChannels(), 9);
        double[] tolerance = new double[s.outputSize()];
        for (int n = 0, i = 0; n < s.batch(); n++) {
            for (int o = 0; o < s.outChannels(); o++) {
                double scale = bias == null ? 0 : Math.abs(bias[o]);
                for (int c = 0; c < s.inChannels(); c++) {
                    scale += xMax[n * s.inChannels() + c] * wSum[o * s.inChannels() + c];
                }
                for (int q = 0; q < s.outHeight() * s.outWidth(); q++, i++) {
                    tolerance[i] = 128 * Close.U * scale;
                }
            }
        }
        Close.assertClose("forward " + what, direct, y, tolerance);

        Backend.setThreads(2);
        float[] y2 = Close.random(rng, s.outputSize());
        Winograd.forward(s, x, w, bias, relu, y2, null);
        assertArrayEquals(y, y2, "two threads " + what);

        // The input gradient, through ReLU's derivative when the forward pass applied it; one and
        // two threads alike.
        float[] dy = Close.random(rng, s.outputSize()), reluOutput = relu ? direct : null;
        float[] dxDirect = new float[s.inputSize()];
        ScalarConv.INSTANCE.backwardInput(s, dy, reluOutput, w, dxDirect);
        float[] dyMagnitude = Close.abs(dy);
        for (int i = 0; relu && i < dy.length; i++) {
            dyMagnitude[i] = direct[i] > 0f ? dyMagnitude[i] : 0f;
        }
        int plane = s.outHeight() * s.outWidth();
        float[] gMax = planeMax(dyMagnitude, s.batch() * s.outChannels(), plane);
        float[] gSum = planeSum(dyMagnitude, s.batch() * s.outChannels(), plane);
        double[] dxTolerance = new double[s.inputSize()];
        for (int n = 0, i = 0; n < s.batch(); n++) {
            for (int c = 0; c < s.inChannels(); c++) {
                double scale = 0;
                for (int o = 0; o < s.outChannels(); o++) {
                    scale += gMax[n * s.outChannels() + o] * wSum[o * s.inChannels() + c];
                }
                for (int q = 0; q < s.height() * s.width(); q++, i++) {
                    dxTolerance[i] = 128 * Close.U * scale;
                }
            }
        }
        float[][] dx = new float[2][s.inputSize()];
        for (int threads = 1; threads <= 2; threads++) {
            Backend.setThreads(threads);
            Winograd.backwardInput(s, dy, reluOutput, null, w, dx[threads - 1]);
        }
        Close.assertClose("input gradient " + what, dxDirect, dx[0], dxTolerance);
        assertArrayEquals(dx[0], dx[1], "input gradient, two threads " + what);

        // The weight and bias gradients, added to what dw and db held (the bias gradient sums a
        // tile's output gradients, no transform: within 128·u of its absolute terms, measured
        // 3.3); one and two threads alike.
        float[] dwDirect = Close.random(rng, s.weightSize()), dbDirect = Close.random(rng, s.outChannels());
        double[] dwTolerance = new double[s.weightSize()];
        for (int o = 0, k = 0; o < s.outChannels(); o++) {
            for (int c = 0; c < s.inChannels(); c++) {
                double scale = 0;
                for (int n = 0; n < s.batch(); n++) {
                    scale += xMax[n * s.inChannels() + c] * gSum[n * s.outChannels() + o];
                }
                for (int tap = 0; tap < 9; tap++, k++) {
                    dwTolerance[k] = 512 * Close.U * (scale + Math.abs(dwDirect[k]));
                }
            }
        }
        float[] dbMagnitude = Close.abs(dbDirect);
        float[][] dw = {dwDirect.clone(), dwDirect.clone()}, db = {dbDirect.clone(), dbDirect.clone()};
        ScalarConv.INSTANCE.backwardWeights(s, x, dy, reluOutput, dwDirect, dbDirect);
        ScalarConv.INSTANCE.backwardWeights(s, Close.abs(x), dyMagnitude, null, new float[s.weightSize()], dbMagnitude);
        for (int threads = 1; threads <= 2; threads++) {
            Backend.setThreads(threads);
            Winograd.backwardWeights(s, x, dy, reluOutput, null, dw[threads - 1], db[threads - 1]);
        }
        Close.assertClose("weight gradient " + what, dwDirect, dw[0], dwTolerance);
        Close.assertClose("bias gradient " + what, dbDirect, db[0], Close.unitsOfRounding(128, dbMagnitude));
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
                Backend.setThreads(threads);
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
