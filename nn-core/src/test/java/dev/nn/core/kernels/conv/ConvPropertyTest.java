package dev.nn.core.kernels.conv;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.ConvShape;
import dev.nn.core.Rng;
import dev.nn.core.kernels.Conv;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Vector API convolutions equal their scalar twins on random shapes, strides and padding. */
class ConvPropertyTest {
    private static final List<Integer> PLANE = List.of(1, 2, 3, 5, 15, 16, 17, 28, 31, 33);
    private static final List<Integer> KERNEL = List.of(1, 2, 3, 5);

    @Test
    void planesEqualScalarTwin() {
        // Kernels no larger than the plane are drawn directly: rejecting the others with an
        // assumption made QuickTheories give up, now and then, for want of examples.
        qt().withExamples(300).forAll(pick(PLANE), pick(PLANE), pick(KERNEL), range(0, Integer.MAX_VALUE))
                .checkAssert((h, w, kernel, bits) -> {
                    int kh = Math.min(kernel, h);
                    int kw = 1 + bits % Math.min(5, w);
                    int off = bits % 3;
                    Rng rng = new Rng(bits);
                    float[] x = Close.random(rng, off + h * w);
                    float[] k = Close.random(rng, off + kh * kw);
                    int vh = h - kh + 1, vw = w - kw + 1, fh = h + kh - 1, fw = w + kw - 1;
                    float[] valid = Close.random(rng, off + vh * vw);
                    float[] full = Close.random(rng, off + fh * fw);
                    float[] validV = valid.clone(), fullV = full.clone();
                    ScalarConv.INSTANCE.correlate2d(x, off, h, w, k, off, kh, kw, valid, off);
                    VectorConv.INSTANCE.correlate2d(x, off, h, w, k, off, kh, kw, validV, off);
                    ScalarConv.INSTANCE.convolve2d(x, off, h, w, k, off, kh, kw, full, off);
                    VectorConv.INSTANCE.convolve2d(x, off, h, w, k, off, kh, kw, fullV, off);
                    // Sums of kh·kw products of values in [-1, 1], plus the old value: each order
                    // is within (kh·kw + 1)·u·(kh·kw + 1) of the exact sum.
                    double tol = 2 * (kh * kw + 2) * (kh * kw + 1) * Close.U;
                    String what = "plane " + h + "×" + w + " kernel " + kh + "×" + kw + " offset " + off;
                    Close.assertClose("correlate2d " + what, valid, validV, tol);
                    Close.assertClose("convolve2d " + what, full, fullV, tol);
                });
    }

