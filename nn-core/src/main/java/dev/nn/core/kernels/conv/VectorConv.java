package dev.nn.core.kernels.conv;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.conv.winograd.Winograd;
import dev.nn.core.kernels.elementwise.VectorElementwise;
import dev.nn.core.kernels.gemm.VectorGemm;
import dev.nn.core.kernels.pool.VectorPooling;
import dev.nn.core.runtime.FloatScratch;
import dev.nn.core.runtime.WinogradWeightGradient;

/**
 * Convolution on the Vector API: this class chooses, per shape, the kernel that runs. Planes: each
 * kernel tap is one broadcast multiplied into a whole output row. Batched layers at stride 1 go to
 * {@link Winograd} for 3×3 kernels between layers of whole vectors of channels (the forward pass
 * and the input gradient, with or without a fused 2×2 pooling; the weight gradient only as an
 * opt-in, {@link WinogradWeightGradient}), to {@link RowConv} for a first layer's forward pass, and
 * otherwise to {@link WideConv}; at larger strides, per image, the receptive fields are unrolled
 * into columns (im2col) so that the three passes become matrix products on {@link VectorGemm}:
 * forward y = W·cols, input gradient cols' = Wᵀ·dy (then folded back), weight gradient
 * dW += dy·colsᵀ. Max pooling is fused for 2×2 windows after a stride-1 convolution (the
 * convolution's output is pooled while it is in cache and never written whole); other windows
 * pool through a buffer ({@link ConvThenPool}).
 */
public final class VectorConv implements ConvKernels {
    /** Receptive fields unrolled into columns, one image at a time. */
    private static final FloatScratch COLUMNS = new FloatScratch();
    /** ∂E/∂Y through ReLU's derivative. */
    private static final FloatScratch GRADIENT = new FloatScratch();
    /** The one instance: the class holds no state. */
    public static final VectorConv INSTANCE = new VectorConv();

    private final ConvThenPool unfused = new ConvThenPool(this, VectorPooling.INSTANCE, VectorElementwise.INSTANCE);

    private VectorConv() {
    }

