package dev.nn.core.kernels;

import dev.nn.core.ConvShape;
import dev.nn.core.Tensor;

/**
 * Convolution kernels: the tutorial's 2-D {@code correlate2d} (valid) and {@code convolve2d} (full)
 * on single planes, and the batched multi-channel forms that a convolutional layer's forward pass,
 * input gradient and weight gradient need, with stride and zero padding.
 *
 * <p>Layouts: planes are row-major; batched input is [batch, inChannels, height, width], weights
 * [outChannels, inChannels, kernelHeight, kernelWidth], output [batch, outChannels, outHeight,
 * outWidth], as described by a {@link ConvShape}.
 *
 * <p>The weight gradient is exactly 0 where every product of its sum is 0 (as in PyTorch), unless
 * {@code Backend.setWinogradWeightGradient} trades that for speed on the shapes that run
 * Winograd's algorithm.
 *
 * <p>The gradients can take ReLU's derivative and the bias gradient along, for a layer whose
 * forward pass applied them: given the forward pass's output, ∂E/∂y is read as zero where that
 * output is not positive, and the bias gradient (Σ of ∂E/∂y over images and positions, per output
 * channel) is summed with the weight gradient. Neither then costs a pass over the output gradient.
 *
 * <p>Thread-safe: any number of threads may call these kernels at once on arrays they do not write
 * in common (their scratch space is per thread, and calls that spread over the thread pool take
 * turns).
 */
public final class Conv {
    private Conv() {
    }

    /**
     * Adds the valid cross-correlation of an h×w plane with a kh×kw kernel into the
     * (h−kh+1)×(w−kw+1) plane y: {@code y[i][j] += Σ x[i+a][j+b]·k[a][b]}.
     *
     * @param x the input plane (h×w values from xOffset), or a 2-D tensor
     * @param xOffset the index of the plane's first value in x
     * @param h the plane's height
     * @param w the plane's width
     * @param k the kernel (kh×kw values from kOffset), or a 2-D tensor
     * @param kOffset the index of the kernel's first value in k
     * @param kh the kernel's height
     * @param kw the kernel's width
     * @param y the output plane, added into
     * @param yOffset the index of the output plane's first value in y
     */
    public static void correlate2d(float[] x, int xOffset, int h, int w, float[] k, int kOffset, int kh, int kw,
                                   float[] y, int yOffset) {
        checkPlanes(x, xOffset, h, w, k, kOffset, kh, kw, y, yOffset, h - kh + 1, w - kw + 1, "Conv.correlate2d");
        Implementations.CONV.correlate2d(x, xOffset, h, w, k, kOffset, kh, kw, y, yOffset);
    }

    /**
     * Adds the full convolution of an h×w plane with a kh×kw kernel into the (h+kh−1)×(w+kw−1)
     * plane y: {@code y[i][j] += Σ x[i−a][j−b]·k[a][b]} over the indices inside x. This is the
     * input gradient of {@link #correlate2d}.
     *
     * @param x the input plane (h×w values from xOffset), or a 2-D tensor
     * @param xOffset the index of the plane's first value in x
     * @param h the plane's height
     * @param w the plane's width
     * @param k the kernel (kh×kw values from kOffset), or a 2-D tensor
     * @param kOffset the index of the kernel's first value in k
     * @param kh the kernel's height
     * @param kw the kernel's width
     * @param y the output plane, added into
     * @param yOffset the index of the output plane's first value in y
     */
    public static void convolve2d(float[] x, int xOffset, int h, int w, float[] k, int kOffset, int kh, int kw,
                                  float[] y, int yOffset) {
        checkPlanes(x, xOffset, h, w, k, kOffset, kh, kw, y, yOffset, h + kh - 1, w + kw - 1, "Conv.convolve2d");
        Implementations.CONV.convolve2d(x, xOffset, h, w, k, kOffset, kh, kw, y, yOffset);
    }

