package dev.nn.core.kernels.conv;

import dev.nn.core.ConvShape;

/**
 * Convolutions, with optional bias, ReLU and max pooling fused in, implemented on the Vector API
 * ({@link VectorConv}) and as plain loops ({@link ScalarConv}). Arguments are checked by the
 * public facades ({@code dev.nn.core.kernels.Conv} and {@code ConvPool}), which document the
 * operations and layouts; implementations assume them valid.
 */
public interface ConvKernels {
    /** Adds the valid cross-correlation of an h×w plane with a kh×kw kernel into y. */
    void correlate2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff);

    /** Adds the full convolution of an h×w plane with a kh×kw kernel into y. */
    void convolve2d(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw, float[] y, int yOff);

    /** {@code y = conv(x, w) + bias} (bias may be null), then max(0, ·) with relu; y overwritten. */
    void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y);

    /** dx overwritten with ∂E/∂x; dy read as zero where reluOutput (if not null) is not positive. */
    void backwardInput(ConvShape s, float[] dy, float[] reluOutput, float[] w, float[] dx);

    /** Adds ∂E/∂w into dw and, unless null, ∂E/∂bias into biasGradient; dy masked as in backwardInput. */
    void backwardWeights(ConvShape s, float[] x, float[] dy, float[] reluOutput, float[] dw, float[] biasGradient);

    /** pooled and argmax overwritten with the max pooling (pool×pool at stride pool) of {@link #forward}'s output. */
    void forwardPooled(ConvShape s, int pool, float[] x, float[] w, float[] bias, boolean relu, float[] pooled,
                       int[] argmax);

    /** dx overwritten with ∂E/∂x, given ∂E/∂pooled and the pooled forward pass's pooled output and argmax. */
    void backwardInputPooled(ConvShape s, int pool, float[] dPooled, float[] pooled, boolean relu, int[] argmax,
                             float[] w, float[] dx);

    /** Adds ∂E/∂w and, unless null, ∂E/∂bias, given ∂E/∂pooled and the pooled forward pass's outputs. */
    void backwardWeightsPooled(ConvShape s, int pool, float[] x, float[] dPooled, float[] pooled, boolean relu,
                               int[] argmax, float[] dw, float[] biasGradient);
}
