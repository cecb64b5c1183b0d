package dev.nn.core.kernels;

import dev.nn.core.ConvShape;
import dev.nn.core.runtime.Scratch;

/**
 * Convolution on the Vector API. Planes: each kernel tap is one broadcast multiplied into a whole
 * output row. Batched layers at stride 1 go to {@link WideConv}, or to {@link Winograd} for 3×3
 * kernels between layers of whole vectors of channels (all three passes, with or without a fused
 * 2×2 pooling); at larger strides, per image, the receptive fields
 * are unrolled into columns (im2col) so that the three passes become matrix products on
 * {@link VectorGemm}:
 * forward y = W·cols, input gradient cols' = Wᵀ·dy (then folded back), weight gradient
 * dW += dy·colsᵀ.
 */
final class VectorConv {
    private VectorConv() {
    }

    static void correlate2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff) {
        int oh = h - kh + 1, ow = w - kw + 1;
        for (int i = 0; i < oh; i++) {
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    VectorElementwise.axpy(ow, k[kOff + a * kw + b], x, xOff + (i + a) * w + b, y, yOff + i * ow);
                }
            }
        }
    }

    static void convolve2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff) {
        int yw = w + kw - 1;
        for (int i = 0; i < h; i++) {
            for (int a = 0; a < kh; a++) {
                for (int b = 0; b < kw; b++) {
                    VectorElementwise.axpy(w, k[kOff + a * kw + b], x, xOff + i * w, y, yOff + (i + a) * yw + b);
                }
            }
        }
    }

    static void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y) {
        if (s.stride() == 1) {
            stride1Forward(s, x, w, bias, relu, y, null);
            return;
        }
        int f = s.outChannels(), p = s.outHeight() * s.outWidth(), ckk = ckk(s);
        float[] cols = Scratch.floats(Scratch.CONV_COLUMNS, ckk * p);
        for (int n = 0; n < s.batch(); n++) {
            transfer(s, x, n * imageSize(s), cols, true);
            VectorGemm.gemm(false, false, f, p, ckk, 1f, w, 0, ckk, cols, 0, p, 0f, y, n * f * p, p);
        }
        if (bias != null) {
            VectorElementwise.addChannelBias(s.batch(), f, p, bias, 0, y, 0);
        }
        if (relu) {
            VectorElementwise.relu(s.outputSize(), y, 0, y, 0);
        }
    }

    static void backwardInput(ConvShape s, float[] dy, float[] relu, float[] w, float[] dx) {
        if (s.stride() == 1) {
            stride1BackwardInput(s, dy, relu, null, w, dx);
            return;
        }
        dy = throughRelu(s, dy, relu);
        int f = s.outChannels(), p = s.outHeight() * s.outWidth(), ckk = ckk(s);
        float[] cols = Scratch.floats(Scratch.CONV_COLUMNS, ckk * p);
        java.util.Arrays.fill(dx, 0, s.inputSize(), 0f);
        for (int n = 0; n < s.batch(); n++) {
            VectorGemm.gemm(true, false, ckk, p, f, 1f, w, 0, ckk, dy, n * f * p, p, 0f, cols, 0, p);
            transfer(s, dx, n * imageSize(s), cols, false);
        }
    }

    static void backwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, float[] dw, float[] db) {
        if (s.stride() == 1) {
            stride1BackwardWeights(s, x, dy, relu, null, dw, db);
            return;
        }
        dy = throughRelu(s, dy, relu);
        int f = s.outChannels(), p = s.outHeight() * s.outWidth(), ckk = ckk(s);
        if (db != null) {
            VectorElementwise.sumChannels(s.batch(), f, p, dy, 0, db, 0);
        }
        float[] cols = Scratch.floats(Scratch.CONV_COLUMNS, ckk * p);
        for (int n = 0; n < s.batch(); n++) {
            transfer(s, x, n * imageSize(s), cols, true);
            VectorGemm.gemm(false, true, f, ckk, p, 1f, dy, n * f * p, p, cols, 0, p, 1f, dw, 0, ckk);
        }
    }

    /**
     * A stride-1 forward pass, by {@link Winograd} or {@link RowConv} where they apply (the latter
     * without pooling), else over {@link WideConv}'s wide rows; with argmax, y takes the fused 2×2
     * max pooling (see {@link WideConv#forward}).
     */
    static void stride1Forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y, int[] argmax) {
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
    static void stride1BackwardInput(ConvShape s, float[] dy, float[] relu, int[] argmax, float[] w, float[] dx) {
        if (Winograd.applies(s)) {
            Winograd.backwardInput(s, dy, relu, argmax, w, dx);
        } else {
            WideConv.backwardInput(s, dy, relu, argmax, w, dx);
        }
    }

    /**
     * The weight and bias gradients of {@link #stride1Forward}, relu and argmax as in
     * {@link #stride1BackwardInput}: by {@link Winograd} where its forward pass applies.
     */
    static void stride1BackwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, int[] argmax,
                                             float[] dw, float[] db) {
        if (Winograd.applies(s)) {
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
        float[] g = Scratch.floats(Scratch.CONV_GRADIENT, s.outputSize());
        VectorElementwise.reluBackward(s.outputSize(), relu, 0, dy, 0, g, 0);
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
                                VectorElementwise.axpy(hi - lo, 1f, cols, colStart + lo, image, imageRow + lo);
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