    @Test
    void batchedPassesEqualScalarTwin() {
        qt().withExamples(150).forAll(range(1, 3), range(1, 5), range(1, 6), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, inChannels, outChannels, bits) -> {
                    int h = PLANE.get(bits % PLANE.size()), w = PLANE.get((bits >> 4) % PLANE.size());
                    int kh = 1 + (bits >> 8) % 3, kw = 1 + (bits >> 10) % 3;
                    int stride = 1 + (bits >> 12) % 3, pad = (bits >> 14) % 3;
                    if (kh > h + 2 * pad || kw > w + 2 * pad) {
                        return;
                    }
                    check(new ConvShape(batch, inChannels, h, w, outChannels, kh, kw, stride, pad), bits);
                });
    }

    @Test
    void referenceLayerShapesEqualScalarTwin() {
        check(ConvShape.valid(2, 1, 28, 28, 32, 3, 3), 1);
        check(ConvShape.valid(2, 32, 13, 13, 64, 3, 3), 2);
        check(new ConvShape(1, 3, 32, 32, 8, 5, 5, 2, 2), 3);
        // Batches that WideConv splits into several groups, the last one partial.
        check(ConvShape.valid(5, 32, 13, 13, 64, 3, 3), 4);
        check(new ConvShape(7, 16, 12, 12, 24, 3, 3, 1, 1), 5);
        // The weight gradient as dot products (few taps, large planes), with padding, filters
        // that do not fill the last tile of four, ReLU's derivative and the bias gradient (seed 7).
        check(new ConvShape(3, 2, 20, 18, 6, 3, 3, 1, 1), 7);
    }

    @Test
    void rowConvEqualsScalarTwin() {
        // First-layer shapes: rows of one to three vectors and more (odd counts overlap a pair),
        // filters that do not fill the last block of eight, padding, bias and ReLU.
        int lanes = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();
        qt().withExamples(150).forAll(range(1, 3), range(1, 3), range(1, 20), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, inChannels, outChannels, bits) -> {
                    int k = 1 + bits % 3, pad = (bits >> 2) % 2;
                    int w = lanes + k - 1 - 2 * pad + (bits >> 3) % (3 * lanes);
                    // Planes of at least 256 outputs.
                    int h = 256 / (w - k + 1 + 2 * pad) + k + (bits >> 9) % 4;
                    ConvShape s = new ConvShape(batch, inChannels, h, w, outChannels, k, k, 1, pad);
                    if (!RowConv.applies(s)) {
                        throw new AssertionError("not a RowConv shape: " + s);
                    }
                    Rng rng = new Rng(bits);
                    float[] x = Close.random(rng, s.inputSize()), wt = Close.random(rng, s.weightSize());
                    float[] bias = bits % 2 == 0 ? null : Close.random(rng, s.outChannels());
                    boolean relu = (bits >> 1) % 2 == 0;
                    float[] y = new float[s.outputSize()], yV = Close.random(rng, s.outputSize());
                    ScalarConv.INSTANCE.forward(s, x, wt, bias, relu, y);
                    RowConv.forward(s, x, wt, bias, relu, yV);
                    int taps = inChannels * k * k;
                    Close.assertClose("RowConv " + s + " bias " + (bias != null) + " relu " + relu, y, yV,
                            2.0 * (taps + 1) * (taps + 1) * Close.U);
                });
    }

    private static void check(ConvShape s, int seed) {
        Rng rng = new Rng(seed);
        float[] x = Close.random(rng, s.inputSize());
        float[] w = Close.random(rng, s.weightSize());
        float[] dy = Close.random(rng, s.outputSize());
        float[] y = new float[s.outputSize()], yV = Close.random(rng, s.outputSize());
        float[] dx = new float[s.inputSize()], dxV = Close.random(rng, s.inputSize());
        float[] dw = Close.random(rng, s.weightSize()), dwV = dw.clone();
        float[] bias = seed % 2 == 0 ? null : Close.random(rng, s.outChannels());
        boolean relu = seed % 3 == 1;
        // The gradients with ReLU's derivative and the bias gradient fused in, or plain.
        float[] reluOutput = seed % 4 >= 2 ? Close.random(rng, s.outputSize()) : null;
        float[] db = seed % 5 >= 2 ? Close.random(rng, s.outChannels()) : null, dbV = db == null ? null : db.clone();
        ScalarConv.INSTANCE.forward(s, x, w, bias, relu, y);
        VectorConv.INSTANCE.forward(s, x, w, bias, relu, yV);
        ScalarConv.INSTANCE.backwardInput(s, dy, reluOutput, w, dx);
        VectorConv.INSTANCE.backwardInput(s, dy, reluOutput, w, dxV);
        ScalarConv.INSTANCE.backwardWeights(s, x, dy, reluOutput, dw, db);
        VectorConv.INSTANCE.backwardWeights(s, x, dy, reluOutput, dwV, dbV);
        // Values in [-1, 1]: a sum of r products differs between orders by at most 2·r·u·r.
        int taps = s.inChannels() * s.kernelHeight() * s.kernelWidth();
        int fieldsPerInput = s.outChannels() * s.kernelHeight() * s.kernelWidth();
        int fieldsPerWeight = s.batch() * s.outHeight() * s.outWidth() + 1;
        Close.assertClose("forward " + s, y, yV, 2.0 * (taps + 1) * (taps + 1) * Close.U);
        Close.assertClose("backwardInput " + s, dx, dxV, 2.0 * fieldsPerInput * fieldsPerInput * Close.U);
        Close.assertClose("backwardWeights " + s, dw, dwV, 2.0 * fieldsPerWeight * fieldsPerWeight * Close.U);
        if (db != null) {
            Close.assertClose("bias gradient " + s, db, dbV, 2.0 * fieldsPerWeight * fieldsPerWeight * Close.U);
        }
    }

    @Test
    void reluOutputMasksTheGradientAndBiasGradientSumsIt() {
        // One image, one channel, 1×1 kernel of weight 2 on a 1×2 plane: dy = (3, 5), the forward
        // output (−1, 4) keeps only the second gradient.
        ConvShape s = ConvShape.valid(1, 1, 1, 2, 1, 1, 1);
        float[] x = {7f, 11f}, w = {2f}, dy = {3f, 5f}, out = {-1f, 4f};
        float[] dx = new float[2], dw = new float[1], db = new float[1];
        Conv.backwardInput(s, dy, out, w, dx);
        Conv.backwardWeights(s, x, dy, out, dw, db);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0f, 10f}, dx);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {55f}, dw);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {5f}, db);
    }
}