    /**
     * The valid cross-correlation of two 2-D tensors, as a new [h−kh+1, w−kw+1] tensor.
     *
     * @param x the input plane (h×w values from xOffset), or a 2-D tensor
     * @param k the kernel (kh×kw values from kOffset), or a 2-D tensor
     * @return a new [h − kh + 1, w − kw + 1] tensor
     */
    public static Tensor correlate2d(Tensor x, Tensor k) {
        check2d(x, k, "Conv.correlate2d");
        Tensor y = Tensor.zeros(x.dim(0) - k.dim(0) + 1, x.dim(1) - k.dim(1) + 1);
        correlate2d(x.data(), 0, x.dim(0), x.dim(1), k.data(), 0, k.dim(0), k.dim(1), y.data(), 0);
        return y;
    }

    /**
     * The full convolution of two 2-D tensors, as a new [h+kh−1, w+kw−1] tensor.
     *
     * @param x the input plane (h×w values from xOffset), or a 2-D tensor
     * @param k the kernel (kh×kw values from kOffset), or a 2-D tensor
     * @return a new [h + kh − 1, w + kw − 1] tensor
     */
    public static Tensor convolve2d(Tensor x, Tensor k) {
        check2d(x, k, "Conv.convolve2d");
        Tensor y = Tensor.zeros(x.dim(0) + k.dim(0) - 1, x.dim(1) + k.dim(1) - 1);
        convolve2d(x.data(), 0, x.dim(0), x.dim(1), k.data(), 0, k.dim(0), k.dim(1), y.data(), 0);
        return y;
    }

