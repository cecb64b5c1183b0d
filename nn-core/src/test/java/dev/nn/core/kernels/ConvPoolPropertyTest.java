package dev.nn.core.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Backend;
import dev.nn.core.Close;
import dev.nn.core.ConvShape;
import dev.nn.core.Rng;
import dev.nn.core.kernels.conv.ScalarConv;
import dev.nn.core.kernels.conv.winograd.Winograd;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fused convolution, ReLU and max pooling gives the same pooled output and argmax, to the bit,
 * as {@link Conv} followed by {@link Pooling}, with one thread and with several; the same
 * gradients to the bit too, but for the input gradient where Winograd's algorithm computes it
 * (then within a bound on the rounding). The weight gradient runs by Winograd's algorithm only as
 * an opt-in, off here.
 */
class ConvPoolPropertyTest {
    private final int threadsBefore = Backend.threads();

    @AfterEach
    void restoreThreads() {
        Backend.setThreads(threadsBefore);
    }

    @Test
    void randomShapesEqualConvThenPool() {
        qt().withExamples(120).forAll(range(1, 4), range(1, 4), range(1, 19), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, inChannels, outChannels, bits) -> {
                    int h = 3 + bits % 22, w = 3 + (bits >> 5) % 22, pad = (bits >> 10) % 2, pool = 2 + (bits >> 12) % 2;
                    int stride = 1 + (bits >> 14) % 2;
                    ConvShape s = new ConvShape(batch, inChannels, h, w, outChannels, 3, 3, stride, pad);
                    if (s.outHeight() < pool || s.outWidth() < pool) {
                        return;
                    }
                    check(s, pool, bits, false);
                });
    }

    @Test
    void referenceLayerShapesEqualConvThenPool() {
        for (int threads : new int[] {1, 2}) {
            Backend.setThreads(threads);
            // The weight gradient as dot products, 13 pooled outputs per row.
            check(ConvShape.valid(3, 1, 28, 28, 32, 3, 3), 2, 1, false);
            // The weight gradient through wide rows and a matrix product, in several image groups;
            // 5 pooled outputs per row from 11, the last row and column of each plane dropped.
            check(ConvShape.valid(5, 32, 13, 13, 64, 3, 3), 2, 2, false);
            // Winograd's F(2×2) (6×6 outputs; 11×11 take F(4×4)), pooled to 3×3.
            check(new ConvShape(4, 16, 8, 8, 16, 3, 3, 1, 0), 2, 6, false);
            // Padding, and filters that do not fill the last tile of eight or strip of four.
            check(new ConvShape(3, 2, 20, 18, 6, 3, 3, 1, 1), 2, 3, false);
        }
    }

    @Test
    void tiesGoToTheFirstMaximumAsInPooling() {
        // Inputs and weights in {−1, 0, 1}: many equal outputs, and many zeros after ReLU.
        check(ConvShape.valid(2, 1, 28, 28, 32, 3, 3), 2, 4, true);
        check(ConvShape.valid(3, 32, 13, 13, 64, 3, 3), 2, 5, true);
    }

    @Test
    void badArgumentsAreNamed() {
        ConvShape s = ConvShape.valid(1, 1, 6, 6, 2, 3, 3);
        float[] x = new float[36], w = new float[18], pooled = new float[8];
        int[] argmax = new int[8];
        assertThrows(IllegalArgumentException.class, () -> ConvPool.forward(s, 5, x, w, null, true, pooled, argmax));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvPool.forward(s, 2, x, w, null, true, new float[7], argmax));
        assertTrue(e.getMessage().contains("pooled"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ConvPool.backwardInput(s, 2, new float[8], pooled, true, null, w, x));
        assertTrue(e.getMessage().contains("argmax"), e.getMessage());
    }

    /**
     * Forward and both gradients, fused and as the two operations, compared to the bit. With
     * {@code ternary}, inputs and weights are −1, 0 or 1.
     */
    private static void check(ConvShape s, int pool, int seed, boolean ternary) {
        Rng rng = new Rng(seed);
        float[] x = values(rng, s.inputSize(), ternary), w = values(rng, s.weightSize(), ternary);
        float[] bias = seed % 3 == 0 ? null : values(rng, s.outChannels(), ternary);
        boolean relu = seed % 4 != 1;
        int planes = s.batch() * s.outChannels(), oh = s.outHeight(), ow = s.outWidth();
        int pooledSize = planes * (oh / pool) * (ow / pool);
        String what = s + " pool " + pool + (relu ? " relu" : "") + (bias == null ? "" : " bias");

        float[] y = new float[s.outputSize()], pooled = new float[pooledSize];
        int[] argmax = new int[pooledSize];
        Conv.forward(s, x, w, bias, relu, y);
        Pooling.maxPoolForward(planes, oh, ow, pool, pool, y, pooled, argmax);
        float[] pooledF = new float[pooledSize];
        int[] argmaxF = new int[pooledSize];
        ConvPool.forward(s, pool, x, w, bias, relu, pooledF, argmaxF);
        assertArrayEquals(pooled, pooledF, "pooled " + what);
        assertArrayEquals(argmax, argmaxF, "argmax " + what);

        float[] dPooled = Close.random(rng, pooledSize);
        float[] dy = new float[s.outputSize()], dx = new float[s.inputSize()], dxF = Close.random(rng, s.inputSize());
        Pooling.maxPoolBackward(planes, oh, ow, pool, pool, dPooled, argmax, dy);
        float[] reluOutput = relu ? y : null;
        Conv.backwardInput(s, dy, reluOutput, w, dx);
        ConvPool.backwardInput(s, pool, dPooled, pooledF, relu, argmaxF, w, dxF);

        float[] dw = Close.random(rng, s.weightSize()), dwF = dw.clone();
        float[] db = Close.random(rng, s.outChannels()), dbF = db.clone();
        Conv.backwardWeights(s, x, dy, reluOutput, dw, db);
        ConvPool.backwardWeights(s, pool, x, dPooled, pooledF, relu, argmaxF, dwF, dbF);
        assertArrayEquals(dw, dwF, "dw " + what);
        assertArrayEquals(db, dbF, "bias gradient " + what);
        if (!(Backend.vectorized() && pool == 2 && Winograd.applies(s))) {
            assertArrayEquals(dx, dxF, "dx " + what);
            return;
        }
        // Winograd's input gradient (3×3 kernels, whole vectors of channels), fused and not: within
        // 64·u times the sums of absolute terms (the gradient of |w| and |∂E/∂y|, summed directly:
        // Winograd's transforms subtract). Both run the same tiles, and gave the same bits on these
        // shapes; the pooled tiles are a subset of the plain ones, and a product split differently
        // over blocks of tiles could round differently. (Winograd's accuracy itself:
        // WinogradPropertyTest.)
        float[] dxMagnitude = new float[s.inputSize()];
        ScalarConv.INSTANCE.backwardInput(s, Close.abs(dy), null, Close.abs(w), dxMagnitude);
        Close.assertClose("dx " + what, dx, dxF, Close.unitsOfRounding(64, dxMagnitude));
    }

    private static float[] values(Rng rng, int n, boolean ternary) {
        float[] v = Close.random(rng, n);
        if (ternary) {
            for (int i = 0; i < n; i++) {
                v[i] = Math.round(v[i]);
            }
        }
        return v;
    }
}
