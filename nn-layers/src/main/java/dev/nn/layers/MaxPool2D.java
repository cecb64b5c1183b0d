package dev.nn.layers;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Pooling;

/**
 * 2-D max pooling over images [batch, channels, height, width]: each output is the maximum of a
 * pool×pool window of its channel, the window moved by {@code stride} along both axes, without
 * padding. The output is [batch, channels, (height − pool) / stride + 1, (width − pool) / stride + 1],
 * rounded down as in PyTorch: rows and columns that no whole window reaches are left out.
 *
 * <p>Backward routes each ∂E/∂Y to the input that was the maximum of its window (the first of
 * equal maxima in row-major order); an input that is the maximum of several overlapping windows
 * receives the sum of their gradients. A NaN in a window is its maximum, so NaN propagates.
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin for another
 * thread.
 */
public final class MaxPool2D implements Layer {
    private final int pool;
    private final int stride;
    private int[] inputSample;    // [channels, height, width] of the last forward pass
    private int[] outputSample;   // [channels, outHeight, outWidth] for that input
    private Tensor input;         // [batch, channels, height, width]
    private Tensor output;        // [batch, channels, outHeight, outWidth]
    private int[] argmax;         // [batch, channels, outHeight, outWidth]: index into input of each maximum
    private Tensor inputGradient; // [batch, channels, height, width]

    /**
     * Non-overlapping pool×pool windows: the stride is the pool size.
     *
     * @param pool the height and width of the windows
     * @throws IllegalArgumentException if pool is below 1
     */
    public MaxPool2D(int pool) {
        this(pool, pool);
    }

    /**
     * pool×pool windows, {@code stride} apart along both axes; they overlap when the stride is
     * smaller than the pool.
     *
     * @param pool the height and width of the windows
     * @param stride the step between two windows
     * @throws IllegalArgumentException if pool or stride is below 1
     */
    public MaxPool2D(int pool, int stride) {
        Windows.requireWindow("MaxPool2D", pool, stride);
        this.pool = pool;
        this.stride = stride;
    }

    /**
     * The height and width of the windows.
     *
     * @return the pool size
     */
    public int pool() {
        return pool;
    }

    /**
     * The step between two windows, along both axes.
     *
     * @return the stride
     */
    public int stride() {
        return stride;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return Windows.pooledShape(this, inputShape, pool, stride);
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.requireImages(this, x);
        if (!Windows.sameImages(x, inputSample)) {
            int[] sample = Shapes.sampleShape(x);
            outputSample = outputShape(sample);
            inputSample = sample;
        }
        int batch = x.dim(0);
        input = x;
        output = Tensor.reuse(output, batch, outputSample);
        if (argmax == null || argmax.length < output.size()) {
            argmax = new int[output.size()];
        }
        Pooling.maxPoolForward(batch * inputSample[0], inputSample[1], inputSample[2], pool, stride,
                x.data(), output.data(), argmax);
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        inputGradient = Tensor.reuseLike(inputGradient, input);
        Pooling.maxPoolBackward(input.dim(0) * inputSample[0], inputSample[1], inputSample[2], pool, stride,
                dy.data(), argmax, inputGradient.data());
        return inputGradient;
    }

    @Override
    public Layer shareParameters() {
        return new MaxPool2D(pool, stride);
    }

    @Override
    public String toString() {
        return "MaxPool2D(" + pool + "×" + pool + (stride != pool ? ", stride " + stride : "") + ")";
    }
}