    /**
     * Forward pass: {@code y = conv(x, w) + bias}, or {@code max(0, conv(x, w) + bias)} with
     * {@code relu}, overwriting y. Bias (one value per output channel, or null for none) and ReLU
     * are applied as the outputs are written, without passes of their own.
     *
     * @param s the convolution's shape
     * @param x the input, [batch, inChannels, height, width]
     * @param w the weights, [outChannels, inChannels, kernelHeight, kernelWidth]
     * @param bias one value per output channel, or null for none
     * @param relu whether max(0, ·) is applied to the outputs
     * @param y receives the output, [batch, outChannels, outHeight, outWidth]
     */
    public static void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y) {
        String op = "Conv.forward";
        Checks.array(op, "x", x, 0, s.inputSize());
        Checks.array(op, "w", w, 0, s.weightSize());
        Checks.array(op, "y", y, 0, s.outputSize());
        if (bias != null) {
            Checks.array(op, "bias", bias, 0, s.outChannels());
        }
        Implementations.CONV.forward(s, x, w, bias, relu, y);
    }

    /**
     * Input gradient: {@code dx = ∂E/∂x} from {@code dy = ∂E/∂y}, overwriting dx.
     *
     * @param s the convolution's shape
     * @param dy the gradient with respect to the output, ∂E/∂y, [batch, outChannels, outHeight, outWidth]
     * @param w the weights, [outChannels, inChannels, kernelHeight, kernelWidth]
     * @param dx receives ∂E/∂x, [batch, inChannels, height, width]
     */
    public static void backwardInput(ConvShape s, float[] dy, float[] w, float[] dx) {
        backwardInput(s, dy, null, w, dx);
    }

    /**
     * Input gradient of a layer whose forward pass may have applied ReLU: {@code dx = ∂E/∂x},
     * overwriting dx, from {@code dy = ∂E/∂y}, read as zero where {@code reluOutput} (the forward
     * pass's output, or null for no ReLU) is not positive.
     *
     * @param s the convolution's shape
     * @param dy the gradient with respect to the output, ∂E/∂y, [batch, outChannels, outHeight, outWidth]
     * @param reluOutput the forward pass's output, or null when it applied no ReLU
     * @param w the weights, [outChannels, inChannels, kernelHeight, kernelWidth]
     * @param dx receives ∂E/∂x, [batch, inChannels, height, width]
     */
    public static void backwardInput(ConvShape s, float[] dy, float[] reluOutput, float[] w, float[] dx) {
        String op = "Conv.backwardInput";
        Checks.array(op, "dy", dy, 0, s.outputSize());
        Checks.array(op, "w", w, 0, s.weightSize());
        Checks.array(op, "dx", dx, 0, s.inputSize());
        if (reluOutput != null) {
            Checks.array(op, "reluOutput", reluOutput, 0, s.outputSize());
        }
        Implementations.CONV.backwardInput(s, dy, reluOutput, w, dx);
    }

    /**
     * Weight gradient: adds {@code ∂E/∂w} from the input x and {@code dy = ∂E/∂y} into dw.
     *
     * @param s the convolution's shape
     * @param x the input, [batch, inChannels, height, width]
     * @param dy the gradient with respect to the output, ∂E/∂y, [batch, outChannels, outHeight, outWidth]
     * @param dw ∂E/∂w is added into it
     */
    public static void backwardWeights(ConvShape s, float[] x, float[] dy, float[] dw) {
        backwardWeights(s, x, dy, null, dw, null);
    }

    /**
     * Weight and bias gradients of a layer whose forward pass may have applied ReLU: adds
     * {@code ∂E/∂w} into dw and, unless {@code biasGradient} is null, {@code ∂E/∂bias} (one value per
     * output channel) into it, from the input x and {@code dy = ∂E/∂y}, read as zero where
     * {@code reluOutput} (the forward pass's output, or null for no ReLU) is not positive.
     *
     * @param s the convolution's shape
     * @param x the input, [batch, inChannels, height, width]
     * @param dy the gradient with respect to the output, ∂E/∂y, [batch, outChannels, outHeight, outWidth]
     * @param reluOutput the forward pass's output, or null when it applied no ReLU
     * @param dw ∂E/∂w is added into it
     * @param biasGradient ∂E/∂bias is added into it, or null for none
     */
    public static void backwardWeights(ConvShape s, float[] x, float[] dy, float[] reluOutput, float[] dw,
                                       float[] biasGradient) {
        String op = "Conv.backwardWeights";
        Checks.array(op, "x", x, 0, s.inputSize());
        Checks.array(op, "dy", dy, 0, s.outputSize());
        Checks.array(op, "dw", dw, 0, s.weightSize());
        if (reluOutput != null) {
            Checks.array(op, "reluOutput", reluOutput, 0, s.outputSize());
        }
        if (biasGradient != null) {
            Checks.array(op, "biasGradient", biasGradient, 0, s.outChannels());
        }
        Implementations.CONV.backwardWeights(s, x, dy, reluOutput, dw, biasGradient);
    }

    private static void check2d(Tensor x, Tensor k, String op) {
        if (x.rank() != 2 || k.rank() != 2) {
            throw new IllegalArgumentException(op + " needs 2-D tensors but got " + java.util.Arrays.toString(x.shape())
                    + " and kernel " + java.util.Arrays.toString(k.shape()));
        }
    }

    private static void checkPlanes(float[] x, int xOff, int h, int w, float[] k, int kOff, int kh, int kw,
                                    float[] y, int yOff, int yh, int yw, String op) {
        if (h < 1 || w < 1 || kh < 1 || kw < 1) {
            throw new IllegalArgumentException(op + ": plane " + h + "×" + w + " and kernel " + kh + "×" + kw
                    + " must have sizes of at least 1");
        }
        if (yh < 1 || yw < 1) {
            throw new IllegalArgumentException(op + ": a " + kh + "×" + kw + " kernel is larger than the "
                    + h + "×" + w + " plane");
        }
        Checks.array(op, "x", x, xOff, (long) h * w);
        Checks.array(op, "k", k, kOff, (long) kh * kw);
        Checks.array(op, "y", y, yOff, (long) yh * yw);
    }
}