    @Override
    public void correlate2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff) {
        int oh = h - kh + 1, ow = w - kw + 1;
        for (int i = 0; i < oh; i++) {
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    VectorElementwise.INSTANCE.axpy(ow, k[kOff + a * kw + b], x, xOff + (i + a) * w + b, y, yOff + i * ow);
                }
            }
        }
    }

    @Override
    public void convolve2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff) {
        int yw = w + kw - 1;
        for (int i = 0; i < h; i++) {
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    VectorElementwise.INSTANCE.axpy(w, k[kOff + a * kw + b], x, xOff + i * w, y, yOff + (i + a) * yw + b);
                }
            }
        }
    }

    @Override
    public void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y) {
        if (s.stride() == 1) {
            stride1Forward(s, x, w, bias, relu, y, null);
            return;
        }
        int f = s.outChannels(), p = s.outHeight() * s.outWidth(), ckk = ckk(s);
        float[] cols = COLUMNS.get(ckk * p);
        for (int n = 0; n < s.batch(); n++) {
            transfer(s, x, n * imageSize(s), cols, true);
            VectorGemm.INSTANCE.gemm(false, false, f, p, ckk, 1f, w, 0, ckk, cols, 0, p, 0f, y, n * f * p, p);
        }
        if (bias != null) {
            VectorElementwise.INSTANCE.addChannelBias(s.batch(), f, p, bias, 0, y, 0);
        }
        if (relu) {
            VectorElementwise.INSTANCE.relu(s.outputSize(), y, 0, y, 0);
        }
    }

    @Override
    public void backwardInput(ConvShape s, float[] dy, float[] relu, float[] w, float[] dx) {
        if (s.stride() == 1) {
            stride1BackwardInput(s, dy, relu, null, w, dx);
            return;
        }
        dy = throughRelu(s, dy, relu);
        int f = s.outChannels(), p = s.outHeight() * s.outWidth(), ckk = ckk(s);
        float[] cols = COLUMNS.get(ckk * p);
        java.util.Arrays.fill(dx, 0, s.inputSize(), 0f);
        for (int n = 0; n < s.batch(); n++) {
            VectorGemm.INSTANCE.gemm(true, false, ckk, p, f, 1f, w, 0, ckk, dy, n * f * p, p, 0f, cols, 0, p);
            transfer(s, dx, n * imageSize(s), cols, false);
        }
    }

    @Override
    public void backwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, float[] dw, float[] db) {
        if (s.stride() == 1) {
            stride1BackwardWeights(s, x, dy, relu, null, dw, db);
            return;
        }
        dy = throughRelu(s, dy, relu);
        int f = s.outChannels(), p = s.outHeight() * s.outWidth(), ckk = ckk(s);
        if (db != null) {
            VectorElementwise.INSTANCE.sumChannels(s.batch(), f, p, dy, 0, db, 0);
        }
        float[] cols = COLUMNS.get(ckk * p);
        for (int n = 0; n < s.batch(); n++) {
            transfer(s, x, n * imageSize(s), cols, true);
            VectorGemm.INSTANCE.gemm(false, true, f, ckk, p, 1f, dy, n * f * p, p, cols, 0, p, 1f, dw, 0, ckk);
        }
    }

    @Override
    public void forwardPooled(ConvShape s, int pool, float[] x, float[] w, float[] bias, boolean relu, float[] pooled,
                              int[] argmax) {
        if (fusesPooling(s, pool)) {
            stride1Forward(s, x, w, bias, relu, pooled, argmax);
        } else {
            unfused.forward(s, pool, x, w, bias, relu, pooled, argmax);
        }
    }

    @Override
    public void backwardInputPooled(ConvShape s, int pool, float[] dPooled, float[] pooled, boolean relu, int[] argmax,
                                    float[] w, float[] dx) {
        if (fusesPooling(s, pool)) {
            stride1BackwardInput(s, dPooled, relu ? pooled : null, argmax, w, dx);
        } else {
            unfused.backwardInput(s, pool, dPooled, pooled, relu, argmax, w, dx);
        }
    }

    @Override
    public void backwardWeightsPooled(ConvShape s, int pool, float[] x, float[] dPooled, float[] pooled, boolean relu,
                                      int[] argmax, float[] dw, float[] biasGradient) {
        if (fusesPooling(s, pool)) {
            stride1BackwardWeights(s, x, dPooled, relu ? pooled : null, argmax, dw, biasGradient);
        } else {
            unfused.backwardWeights(s, pool, x, dPooled, pooled, relu, argmax, dw, biasGradient);
        }
    }

    /** Whether the pooling is fused into the convolution: 2×2 windows after a stride-1 convolution. */
    private static boolean fusesPooling(ConvShape s, int pool) {
        return pool == 2 && s.stride() == 1;
    }

    /**
     * A stride-1 forward pass, by {@link Winograd} or {@link RowConv} where they apply (the latter
     * without pooling), else over {@link WideConv}'s wide rows; with argmax, y takes the fused 2×2
     * max pooling (see {@link WideConv#forward}).
     */
    private static void stride1Forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y, int[] argmax) {
        if (Winograd.applies(s)) {
            Winograd.forward(s, x, w, bias, relu, y, argmax);
        } else if (argmax == null && RowConv.applies(s)) {
            RowConv.forward(s, x, w, bias, relu, y);
        } else {
            WideConv.forward(s, x, w, bias, relu, y, argmax);
        }
    }

    /**
     * The input gradient of {@link #stride1Forward}, relu and argmax (null, or those of the fused
     * pooling) as in {@link WideConv#backwardInput}: by {@link Winograd} where its forward pass applies.
     */
    private static void stride1BackwardInput(ConvShape s, float[] dy, float[] relu, int[] argmax, float[] w, float[] dx) {
        if (Winograd.applies(s)) {
            Winograd.backwardInput(s, dy, relu, argmax, w, dx);
        } else {
            WideConv.backwardInput(s, dy, relu, argmax, w, dx);
        }
    }

    /**
     * The weight and bias gradients of {@link #stride1Forward}, relu and argmax as in
     * {@link #stride1BackwardInput}: over {@link WideConv}'s columns, which sum the products
     * themselves, so that a weight whose products are all 0 gets exactly 0; by {@link Winograd}
     * (where its forward pass applies) only when {@link WinogradWeightGradient} is on, since its
     * transforms leave rounding noise there, which Adam would turn into steps.
     */
    private static void stride1BackwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, int[] argmax,
                                             float[] dw, float[] db) {
        if (WinogradWeightGradient.enabled() && Winograd.applies(s)) {
            Winograd.backwardWeights(s, x, dy, relu, argmax, dw, db);
        } else {
            WideConv.backwardWeights(s, x, dy, relu, argmax, dw, db);
        }
    }

    /** dy through ReLU's derivative into scratch, when relu (the forward output) is given; else dy itself. */
    private static float[] throughRelu(ConvShape s, float[] dy, float[] relu) {
        if (relu == null) {
            return dy;
        }
        float[] g = GRADIENT.get(s.outputSize());
        VectorElementwise.INSTANCE.reluBackward(s.outputSize(), relu, 0, dy, 0, g, 0);
        return g;
    }

    private static int ckk(ConvShape s) {
        return s.inChannels() * s.kernelHeight() * s.kernelWidth();
    }

    private static int imageSize(ConvShape s) {
        return s.inChannels() * s.height() * s.width();
    }

    /**
     * Moves one image between its NCHW form and its columns
     * {@code cols[(c·kh + a)·kw + b][i·outWidth + j] = image[c][i·stride + a − pad][j·stride + b − pad]}.
     * With {@code toColumns} it fills the columns (zeros where the field reaches into the padding);
     * otherwise it adds the columns back into the image (col2im), which is how the input gradient
     * gathers every field's contribution.
     */
    private static void transfer(ConvShape s, float[] image, int imageOff, float[] cols, boolean toColumns) {
        int h = s.height(), w = s.width(), oh = s.outHeight(), ow = s.outWidth();
        int stride = s.stride(), pad = s.padding(), p = oh * ow;
        int row = 0;
        for (int c = 0; c < s.inChannels(); c++) {
            for (int a = 0; a < s.kernelHeight(); a++) {
                for (int b = 0; b < s.kernelWidth(); b++, row++) {
                    // Output columns j whose input column j·stride + b − pad lies inside the image.
                    int lo = Math.min(ow, ceilDiv(Math.max(0, pad - b), stride));
                    int hi = Math.max(lo, Math.min(ow, ceilDiv(w + pad - b, stride)));
                    for (int i = 0; i < oh; i++) {
                        int colStart = row * p + i * ow;
                        int r = i * stride + a - pad;
                        if (r < 0 || r >= h) {
                            if (toColumns) {
                                java.util.Arrays.fill(cols, colStart, colStart + ow, 0f);
                            }
                            continue;
                        }
                        int imageRow = imageOff + (c * h + r) * w + b - pad;
                        if (toColumns) {
                            java.util.Arrays.fill(cols, colStart, colStart + lo, 0f);
                            java.util.Arrays.fill(cols, colStart + hi, colStart + ow, 0f);
                        }
                        if (stride == 1) {
                            if (toColumns) {
                                System.arraycopy(image, imageRow + lo, cols, colStart + lo, hi - lo);
                            } else {
                                VectorElementwise.INSTANCE.axpy(hi - lo, 1f, cols, colStart + lo, image, imageRow + lo);
                            }
                        } else {
                            for (int j = lo; j < hi; j++) {
                                if (toColumns) {
                                    cols[colStart + j] = image[imageRow + j * stride];
                                } else {
                                    image[imageRow + j * stride] += cols[colStart + j];
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return Math.floorDiv(a + b - 1, b);
    }
}
