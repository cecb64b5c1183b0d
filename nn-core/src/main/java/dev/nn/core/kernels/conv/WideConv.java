package dev.nn.core.kernels.conv;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.elementwise.VectorElementwise;
import dev.nn.core.kernels.elementwise.VectorRows;
import dev.nn.core.kernels.gemm.VectorGemm;
import dev.nn.core.kernels.pool.VectorPooling;
import dev.nn.core.runtime.FloatScratch;
import dev.nn.core.runtime.IntScratch;
import dev.nn.core.runtime.ThreadPool;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Stride-1 convolution over "wide" output rows. Each output row is computed at every column of the
 * (padded) input row, W' positions instead of outWidth, so that the output at flat position
 * j = i·W' + q reads input position j + a·W' + b for tap (a, b): for each tap and channel, the
 * inputs of all outputs are one contiguous run of the plane. The forward pass copies those runs
 * straight from the image into its panels ({@link ImagePanelGemm}); the input gradient adds its
 * columns back into the image one run per tap. The W' − outWidth extra outputs per row are
 * computed and dropped: (W' − outWidth)/outWidth more multiply-adds, 2 in 13 columns for 3×3 on
 * 13×13, bought back by long contiguous runs in place of outWidth-long pieces (packing the valid
 * outputs piece by piece costs about as much as the extra multiply-adds save).
 *
 * <p>The weight gradient needs no such runs: its columns are copied row by row, and it sums over
 * the valid outputs only (so without the extra multiply-adds), either as a matrix product or, for
 * layers with few taps over large planes, as dot products.
 *
 * <p>The gradients can apply a fused ReLU's derivative as they read dy (given the forward output),
 * and the weight gradient can sum the bias gradient as one more tap whose input is 1.
 *
 * <p>Images go through in groups whose size depends only on the shape (about 512 KiB of columns and
 * wide outputs, so a group's operands stay in L2). Forward and input-gradient groups are independent
 * tasks for the thread pool; the weight gradient sums the groups in order, so that its rounding does
 * not depend on the thread count, and leaves the parallelism to the GEMM, or to strips of filters
 * for the dot products.
 */
final class WideConv {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    private static final int GROUP_FLOATS = 128 * 1024;
    /**
     * Layers with at most this many taps per output over planes of at least this many outputs (a
     * first layer: 1 channel × 3×3 over 26×26) take the weight gradient as dot products; their
     * lane buffer is loaded and stored once per image and 4×4 tile, against at least 16 vectors of
     * multiply-adds per output. A matrix product would first copy all of dy into its rows.
     */
    private static final int DOT_MAX_TAPS = 32;
    private static final int DOT_MIN_PLANE = 256;
    /** Columns: the inputs of each tap, one row per tap (and the bias's row of ones). */
    private static final FloatScratch COLUMNS = new FloatScratch();
    /** Wide rows: outputs, or output gradients, per filter. */
    private static final FloatScratch WIDE = new FloatScratch();
    /** An image with its zero border, for padded layers or images whose tiles read past x. */
    private static final FloatScratch PADDED = new FloatScratch();
    /** ∂E/∂Wᵀ [taps × f], the bias row after the weights' rows. */
    private static final FloatScratch WEIGHT_GRADIENT_T = new FloatScratch();
    /** The weights packed for {@link ImagePanelGemm}. */
    private static final FloatScratch PACKED = new FloatScratch();
    /** Lane-wise partial sums of the weight gradient by dot products. */
    private static final FloatScratch LANES = new FloatScratch();
    /** A strip of filters' ∂E/∂Y through ReLU's derivative or routed back from the pooling. */
    private static final FloatScratch GRADIENT = new FloatScratch();
    /** One image's ∂E/∂Y routed back from the fused pooling. */
    private static final FloatScratch IMAGE_GRADIENT = new FloatScratch();
    /** The offset of each tap in a padded image. */
    private static final IntScratch TAPS = new IntScratch();

    private WideConv() {
    }

    /**
     * A first layer's shape: few taps per output over large planes, so few multiply-adds per
     * output that a pass over the outputs weighs as much as they do. Its weight gradient runs as
     * dot products here, and its forward pass without pooling in {@link RowConv}.
     */
    static boolean fewTapsOverLargePlanes(ConvShape s) {
        return ckk(s) <= DOT_MAX_TAPS && s.outHeight() * s.outWidth() >= DOT_MIN_PLANE;
    }

    /**
     * With argmax null, writes the outputs to y. Otherwise y takes the 2×2 max pooling at stride 2
     * of the outputs (see {@link VectorPooling#maxPool2Shifted}) and argmax the index of each
     * maximum in the outputs, which are never written whole.
     */
    static void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y, int[] argmax) {
        float[] packed = PACKED.get(ImagePanelGemm.paddedFilters(s.outChannels()) * ckk(s));
        ImagePanelGemm.pack(s, w, packed);
        int groups = groups(s);
        if (ThreadPool.size() == 1 || groups == 1) {
            for (int g = 0; g < groups; g++) {
                forwardGroup(s, x, packed, bias, relu, y, argmax, g);
            }
        } else {
            ThreadPool.run(groups, g -> forwardGroup(s, x, packed, bias, relu, y, argmax, g));
        }
    }

    /**
     * With relu (the forward pass's output), dy is read as zero where relu is not positive. With
     * argmax, dy and relu are those of the fused 2×2 max pooling ({@link #forward}): dy is routed
     * to the outputs that argmax names, zero elsewhere.
     */
    static void backwardInput(ConvShape s, float[] dy, float[] relu, int[] argmax, float[] w, float[] dx) {
        int groups = groups(s);
        if (ThreadPool.size() == 1 || groups == 1) {
            for (int g = 0; g < groups; g++) {
                backwardInputGroup(s, dy, relu, argmax, w, dx, g);
            }
        } else {
            ThreadPool.run(groups, g -> backwardInputGroup(s, dy, relu, argmax, w, dx, g));
        }
    }

    /**
     * Adds ∂E/∂W into dw and, unless db is null, ∂E/∂bias into db: the bias is one more tap whose
     * input is 1 everywhere, a row of ones in the columns. With relu (the forward pass's output),
     * dy is read as zero where relu is not positive; with argmax, as in {@link #backwardInput}.
     */
    static void backwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, int[] argmax, float[] dw,
                                float[] db) {
        int f = s.outChannels(), ckk = ckk(s), taps = ckk + (db == null ? 0 : 1);
        // ∂E/∂Wᵀ [taps × f]: the bias row after the weights' rows.
        float[] dwT = WEIGHT_GRADIENT_T.get(taps * f);
        Arrays.fill(dwT, 0, taps * f, 0f);
        if (fewTapsOverLargePlanes(s)) {
            backwardWeightsByDots(s, x, dy, relu, argmax, taps, dwT);
        } else {
            // Over the valid outputs only: wide rows would add the dropped columns' multiply-adds.
            int plane = s.outHeight() * s.outWidth(), group = groupSize(s);
            for (int n0 = 0; n0 < s.batch(); n0 += group) {
                // L floats of room after each row of columns, for the whole vectors of its last output row.
                int count = Math.min(group, s.batch() - n0), k = count * plane, ld = k + L;
                float[] cols = COLUMNS.get(taps * ld);
                float[] dyRows = WIDE.get(f * ld);
                for (int i = 0; i < count; i++) {
                    columns(s, x, n0 + i, cols, i * plane, ld);
                    gradientRows(s, dy, relu, argmax, n0 + i, dyRows, i * plane, ld, s.outWidth());
                }
                if (taps > ckk) {
                    Arrays.fill(cols, ckk * ld, taps * ld, 1f);
                }
                // B = dy, the small operand, is the one transposed.
                VectorGemm.INSTANCE.gemm(false, true, taps, f, k, 1f, cols, 0, ld, dyRows, 0, ld, 1f, dwT, 0, f);
            }
        }
        for (int o = 0; o < f; o++) {
            for (int p = 0; p < ckk; p++) {
                dw[o * ckk + p] += dwT[p * f + o];
            }
            if (db != null) {
                db[o] += dwT[ckk * f + o];
            }
        }
    }

    /**
     * The weight gradient of a layer with few taps over large planes (a first layer), into
     * dwT [taps × f]: every weight is a dot product of a plane of dy, read in place (or through
     * ReLU's derivative into a scratch plane), with the inputs of one tap, gathered per image into
     * narrow columns (outHeight·outWidth long, no wide rows), summed over the batch by
     * {@link VectorDots}. Tasks are strips of four filters, each summing its own outputs over the
     * images in order, so the result does not depend on the thread count.
     */
    private static void backwardWeightsByDots(ConvShape s, float[] x, float[] dy, float[] relu, int[] argmax, int taps,
                                              float[] dwT) {
        int f = s.outChannels(), ckk = ckk(s), plane = s.outHeight() * s.outWidth();
        int group = Math.max(1, Math.min(s.batch(), GROUP_FLOATS / (taps * plane))), strips = (f + 3) / 4;
        float[] lanes = LANES.get(VectorDots.lanesSize(f, taps));
        Arrays.fill(lanes, 0, VectorDots.lanesSize(f, taps), 0f);
        float[] cols = COLUMNS.get(group * taps * plane);
        for (int n0 = 0; n0 < s.batch(); n0 += group) {
            int first = n0, count = Math.min(group, s.batch() - n0);
            for (int i = 0; i < count; i++) {
                columns(s, x, first + i, cols, i * taps * plane, plane);
                Arrays.fill(cols, (i * taps + ckk) * plane, (i + 1) * taps * plane, 1f);
            }
            if (ThreadPool.size() == 1 || strips == 1) {
                for (int t = 0; t < strips; t++) {
                    dotStrip(s, dy, relu, argmax, first, count, cols, taps, lanes, t);
                }
            } else {
                ThreadPool.run(strips, t -> dotStrip(s, dy, relu, argmax, first, count, cols, taps, lanes, t));
            }
        }
        // dwT is [taps × f]: the lanes of output (o, p) go to dwT[p·f + o].
        VectorDots.reduce(f, taps, lanes, dwT, 0, 1, f);
    }

    /** Filters [4t, 4t + 4) of images first … first + count − 1 into the lane sums. */
    private static void dotStrip(ConvShape s, float[] dy, float[] relu, int[] argmax, int first, int count,
                                 float[] cols, int taps, float[] lanes, int t) {
        int f = s.outChannels(), plane = s.outHeight() * s.outWidth();
        int i0 = 4 * t, i1 = Math.min(f, i0 + 4);
        for (int i = 0; i < count; i++) {
            float[] g = dy;
            int at = ((first + i) * f + i0) * plane;
            if (argmax != null) {
                g = GRADIENT.get((i1 - i0) * plane);
                unpool(s, dy, relu, argmax, (first + i) * f + i0, i1 - i0, g);
                at = 0;
            } else if (relu != null) {
                g = GRADIENT.get((i1 - i0) * plane);
                VectorElementwise.INSTANCE.reluBackward((i1 - i0) * plane, relu, at, dy, at, g, 0);
                at = 0;
            }
            VectorDots.accumulate(0, i1 - i0, taps, plane, g, at, plane, cols, i * taps * plane, plane, lanes,
                    i0 * taps);
        }
    }

    /**
     * One group's wide rows, then the valid outputs (bias, ReLU) into y, or with argmax their 2×2
     * max pooling into y and argmax (the group's pooled planes only). An image whose tiles would
     * read past the end of x, or that needs padding, is first copied into a padded scratch image.
     */
    private static void forwardGroup(ConvShape s, float[] x, float[] packed, float[] bias, boolean relu, float[] y,
                                     int[] argmax, int g) {
        int f = s.outChannels(), ckk = ckk(s), nw = wideLength(s), group = groupSize(s);
        int n0 = g * group, count = Math.min(group, s.batch() - n0);
        int stride = ImagePanelGemm.paddedLength(nw), ld = count * stride;
        int imageSize = s.inChannels() * s.height() * s.width();
        int paddedSize = s.inChannels() * paddedHeight(s) * paddedWidth(s) + stride - nw;
        int pw = paddedWidth(s);
        // The pooling reads two whole vectors from the start of the last row, up to 2L past the end.
        float[] wide = WIDE.get(ImagePanelGemm.paddedFilters(f) * ld + 2 * L);
        int[] taps = taps(s);
        for (int i = 0; i < count; i++) {
            float[] src = x;
            int base = (n0 + i) * imageSize;
            if (s.padding() > 0 || base + paddedSize > x.length) {
                src = PADDED.get(paddedSize);
                pad(s, x, base, src, paddedSize);
                base = 0;
            }
            ImagePanelGemm.wide(ImagePanelGemm.paddedFilters(f) / ImagePanelGemm.MR, ckk, src, base, taps, packed, wide,
                    i * stride, ld, nw);
        }
        int oh = s.outHeight(), ow = s.outWidth(), pooledPlane = (oh / 2) * (ow / 2);
        for (int i = 0; i < count; i++) {
            for (int o = 0; o < f; o++) {
                float b = bias == null ? 0f : bias[o];
                int plane = (n0 + i) * f + o;
                if (argmax == null) {
                    VectorRows.addScalarRows(oh, ow, b, relu, wide, o * ld + i * stride, pw, y, plane * oh * ow);
                } else {
                    VectorPooling.maxPool2Shifted(oh, ow, wide, o * ld + i * stride, pw, b, relu, plane * oh * ow,
                            y, argmax, plane * pooledPlane, (n0 + count) * f * pooledPlane);
                }
            }
        }
    }

    private static void backwardInputGroup(ConvShape s, float[] dy, float[] relu, int[] argmax, float[] w, float[] dx,
                                           int g) {
        int f = s.outChannels(), ckk = ckk(s), nw = wideLength(s), group = groupSize(s);
        int n0 = g * group, count = Math.min(group, s.batch() - n0), ld = count * nw;
        float[] dyWide = WIDE.get(f * ld);
        for (int i = 0; i < count; i++) {
            gradientRows(s, dy, relu, argmax, n0 + i, dyWide, i * nw, ld, paddedWidth(s));
        }
        float[] dcols = COLUMNS.get(ckk * ld);
        VectorGemm.INSTANCE.gemm(true, false, ckk, ld, f, 1f, w, 0, ckk, dyWide, 0, ld, 0f, dcols, 0, ld);
        for (int i = 0; i < count; i++) {
            fold(s, dcols, i * nw, ld, dx, n0 + i);
        }
    }

    /**
     * The inputs of image n (padded) for each tap p = (c·kh + a)·kw + b, one row of columns per tap
     * from {@code colOff + p·ld}: the outWidth inputs under each output row in turn
     * (outHeight·outWidth, the valid outputs only). Up to L − 1 floats after each tap's row may be
     * overwritten: the caller leaves them, or fills them later.
     */
    private static void columns(ConvShape s, float[] x, int n, float[] cols, int colOff, int ld) {
        int ph = paddedHeight(s), pw = paddedWidth(s), oh = s.outHeight(), ow = s.outWidth();
        float[] src = x;
        int base = n * s.inChannels() * s.height() * s.width();
        if (s.padding() > 0) {
            src = PADDED.get(s.inChannels() * ph * pw);
            pad(s, x, base, src, s.inChannels() * ph * pw);
            base = 0;
        }
        // The last output row's whole vector reads at most L floats past the image.
        boolean spill = base + s.inChannels() * ph * pw + L <= src.length;
        int row = colOff;
        for (int c = 0; c < s.inChannels(); c++) {
            for (int a = 0; a < s.kernelHeight(); a++) {
                for (int b = 0; b < s.kernelWidth(); b++, row += ld) {
                    // Whole vectors rather than an arraycopy per 11- or 26-float row.
                    VectorRows.copyRows(oh, ow, spill, src, base + (c * ph + a) * pw + b, pw, cols, row);
                }
            }
        }
    }

    /**
     * The input gradient's columns, in wide rows (the run of wideLength outputs from a·W' + b of
     * plane c for each tap), added back into image n of dx (overwriting that image).
     */
    private static void fold(ConvShape s, float[] dcols, int colOff, int ld, float[] dx, int n) {
        int ph = paddedHeight(s), pw = paddedWidth(s), nw = wideLength(s);
        int imageSize = s.inChannels() * s.height() * s.width();
        float[] dst = dx;
        int base = n * imageSize;
        if (s.padding() > 0) {
            dst = PADDED.get(s.inChannels() * ph * pw);
            base = 0;
        }
        Arrays.fill(dst, base, base + s.inChannels() * ph * pw, 0f);
        int row = 0;
        for (int c = 0; c < s.inChannels(); c++) {
            for (int a = 0; a < s.kernelHeight(); a++) {
                for (int b = 0; b < s.kernelWidth(); b++, row++) {
                    VectorElementwise.INSTANCE.axpy(nw, 1f, dcols, row * ld + colOff, dst, base + (c * ph + a) * pw + b);
                }
            }
        }
        if (s.padding() > 0) {
            int p = s.padding();
            for (int c = 0; c < s.inChannels(); c++) {
                for (int r = 0; r < s.height(); r++) {
                    System.arraycopy(dst, (c * ph + r + p) * pw + p, dx, n * imageSize + (c * s.height() + r) * s.width(), s.width());
                }
            }
        }
    }

    /**
     * dy of image n into one row per filter at {@code colOff + o·ld}, each output row of the plane
     * {@code pitch} after the last: the valid outputs only (pitch = outWidth), or wide rows (pitch =
     * W', zeros in the W' − outWidth dropped columns). Through ReLU's derivative when relu (the
     * forward output) is given; from the fused pooling's gradient when argmax is given.
     */
    private static void gradientRows(ConvShape s, float[] dy, float[] relu, int[] argmax, int n, float[] rows,
                                     int colOff, int ld, int pitch) {
        int f = s.outChannels(), oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        float[] g = dy, mask = relu;
        int at = n * f * plane;
        if (argmax != null) {
            // Routed back into narrow planes first: a scatter with the vector unit, and then the
            // same copy as without pooling.
            g = IMAGE_GRADIENT.get(f * plane);
            unpool(s, dy, relu, argmax, n * f, f, g);
            mask = null;
            at = 0;
        }
        for (int o = 0, from = at; o < f; o++, from += plane) {
            int to = o * ld + colOff;
            if (pitch != ow) {
                VectorRows.spreadRows(oh, ow, pitch, g, mask, from, rows, to);
            } else if (mask != null) {
                VectorElementwise.INSTANCE.reluBackward(plane, mask, from, g, from, rows, to);
            } else {
                System.arraycopy(g, from, rows, to, plane);
            }
        }
    }

    /**
     * The gradient of the fused 2×2 max pooling routed back to the output planes first … first +
     * count − 1 (image·outChannels + channel), as narrow planes at g[0…]: each pooled gradient,
     * zero where relu (the pooled output) is not positive, goes to the output its argmax names;
     * the other outputs are zero.
     */
    private static void unpool(ConvShape s, float[] dPooled, float[] relu, int[] argmax, int first, int count,
                               float[] g) {
        int plane = s.outHeight() * s.outWidth(), pooledPlane = (s.outHeight() / 2) * (s.outWidth() / 2);
        Arrays.fill(g, 0, count * plane, 0f);
        VectorPooling.unpool(count * pooledPlane, dPooled, relu, argmax, first * pooledPlane, g, -first * plane);
    }

    /**
     * Image n of x, from offset base, into a zero-bordered [inChannels, H + 2·pad, W + 2·pad] plane
     * set, zeros after it up to {@code length}.
     */
    static void pad(ConvShape s, float[] x, int base, float[] padded, int length) {
        int ph = paddedHeight(s), pw = paddedWidth(s), p = s.padding();
        Arrays.fill(padded, 0, length, 0f);
        for (int c = 0; c < s.inChannels(); c++) {
            for (int r = 0; r < s.height(); r++) {
                System.arraycopy(x, base + (c * s.height() + r) * s.width(), padded, (c * ph + r + p) * pw + p, s.width());
            }
        }
    }

    /** The offset of each tap (c, a, b) in a padded image, in the order of the weights. */
    private static int[] taps(ConvShape s) {
        int[] taps = TAPS.get(ckk(s));
        int ph = paddedHeight(s), pw = paddedWidth(s), t = 0;
        for (int c = 0; c < s.inChannels(); c++) {
            for (int a = 0; a < s.kernelHeight(); a++) {
                for (int b = 0; b < s.kernelWidth(); b++) {
                    taps[t++] = (c * ph + a) * pw + b;
                }
            }
        }
        return taps;
    }

    private static int ckk(ConvShape s) {
        return s.inChannels() * s.kernelHeight() * s.kernelWidth();
    }

    private static int paddedHeight(ConvShape s) {
        return s.height() + 2 * s.padding();
    }

    private static int paddedWidth(ConvShape s) {
        return s.width() + 2 * s.padding();
    }

    /** Wide outputs per image: full padded rows for all but the last output row, which stops at outWidth. */
    private static int wideLength(ConvShape s) {
        return (s.outHeight() - 1) * paddedWidth(s) + s.outWidth();
    }

    /** Images per group: as many as keep columns and wide outputs within GROUP_FLOATS, at least one. */
    private static int groupSize(ConvShape s) {
        int perImage = (ckk(s) + s.outChannels()) * wideLength(s);
        return Math.max(1, Math.min(s.batch(), GROUP_FLOATS / perImage));
    }

    private static int groups(ConvShape s) {
        int group = groupSize(s);
        return (s.batch() + group - 1) / group;
    }
}
