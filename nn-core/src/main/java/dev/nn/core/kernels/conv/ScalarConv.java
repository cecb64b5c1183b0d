package dev.nn.core.kernels.conv;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.elementwise.ScalarElementwise;
import dev.nn.core.kernels.pool.ScalarPooling;

/**
 * The scalar twin of {@link VectorConv}: the definitions, written as plain loops; max pooling
 * after the convolution through a buffer ({@link ConvThenPool}).
 */
public final class ScalarConv implements ConvKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarConv INSTANCE = new ScalarConv();

    private final ConvThenPool unfused = new ConvThenPool(this, ScalarPooling.INSTANCE, ScalarElementwise.INSTANCE);

    private ScalarConv() {
    }

    @Override
    public void correlate2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff) {
        int oh = h - kh + 1, ow = w - kw + 1;
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                float sum = 0f;
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        sum += x[xOff + (i + a) * w + j + b] * k[kOff + a * kw + b];
                    }
                }
                y[yOff + i * ow + j] += sum;
            }
        }
    }

    @Override
    public void convolve2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff) {
        int yw = w + kw - 1;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                float v = x[xOff + i * w + j];
                for (int a = 0; a < kh; a++) {
                    for (int b = 0; b < kw; b++) {
                        y[yOff + (i + a) * yw + j + b] += v * k[kOff + a * kw + b];
                    }
                }
            }
        }
    }

    @Override
    public void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y) {
        int oh = s.outHeight(), ow = s.outWidth();
        for (int n = 0; n < s.batch(); n++) {
            for (int f = 0; f < s.outChannels(); f++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float sum = 0f;
                        for (int c = 0; c < s.inChannels(); c++) {
                            for (int a = 0; a < s.kernelHeight(); a++) {
                                for (int b = 0; b < s.kernelWidth(); b++) {
                                    int xi = inputIndex(s, n, c, i * s.stride() + a - s.padding(), j * s.stride() + b - s.padding());
                                    if (xi >= 0) {
                                        sum += x[xi] * w[weightIndex(s, f, c, a, b)];
                                    }
                                }
                            }
                        }
                        float v = bias == null ? sum : sum + bias[f];
                        y[((n * s.outChannels() + f) * oh + i) * ow + j] = relu ? Math.max(v, 0f) : v;
                    }
                }
            }
        }
    }

    @Override
    public void backwardInput(ConvShape s, float[] dy, float[] relu, float[] w, float[] dx) {
        java.util.Arrays.fill(dx, 0, s.inputSize(), 0f);
        int oh = s.outHeight(), ow = s.outWidth();
        for (int n = 0; n < s.batch(); n++) {
            for (int f = 0; f < s.outChannels(); f++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        float g = gradient(dy, relu, ((n * s.outChannels() + f) * oh + i) * ow + j);
                        for (int c = 0; c < s.inChannels(); c++) {
                            for (int a = 0; a < s.kernelHeight(); a++) {
                                for (int b = 0; b < s.kernelWidth(); b++) {
                                    int xi = inputIndex(s, n, c, i * s.stride() + a - s.padding(), j * s.stride() + b - s.padding());
                                    if (xi >= 0) {
                                        dx[xi] += g * w[weightIndex(s, f, c, a, b)];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    @Override
    public void backwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, float[] dw, float[] db) {
        int oh = s.outHeight(), ow = s.outWidth();
        if (db != null) {
            for (int f = 0; f < s.outChannels(); f++) {
                float sum = 0f;
                for (int n = 0; n < s.batch(); n++) {
                    for (int q = 0; q < oh * ow; q++) {
                        sum += gradient(dy, relu, (n * s.outChannels() + f) * oh * ow + q);
                    }
                }
                db[f] += sum;
            }
        }
        for (int f = 0; f < s.outChannels(); f++) {
            for (int c = 0; c < s.inChannels(); c++) {
                for (int a = 0; a < s.kernelHeight(); a++) {
                    for (int b = 0; b < s.kernelWidth(); b++) {
                        float sum = 0f;
                        for (int n = 0; n < s.batch(); n++) {
                            for (int i = 0; i < oh; i++) {
                                for (int j = 0; j < ow; j++) {
                                    int xi = inputIndex(s, n, c, i * s.stride() + a - s.padding(), j * s.stride() + b - s.padding());
                                    if (xi >= 0) {
                                        sum += x[xi] * gradient(dy, relu, ((n * s.outChannels() + f) * oh + i) * ow + j);
                                    }
                                }
                            }
                        }
                        dw[weightIndex(s, f, c, a, b)] += sum;
                    }
                }
            }
        }
    }

    @Override
    public void forwardPooled(ConvShape s, int pool, float[] x, float[] w, float[] bias, boolean relu, float[] pooled,
                              int[] argmax) {
        unfused.forward(s, pool, x, w, bias, relu, pooled, argmax);
    }

    @Override
    public void backwardInputPooled(ConvShape s, int pool, float[] dPooled, float[] pooled, boolean relu, int[] argmax,
                                    float[] w, float[] dx) {
        unfused.backwardInput(s, pool, dPooled, pooled, relu, argmax, w, dx);
    }

    @Override
    public void backwardWeightsPooled(ConvShape s, int pool, float[] x, float[] dPooled, float[] pooled, boolean relu,
                                      int[] argmax, float[] dw, float[] biasGradient) {
        unfused.backwardWeights(s, pool, x, dPooled, pooled, relu, argmax, dw, biasGradient);
    }

    /** dy[i] taken through ReLU's derivative when relu (the forward output) is given: 0 where it is not positive. */
    private static float gradient(float[] dy, float[] relu, int i) {
        return relu == null || relu[i] > 0f ? dy[i] : 0f;
    }

    /** Index of x[n][c][r][q] in the input, or -1 where (r, q) falls in the zero padding. */
    private static int inputIndex(ConvShape s, int n, int c, int r, int q) {
        if (r < 0 || r >= s.height() || q < 0 || q >= s.width()) {
            return -1;
        }
        return ((n * s.inChannels() + c) * s.height() + r) * s.width() + q;
    }

    private static int weightIndex(ConvShape s, int f, int c, int a, int b) {
        return ((f * s.inChannels() + c) * s.kernelHeight() + a) * s.kernelWidth() + b;
    }
}
