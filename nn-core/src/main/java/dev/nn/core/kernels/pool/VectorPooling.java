package dev.nn.core.kernels.pool;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Max pooling on the Vector API: the forward pass, and the backward pass of 2×2 windows at stride 2
 * ({@link #maxPoolBackward2}). The forward pass takes L adjacent outputs of an output row at a
 * time, with the running maximum and its index in a float and an int vector, a lane replaced only
 * where the new value beats it (as in {@link ScalarPooling}, so ties keep the row-major first).
 *
 * <p>2×2 windows at stride 2, the common case, read both input rows with contiguous loads and
 * split each into its even and odd columns with a two-vector permute (about twice as fast as
 * gathering them). Other windows and strides gather each window tap for L windows through a
 * stride map. Either way each window row is reduced before the next one, in row-major order, so
 * that first-wins ties give the scalar twin's argmax.
 *
 * <p>Both compute whole vectors of L outputs, without masks: masked loads, stores and gathers made
 * the vector code too large for C2 to inline. A vector that runs past the end of its output row
 * reads the next input rows, harmlessly, and writes garbage into the next output rows, which are
 * computed, and overwrite it, later. Only the last outputs of the batch, whose vector would reach
 * past the end of x or of the outputs, take the scalar loop.
 */
public final class VectorPooling implements PoolingKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Ints of the same lane count, for the indices of the maxima. */
    private static final VectorSpecies<Integer> I = S.withLanes(int.class);
    private static final int L = S.length();
    /** For selectFrom over two vectors (2L lanes): lane l takes lane 2l, resp. 2l + 1. */
    private static final FloatVector EVEN = FloatVector.zero(S).addIndex(2);
    private static final FloatVector ODD = EVEN.add(1f);
    /** Lane l holds 2l: the offset of output l's first input column in a 2×2 row. */
    private static final IntVector TWICE_IOTA = IntVector.zero(I).addIndex(2);
    /**
     * Gathers need their index map in an int[]; the maps are made once, for strides up to this.
     * Larger strides, which no network uses, run the scalar loop.
     */
    static final int MAX_GATHER_STRIDE = 16;
    /** {@code STRIDE_MAPS[s][l] = l·s}: lane l of a gather reads the l-th of L windows s apart. */
    static final int[][] STRIDE_MAPS = new int[MAX_GATHER_STRIDE + 1][L];

    static {
        for (int s = 0; s <= MAX_GATHER_STRIDE; s++) {
            for (int l = 0; l < L; l++) {
                STRIDE_MAPS[s][l] = l * s;
            }
        }
    }

    /** For rearrange: lane l takes lane l/2, resp. L/2 + l/2, of a vector of L outputs (each output twice). */
    private static final VectorShuffle<Float> TWICE_LOW = VectorShuffle.fromOp(S, l -> l / 2);
    private static final VectorShuffle<Float> TWICE_HIGH = VectorShuffle.fromOp(S, l -> L / 2 + l / 2);
    private static final VectorShuffle<Integer> TWICE_LOW_I = TWICE_LOW.cast(I);
    private static final VectorShuffle<Integer> TWICE_HIGH_I = TWICE_HIGH.cast(I);
    private static final IntVector IOTA = IntVector.zero(I).addIndex(1);

    /** The one instance: the class holds no state. */
    public static final VectorPooling INSTANCE = new VectorPooling();

    private VectorPooling() {
    }

    /**
     * The backward pass: {@link #maxPoolBackward2} for 2×2 windows at stride 2 whose output rows fill
     * at least half a vector, else the scalar scatter. For shorter rows most lanes of each vector are
     * wasted, and the fill and scatter cost less than the vector pass (5 outputs per row on 11×11
     * planes); from half a vector on (13 outputs on 26×26) the vector pass costs less.
     */
    @Override
    public void maxPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, int[] argmax, float[] dx) {
        if (pool == 2 && stride == 2 && 2 * (w / 2) >= L) {
            maxPoolBackward2(planes, h, w, dy, argmax, dx);
        } else {
            ScalarPooling.INSTANCE.maxPoolBackward(planes, h, w, pool, stride, dy, argmax, dx);
        }
    }

    /**
     * The backward pass of 2×2 windows at stride 2, which do not overlap: every input is written
     * once, in one pass, instead of a zero fill followed by a scatter that reads every line of dx
     * back. For L outputs, each input column of the two rows under them takes its output's
     * gradient where the output's argmax is that input, else 0 (argmax must be the forward pass's:
     * it is compared with the inputs of its own window only).
     *
     * <p>As in the forward pass, whole vectors run past the ends of rows: the lanes past a row's
     * last window fall on inputs of no window or of later windows and are written with 0, which the
     * later windows overwrite. The last column, when w is odd, is zeroed after each row pair, and a
     * plane's last row, when h is odd, after the plane. The last rows of the batch, whose vectors
     * would reach past the end of dx or of the outputs, take a zero fill and the scalar scatter.
     */
    static void maxPoolBackward2(int planes, int h, int w, float[] dy, int[] argmax, float[] dx) {
        int oh = h / 2, ow = w / 2, size = planes * h * w;
        int lastCorner = size - w - 2 * L, lastOutput = planes * oh * ow - L;
        for (int p = 0, o = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++, o += ow) {
                int row = (p * h + 2 * i) * w;
                if (row + 2 * (ow - 1) > lastCorner || o + ow - 1 > lastOutput) {
                    Arrays.fill(dx, row, size, 0f);
                    for (int q = o, end = planes * oh * ow; q < end; q++) {
                        dx[argmax[q]] += dy[q];
                    }
                    return;
                }
                // The top row whole before the bottom one: the top row's last vectors run on
                // into the bottom row, with zeros that the bottom row's own vectors then replace.
                for (int j = 0; j < ow; j += L) {
                    unpoolRow(dy, argmax, o + j, dx, row + 2 * j);
                }
                for (int j = 0; j < ow; j += L) {
                    unpoolRow(dy, argmax, o + j, dx, row + w + 2 * j);
                }
                if (w % 2 == 1) {
                    dx[row + w - 1] = 0f;
                    dx[row + 2 * w - 1] = 0f;
                }
            }
            if (h % 2 == 1) {
                Arrays.fill(dx, (p * h + h - 1) * w, (p + 1) * h * w, 0f);
            }
        }
    }

    /**
     * A fused convolution's pooling gradient routed back: {@code g[offset + argmax[q]] = relu[q] > 0
     * ? dPooled[q] : 0} (or dPooled[q] with relu null) for the n outputs q from {@code first}. One
     * vector scatter per L outputs: scalar stores through argmax take several times as long.
     */
    public static void unpool(int n, float[] dPooled, float[] relu, int[] argmax, int first, float[] g, int offset) {
        FloatVector zero = FloatVector.zero(S);
        int q = first, end = first + n;
        for (; q <= end - L; q += L) {
            FloatVector d = FloatVector.fromArray(S, dPooled, q);
            if (relu != null) {
                d = zero.blend(d, FloatVector.fromArray(S, relu, q).compare(VectorOperators.GT, 0f));
            }
            d.intoArray(g, offset, argmax, q);
        }
        for (; q < end; q++) {
            g[offset + argmax[q]] = relu == null || relu[q] > 0f ? dPooled[q] : 0f;
        }
    }

    /** The 2L inputs from c, in one of the two rows under outputs o … o + L − 1. */
    private static void unpoolRow(float[] dy, int[] argmax, int o, float[] dx, int c) {
        FloatVector g = FloatVector.fromArray(S, dy, o);
        IntVector arg = IntVector.fromArray(I, argmax, o);
        IntVector at = IOTA.add(c);
        FloatVector zero = FloatVector.zero(S);
        zero.blend(g.rearrange(TWICE_LOW), arg.rearrange(TWICE_LOW_I).eq(at).cast(S)).intoArray(dx, c);
        zero.blend(g.rearrange(TWICE_HIGH), arg.rearrange(TWICE_HIGH_I).eq(at.add(L)).cast(S)).intoArray(dx, c + L);
    }

    @Override
    public void avgPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y) {
        VectorAvgPooling.forward(planes, h, w, pool, stride, x, y);
    }

    @Override
    public void avgPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, float[] dx) {
        VectorAvgPooling.backward(planes, h, w, pool, stride, dy, dx);
    }

    @Override
    public void globalAvgPoolForward(int planes, int size, float[] x, float[] y) {
        // The twin's interleaved chains beat every vector form measured (NormPoolBench): a plane's
        // values must be added in order, and gathering L planes per vector costs more than it saves.
        ScalarPooling.INSTANCE.globalAvgPoolForward(planes, size, x, y);
    }

    @Override
    public void globalAvgPoolBackward(int planes, int size, float[] dy, float[] dx) {
        VectorAvgPooling.globalBackward(planes, size, dy, dx);
    }

    @Override
    public void maxPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y, int[] argmax) {
        // One method per strategy, each with its own loops: a compiled method that held both
        // kernels grew past C2's inlining budget, left their vector helpers out of line, and
        // boxed every vector, which made it several times slower than either kernel on its own.
        if (pool == 2 && stride == 2) {
            pairs(planes, h, w, x, y, argmax);
        } else if (stride <= MAX_GATHER_STRIDE) {
            gathered(planes, h, w, pool, stride, x, y, argmax);
        } else {
            ScalarPooling.INSTANCE.maxPoolForward(planes, h, w, pool, stride, x, y, argmax);
        }
    }

    /** 2×2 windows at stride 2. */
    private static void pairs(int planes, int h, int w, float[] x, float[] y, int[] argmax) {
        int oh = h / 2, ow = w / 2;
        // The last first-input and first-output indices whose vectors stay inside x and the outputs.
        int lastCorner = planes * h * w - w - 2 * L, lastOutput = planes * oh * ow - L;
        for (int p = 0, o = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++, o += ow) {
                int row = (p * h + 2 * i) * w;
                int j = 0;
                for (; j < ow && row + 2 * j <= lastCorner && o + j <= lastOutput; j += L) {
                    pool2(x, row + 2 * j, w, false, 0f, false, row + 2 * j, w, y, argmax, o + j);
                }
                scalarRest(x, row, w, 2, 2, y, argmax, o, j, ow);
            }
        }
    }

    /** Any window, at strides up to MAX_GATHER_STRIDE. */
    private static void gathered(int planes, int h, int w, int pool, int stride, float[] x, float[] y, int[] argmax) {
        int oh = PoolingKernels.outputSize(h, pool, stride), ow = PoolingKernels.outputSize(w, pool, stride);
        int[] map = STRIDE_MAPS[stride];
        // The last corners and first outputs whose L windows stay inside x and the outputs.
        long lastCorner = (long) planes * h * w - (L - 1) * stride - (long) (pool - 1) * w - pool;
        int lastOutput = planes * oh * ow - L;
        for (int p = 0, o = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++, o += ow) {
                int row = (p * h + i * stride) * w;
                int j = 0;
                for (; j < ow && row + j * stride <= lastCorner && o + j <= lastOutput; j += L) {
                    gatheredWindows(x, row + j * stride, w, pool, map, y, argmax, o + j);
                }
                scalarRest(x, row, w, pool, stride, y, argmax, o, j, ow);
            }
        }
    }

    /** Outputs {@code o+j .. o+ow} of the output row whose windows start on input row {@code row}, one by one. */
    private static void scalarRest(float[] x, int row, int w, int pool, int stride, float[] y, int[] argmax,
                                   int o, int j, int ow) {
        for (; j < ow; j++) {
            int best = ScalarPooling.argmaxOfWindow(x, row + j * stride, w, pool);
            y[o + j] = x[best];
            argmax[o + j] = best;
        }
    }

    /**
     * The forward pass of a convolution's fused max pooling: 2×2 windows at stride 2 over one h×w
     * plane of {@code relu ? max(0, x + bias) : x + bias}, whose rows start {@code pitch} apart from
     * {@code x[xOff]} (the convolution's wide rows, before they are written). The outputs go to y
     * from o, and their argmax, as the index {@code argBase + r·w + c} of the plane as it would have
     * been written, to argmax; the values are those of {@link #maxPoolForward} on the written plane,
     * to the bit. Whole vectors are stored while they end at or before {@code end}, the first output
     * the caller does not own; x must be readable 2L floats past each row pair's last window.
     */
    public static void maxPool2Shifted(int h, int w, float[] x, int xOff, int pitch, float bias, boolean relu, int argBase,
                                float[] y, int[] argmax, int o, int end) {
        int oh = h / 2, ow = w / 2;
        for (int i = 0; i < oh; i++, o += ow) {
            int c = xOff + 2 * i * pitch, a = argBase + 2 * i * w;
            int j = 0;
            for (; j < ow && o + j + L <= end; j += L) {
                pool2(x, c + 2 * j, pitch, true, bias, relu, a + 2 * j, w, y, argmax, o + j);
            }
            for (; j < ow; j++) {
                int at = c + 2 * j, best = 0;
                float max = shifted(x[at], bias, relu);
                for (int k = 1; k < 4; k++) {
                    float v = shifted(x[at + (k >> 1) * pitch + (k & 1)], bias, relu);
                    if (ScalarPooling.beats(v, max)) {
                        max = v;
                        best = k;
                    }
                }
                y[o + j] = max;
                argmax[o + j] = a + 2 * j + (best >> 1) * w + (best & 1);
            }
        }
    }

    /** A convolution's output as it is written: the bias added, then ReLU (as {@code VectorRows.addScalarRows}). */
    private static float shifted(float v, float bias, boolean relu) {
        float s = v + bias;
        return relu ? Math.max(s, 0f) : s;
    }

    /**
     * Outputs {@code o .. o+L} of a 2×2, stride 2 pool: the windows over columns {@code c .. c+2L}
     * of the row at c and of the row {@code pitch} below it, each value shifted by the bias and
     * through ReLU when asked (a fused convolution's output). Argmax counts from {@code arg}, the
     * index of x[c], with rows {@code argPitch} apart.
     */
    private static void pool2(float[] x, int c, int pitch, boolean shift, float bias, boolean relu,
                              int arg, int argPitch, float[] y, int[] argmax, int o) {
        FloatVector top0 = shifted(FloatVector.fromArray(S, x, c), shift, bias, relu);
        FloatVector top1 = shifted(FloatVector.fromArray(S, x, c + L), shift, bias, relu);
        FloatVector bot0 = shifted(FloatVector.fromArray(S, x, c + pitch), shift, bias, relu);
        FloatVector bot1 = shifted(FloatVector.fromArray(S, x, c + pitch + L), shift, bias, relu);
        FloatVector topLeft = EVEN.selectFrom(top0, top1), topRight = ODD.selectFrom(top0, top1);
        FloatVector botLeft = EVEN.selectFrom(bot0, bot1), botRight = ODD.selectFrom(bot0, bot1);
        VectorMask<Float> topRightWins = beats(topRight, topLeft), botRightWins = beats(botRight, botLeft);
        FloatVector top = topLeft.blend(topRight, topRightWins), bot = botLeft.blend(botRight, botRightWins);
        VectorMask<Float> botWins = beats(bot, top);
        IntVector left = TWICE_IOTA.add(arg);
        IntVector topArg = left.add(1, topRightWins.cast(I)), botArg = left.add(argPitch).add(1, botRightWins.cast(I));
        top.blend(bot, botWins).intoArray(y, o);
        topArg.blend(botArg, botWins.cast(I)).intoArray(argmax, o);
    }

    /**
     * The vector form of {@link #shifted(float, float, boolean)}: shift is a constant where it is
     * inlined, relu the same for every call of a loop.
     */
    private static FloatVector shifted(FloatVector v, boolean shift, float bias, boolean relu) {
        FloatVector s = shift ? v.add(bias) : v;
        return relu ? s.max(0f) : s;
    }

    /**
     * Outputs {@code o .. o+L} of the windows whose top-left corners are {@code corner + map[l]}:
     * each tap of the window is one gather over the L windows.
     */
    private static void gatheredWindows(float[] x, int corner, int w, int pool, int[] map,
                                        float[] y, int[] argmax, int o) {
        IntVector offsets = IntVector.fromArray(I, map, 0);
        FloatVector max = FloatVector.fromArray(S, x, corner, map, 0);
        IntVector arg = offsets.add(corner);
        for (int a = 0; a < pool; a++) {
            for (int b = a == 0 ? 1 : 0; b < pool; b++) {
                int tap = corner + a * w + b;
                FloatVector v = FloatVector.fromArray(S, x, tap, map, 0);
                VectorMask<Float> wins = beats(v, max);
                max = max.blend(v, wins);
                arg = arg.blend(offsets.add(tap), wins.cast(I));
            }
        }
        max.intoArray(y, o);
        arg.intoArray(argmax, o);
    }

    /** Lanes where v replaces the running maximum: as in {@code ScalarPooling.beats}, !(v ≤ max) and max not NaN. */
    private static VectorMask<Float> beats(FloatVector v, FloatVector max) {
        return v.compare(VectorOperators.LE, max).or(max.test(VectorOperators.IS_NAN)).not();
    }
}
