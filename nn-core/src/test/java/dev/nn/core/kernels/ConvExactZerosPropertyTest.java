package dev.nn.core.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Backend;
import dev.nn.core.ConvShape;
import dev.nn.core.Rng;
import dev.nn.core.kernels.conv.winograd.Winograd;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Exact zeros stay zero: where every product x·∂E/∂y of a weight's sum is 0, its gradient is
 * exactly 0, and where one is not, it is not; likewise the bias gradient, whose terms are ∂E/∂y.
 * On the shapes that run Winograd's forward pass and input gradient (3×3, stride 1, whole vectors
 * of channels), plain and with the fused 2×2 max pooling, through ReLU's derivative or not, with
 * inputs and output gradients full of dead units: whole channels of zeros, zero rectangles and
 * scattered zeros, so that many weights have all their products 0 without their whole filter or
 * channel being dead. Which products are 0 is found by brute force over every term of every sum.
 * With {@link Backend#setWinogradWeightGradient} on, the same cases leave rounding noise where the
 * products are all 0: that opt-in trades this property for speed.
 */
class ConvExactZerosPropertyTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final int EXAMPLES = 60;

    private final boolean winogradBefore = Backend.winogradWeightGradient();

    @AfterEach
    void restoreSetting() {
        Backend.setWinogradWeightGradient(winogradBefore);
    }

    @Test
    void weightGradientIsExactlyZeroWhereEveryProductIsZero() {
        Backend.setWinogradWeightGradient(false);
        int[] partial = new int[1];
        qt().withExamples(EXAMPLES).forAll(range(1, 3), range(1, 2), range(1, 2), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, in, out, bits) -> {
                    Outcome o = check(shape(batch, in, out, bits), (bits >> 13) % 2 == 1, (bits >> 14) % 2 == 1, bits);
                    assertEquals(0, o.wrong(), o.description());
                    partial[0] += o.partialZeros();
                });
        // The hard case was met: weights whose products are all 0 while their filter's and
        // channel's other weights are not (a dead filter or channel gives zeros in any algorithm).
        assertTrue(partial[0] > 100, "only " + partial[0] + " weights with all products 0 in live filters and channels");
    }

    @Test
    void winogradWeightGradientLeavesNoiseWhereEveryProductIsZero() {
        Backend.setWinogradWeightGradient(true);
        int[] wrong = new int[1];
        qt().withExamples(EXAMPLES).forAll(range(1, 3), range(1, 2), range(1, 2), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, in, out, bits) -> {
                    Outcome o = check(shape(batch, in, out, bits), (bits >> 13) % 2 == 1, (bits >> 14) % 2 == 1, bits);
                    wrong[0] += o.wrong();
                });
        assertTrue(!Backend.vectorized() || wrong[0] > 0, "the opt-in was expected to leave noise at exact zeros");
    }

    @Test
    void referenceLayerShapes() {
        Backend.setWinogradWeightGradient(false);
        // F(4×4) on 11×11 outputs, several blocks of images, pooled to 5×5; F(2×2) on 6×6 with padding.
        for (boolean pooled : new boolean[] {false, true}) {
            Outcome o = check(ConvShape.valid(9, 32, 13, 13, 64, 3, 3), pooled, true, 3);
            assertEquals(0, o.wrong(), o.description());
            o = check(new ConvShape(2, 16, 6, 6, 32, 3, 3, 1, 1), pooled, true, 4);
            assertEquals(0, o.wrong(), o.description());
        }
    }

    /** 3×3 at stride 1 on maps of 3 to 14, padding 0 or 1, whole vectors of channels. */
    private static ConvShape shape(int batch, int in, int out, int bits) {
        int h = 3 + bits % 12, w = 3 + (bits >> 4) % 12, pad = (bits >> 8) % 2;
        ConvShape s = new ConvShape(batch, in * L, h, w, out * L, 3, 3, 1, pad);
        assertTrue(Winograd.applies(s), s.toString());
        return s;
    }

    /**
     * Runs the forward pass and the weight and bias gradients (pooled when asked, if the outputs
     * are at least 2×2) through the facades, and compares which gradients are 0 with which have
     * all their products 0.
     */
    private static Outcome check(ConvShape s, boolean pooled, boolean relu, int seed) {
        Rng rng = new Rng(seed);
        int oh = s.outHeight(), ow = s.outWidth(), planes = s.batch() * s.outChannels();
        pooled &= oh >= 2 && ow >= 2;
        float[] x = withDeadUnits(rng, s.batch() * s.inChannels(), s.height(), s.width());
        float[] w = random(rng, s.weightSize()), bias = random(rng, s.outChannels());
        // ∂E/∂y as the weight gradient reads it: masked by ReLU, routed through the pooling.
        float[] dy = new float[s.outputSize()], dw = new float[s.weightSize()], db = new float[s.outChannels()];
        if (pooled) {
            int n = planes * (oh / 2) * (ow / 2);
            float[] out = new float[n], dPooled = withDeadUnits(rng, planes, oh / 2, ow / 2);
            int[] argmax = new int[n];
            ConvPool.forward(s, 2, x, w, bias, relu, out, argmax);
            for (int i = 0; i < n; i++) {
                dy[argmax[i]] = relu && !(out[i] > 0f) ? 0f : dPooled[i];
            }
            ConvPool.backwardWeights(s, 2, x, dPooled, out, relu, argmax, dw, db);
        } else {
            float[] out = new float[s.outputSize()], g = withDeadUnits(rng, planes, oh, ow);
            Conv.forward(s, x, w, bias, relu, out);
            for (int i = 0; i < g.length; i++) {
                dy[i] = relu && !(out[i] > 0f) ? 0f : g[i];
            }
            Conv.backwardWeights(s, x, g, relu ? out : null, dw, db);
        }
        boolean[] someProduct = weightsWithANonzeroProduct(s, x, dy);
        int wrong = 0, zeros = 0, partial = 0, first = -1;
        boolean[] liveFilter = new boolean[s.outChannels()], liveChannel = new boolean[s.inChannels()];
        for (int i = 0; i < dw.length; i++) {
            if (someProduct[i]) {
                liveFilter[i / (9 * s.inChannels())] = true;
                liveChannel[i / 9 % s.inChannels()] = true;
            }
        }
        for (int i = 0; i < dw.length; i++) {
            if (someProduct[i] == (dw[i] == 0f)) {
                wrong++;
                first = first < 0 ? i : first;
            }
            if (!someProduct[i]) {
                zeros++;
                partial += liveFilter[i / (9 * s.inChannels())] && liveChannel[i / 9 % s.inChannels()] ? 1 : 0;
            }
        }
        for (int o = 0; o < s.outChannels(); o++) {
            if (anyNonzero(dy, s, o) == (db[o] == 0f)) {
                wrong++;
            }
        }
        String description = s + (pooled ? " pooled" : "") + (relu ? " relu" : "") + ": " + wrong + " gradients 0 "
                + "where a product is not or not 0 where all are (of " + zeros + " weights with all products 0)"
                + (first < 0 ? "" : "; weight " + first + " is " + dw[first] + (someProduct[first] ? "" : " for 0"));
        return new Outcome(wrong, partial, description);
    }

    /** What {@link #check} found. */
    private record Outcome(int wrong, int partialZeros, String description) {
    }

    /** For every weight (o, c, a, b): whether some x[n][c][i + a − pad][j + b − pad]·dy[n][o][i][j] is not 0. */
    private static boolean[] weightsWithANonzeroProduct(ConvShape s, float[] x, float[] dy) {
        int c0 = s.inChannels(), h = s.height(), w = s.width(), oh = s.outHeight(), ow = s.outWidth(), p = s.padding();
        boolean[] some = new boolean[s.weightSize()];
        for (int o = 0; o < s.outChannels(); o++) {
            for (int c = 0; c < c0; c++) {
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        boolean any = false;
                        for (int n = 0; n < s.batch() && !any; n++) {
                            for (int i = 0; i < oh && !any; i++) {
                                for (int j = 0; j < ow && !any; j++) {
                                    int r = i + a - p, q = j + b - p;
                                    any = r >= 0 && r < h && q >= 0 && q < w
                                            && x[((n * c0 + c) * h + r) * w + q] * dy[((n * s.outChannels() + o) * oh + i) * ow + j] != 0f;
                                }
                            }
                        }
                        some[((o * c0 + c) * 3 + a) * 3 + b] = any;
                    }
                }
            }
        }
        return some;
    }

    private static boolean anyNonzero(float[] dy, ConvShape s, int o) {
        int plane = s.outHeight() * s.outWidth();
        for (int n = 0; n < s.batch(); n++) {
            int from = (n * s.outChannels() + o) * plane;
            for (int i = from; i < from + plane; i++) {
                if (dy[i] != 0f) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Planes of values in ±[0.5, 1] (far from underflow, and no sum of a few of them cancels to
     * exactly 0 by chance), each one at random: all 0 (a dead unit), 0 outside a random rectangle
     * (a unit active in one region), 0 at scattered positions (as after ReLU), or without zeros.
     */
    private static float[] withDeadUnits(Rng rng, int planes, int h, int w) {
        float[] v = random(rng, planes * h * w);
        for (int p = 0; p < planes; p++) {
            int from = p * h * w;
            switch (rng.nextInt(4)) {
                case 0 -> Arrays.fill(v, from, from + h * w, 0f);
                case 1 -> {
                    int r0 = rng.nextInt(h), r1 = r0 + 1 + rng.nextInt(h - r0), q0 = rng.nextInt(w);
                    int q1 = q0 + 1 + rng.nextInt(w - q0);
                    for (int r = 0; r < h; r++) {
                        for (int q = 0; q < w; q++) {
                            if (r < r0 || r >= r1 || q < q0 || q >= q1) {
                                v[from + r * w + q] = 0f;
                            }
                        }
                    }
                }
                case 2 -> {
                    for (int i = from; i < from + h * w; i++) {
                        v[i] = rng.nextInt(3) == 0 ? v[i] : 0f;
                    }
                }
                default -> {
                }
            }
        }
        return v;
    }

    /** Values in ±[0.5, 1]. */
    private static float[] random(Rng rng, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            float m = rng.uniform(0.5f, 1f);
            v[i] = rng.nextInt(2) == 0 ? m : -m;
        }
        return v;
    }
}
