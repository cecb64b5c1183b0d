package dev.nn.layers;

import dev.nn.core.Tensor;

/**
 * What the 2-D pooling layers share: pool×pool windows {@code stride} apart over images [batch,
 * channels, height, width], without padding, the shapes, checks and buffers of their passes. A
 * subclass gives the kernels that pool a batch's planes and route the gradient back.
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin for another
 * thread.
 */
abstract sealed class WindowPooling implements Layer permits MaxPool2D, AvgPool2D {
    private final String type;
    private final int pool;
    private final int stride;
    private int[] inputSample;    // [channels, height, width] of the last forward pass
    private int[] outputSample;   // [channels, outHeight, outWidth] for that input
    private Tensor input;         // [batch, channels, height, width]
    private Tensor output;        // [batch, channels, outHeight, outWidth]
    private Tensor inputGradient; // [batch, channels, height, width]

    WindowPooling(String type, int pool, int stride) {
        Windows.requireWindow(type, pool, stride);
        this.type = type;
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

    /** Pools {@code planes} planes of h×w values of x into y, pool() windows stride() apart. */
    abstract void poolPlanes(int planes, int h, int w, float[] x, float[] y);

    /** Routes the planes' output gradient dy back to dx, overwriting dx, for the last forward pass. */
    abstract void routeGradient(int planes, int h, int w, float[] dy, float[] dx);

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
        input = x;
        output = Tensor.reuse(output, x.dim(0), outputSample);
        poolPlanes(x.dim(0) * inputSample[0], inputSample[1], inputSample[2], x.data(), output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        inputGradient = Tensor.reuseLike(inputGradient, input);
        routeGradient(input.dim(0) * inputSample[0], inputSample[1], inputSample[2], dy.data(), inputGradient.data());
        return inputGradient;
    }

    @Override
    public String toString() {
        return type + "(" + pool + "×" + pool + (stride != pool ? ", stride " + stride : "") + ")";
    }
}
