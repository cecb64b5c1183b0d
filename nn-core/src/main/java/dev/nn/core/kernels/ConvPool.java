package dev.nn.core.kernels;

import dev.nn.core.ConvShape;

/**
 * A convolution, optionally ReLU, and max pooling as one operation: {@code pooled =
 * maxPool(relu(conv(x, w) + bias))} with pool×pool windows at stride pool, the same values and
 * argmax, to the bit, as {@link Conv#forward} followed by {@link Pooling#maxPoolForward}. The
 * gradients equal the two backward passes in the reverse order to the bit too (but for the sign
 * of a zero: a pooled gradient of −0.0 may reach the convolution as −0.0 here where the pooling's
 * scalar scatter makes it 0.0, which changes no sum that has a nonzero term), except for the input
 * gradient of 2×2 windows after a 3×3 stride-1 convolution whose channel counts are multiples of
 * the vector length: both run Winograd's algorithm there, the fused one over the tiles under the
 * windows only, and may differ by a few units of rounding (so may the weight gradients, when
 * {@code Backend.setWinogradWeightGradient} runs them by Winograd's algorithm too).
 *
 * <p>Why: for 2×2 pooling after a stride-1 convolution on the Vector API, the convolution's output
 * is pooled while it is still in cache, and is never written whole. The output of a first layer
 * (batch 64, 32 channels of 26×26) is 5.5 MB: unfused, it is written, read back by the pooling,
 * its gradient written by the pooling's backward pass and read, with the output for ReLU's
 * derivative, by both gradients. Here the gradients read only the pooled gradient, the pooled
 * output and argmax, a quarter of the size each. Other windows and strides run the two
 * operations one after the other through a scratch buffer.
 *
 * <p>Layouts are those of {@link Conv} and {@link Pooling}: with the convolution's output
 * [batch, outChannels, outHeight, outWidth], pooled and argmax are [batch, outChannels,
 * outHeight / pool, outWidth / pool] (rounded down), and argmax holds the index of each maximum
 * in the convolution's output.
 *
 * <p>Thread-safe: any number of threads may call these kernels at once on arrays they do not write
 * in common (their scratch space is per thread, and calls that spread over the thread pool take
 * turns).
 */
public final class ConvPool {
    private ConvPool() {
    }

    /**
     * Forward pass: pooled and argmax are overwritten with the max pooling of
     * {@code relu ? max(0, conv(x, w) + bias) : conv(x, w) + bias}.
     *
     * @param s      the convolution's shape
     * @param pool   the side of the pooling windows, which move by pool
     * @param x      the input, [batch, inChannels, height, width]
     * @param w      the weights, [outChannels, inChannels, kernelHeight, kernelWidth]
     * @param bias   one value per output channel, or null for none
     * @param relu   whether max(0, ·) is applied before the pooling
     * @param pooled receives the pooled outputs
     * @param argmax receives the index of each maximum in the convolution's output
     * @throws IllegalArgumentException naming the argument, if the window does not fit in the
     *     convolution's output or an array is null or too short
     */
    public static void forward(ConvShape s, int pool, float[] x, float[] w, float[] bias, boolean relu,
                               float[] pooled, int[] argmax) {
        String op = "ConvPool.forward";
        check(s, pool, op, pooled, argmax);
        Checks.array(op, "x", x, 0, s.inputSize());
        Checks.array(op, "w", w, 0, s.weightSize());
        if (bias != null) {
            Checks.array(op, "bias", bias, 0, s.outChannels());
        }
        Implementations.CONV.forwardPooled(s, pool, x, w, bias, relu, pooled, argmax);
    }

    /**
     * Input gradient: dx is overwritten with ∂E/∂x, given {@code dPooled = ∂E/∂pooled} and the
     * forward pass's pooled output and argmax (each index must lie in its own output's window).
     *
     * @param s       the convolution's shape
     * @param pool    the side of the pooling windows
     * @param dPooled ∂E/∂pooled
     * @param pooled  the forward pass's pooled output
     * @param relu    whether the forward pass applied max(0, ·)
     * @param argmax  the forward pass's argmax
     * @param w       the weights
     * @param dx      receives ∂E/∂x
     * @throws IllegalArgumentException naming the argument, if the window does not fit in the
     *     convolution's output or an array is null or too short
     */
    public static void backwardInput(ConvShape s, int pool, float[] dPooled, float[] pooled, boolean relu,
                                     int[] argmax, float[] w, float[] dx) {
        String op = "ConvPool.backwardInput";
        check(s, pool, op, pooled, argmax);
        Checks.array(op, "dPooled", dPooled, 0, pooledSize(s, pool));
        Checks.array(op, "w", w, 0, s.weightSize());
        Checks.array(op, "dx", dx, 0, s.inputSize());
        Implementations.CONV.backwardInputPooled(s, pool, dPooled, pooled, relu, argmax, w, dx);
    }

    /**
     * Weight and bias gradients: adds ∂E/∂w into dw and, unless {@code biasGradient} is null,
     * ∂E/∂bias into it, given the input x, {@code dPooled = ∂E/∂pooled} and the forward pass's
     * pooled output and argmax.
     *
     * @param s            the convolution's shape
     * @param pool         the side of the pooling windows
     * @param x            the forward pass's input
     * @param dPooled      ∂E/∂pooled
     * @param pooled       the forward pass's pooled output
     * @param relu         whether the forward pass applied max(0, ·)
     * @param argmax       the forward pass's argmax
     * @param dw           ∂E/∂w is added into it
     * @param biasGradient ∂E/∂bias is added into it, or null for none
     * @throws IllegalArgumentException naming the argument, if the window does not fit in the
     *     convolution's output or an array is null or too short
     */
    public static void backwardWeights(ConvShape s, int pool, float[] x, float[] dPooled, float[] pooled,
                                       boolean relu, int[] argmax, float[] dw, float[] biasGradient) {
        String op = "ConvPool.backwardWeights";
        check(s, pool, op, pooled, argmax);
        Checks.array(op, "dPooled", dPooled, 0, pooledSize(s, pool));
        Checks.array(op, "x", x, 0, s.inputSize());
        Checks.array(op, "dw", dw, 0, s.weightSize());
        if (biasGradient != null) {
            Checks.array(op, "biasGradient", biasGradient, 0, s.outChannels());
        }
        Implementations.CONV.backwardWeightsPooled(s, pool, x, dPooled, pooled, relu, argmax, dw, biasGradient);
    }

    /** Checks the window and the pooled arrays. */
    private static void check(ConvShape s, int pool, String op, float[] pooled, int[] argmax) {
        if (pool < 1 || pool > s.outHeight() || pool > s.outWidth()) {
            throw new IllegalArgumentException(op + ": a " + pool + "×" + pool
                    + " window does not fit in the convolution's " + s.outHeight() + "×" + s.outWidth() + " output");
        }
        int n = pooledSize(s, pool);
        Checks.array(op, "pooled", pooled, 0, n);
        if (argmax == null) {
            throw new IllegalArgumentException(op + ": argmax is null");
        }
        if (argmax.length < n) {
            throw new IllegalArgumentException(op + ": argmax has length " + argmax.length + " but needs " + n
                    + " values");
        }
    }

    private static int pooledSize(ConvShape s, int pool) {
        return planes(s) * (s.outHeight() / pool) * (s.outWidth() / pool);
    }

    private static int planes(ConvShape s) {
        return s.batch() * s.outChannels();
    }
}
