package dev.nn.layers;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Pooling;

/**
 * 2-D average pooling over images [batch, channels, height, width], as PyTorch's
 * {@code nn.AvgPool2d(pool, stride)} without padding: each output is the mean of a pool×pool window
 * of its channel, the window moved by {@code stride} along both axes. The output is
 * [batch, channels, (height − pool) / stride + 1, (width − pool) / stride + 1], rounded down:
 * rows and columns that no whole window reaches are left out.
 *
 * <p>Backward gives each input of a window 1/pool² of the window's ∂E/∂Y; an input in several
 * overlapping windows receives the sum of their shares, an input in none receives 0.
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin for another
 * thread.
 */
public final class AvgPool2D implements Layer {
    private final int pool;
    private final int stride;
    private int[] inputSample;    // [channels, height, width] of the last forward pass
    private int[] outputSample;   // [channels, outHeight, outWidth] for that input
    private Tensor input;         // [batch, channels, height, width]
    private Tensor output;        // [batch, channels, outHeight, outWidth]
    private Tensor inputGradient; // [batch, channels, height, width]

    /**
     * Non-overlapping pool×pool windows: the stride is the pool size (PyTorch's default).
     *
     * @param pool the height and width of the windows
     * @throws IllegalArgumentException if pool is below 1
     */
    public AvgPool2D(int pool) {
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
    public AvgPool2D(int pool, int stride) {
        Windows.requireWindow("AvgPool2D", pool, stride);
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
        Pooling.avgPoolForward(batch * inputSample[0], inputSample[1], inputSample[2], pool, stride,
                x.data(), output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        inputGradient = Tensor.reuseLike(inputGradient, input);
        Pooling.avgPoolBackward(input.dim(0) * inputSample[0], inputSample[1], inputSample[2], pool, stride,
                dy.data(), inputGradient.data());
        return inputGradient;
    }

    @Override
    public Layer shareParameters() {
        return new AvgPool2D(pool, stride);
    }

    @Override
    public String toString() {
        return "AvgPool2D(" + pool + "×" + pool + (stride != pool ? ", stride " + stride : "") + ")";
    }
}
