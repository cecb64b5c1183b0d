package dev.nn.layers;

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
public final class MaxPool2D extends WindowPooling {
    private int[] argmax; // [batch, channels, outHeight, outWidth]: index into the input of each maximum

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
        super("MaxPool2D", pool, stride);
    }

    @Override
    void poolPlanes(int planes, int h, int w, float[] x, float[] y) {
        int outputs = planes * Pooling.outputSize(h, pool(), stride()) * Pooling.outputSize(w, pool(), stride());
        if (argmax == null || argmax.length < outputs) {
            argmax = new int[outputs];
        }
        Pooling.maxPoolForward(planes, h, w, pool(), stride(), x, y, argmax);
    }

    @Override
    void routeGradient(int planes, int h, int w, float[] dy, float[] dx) {
        Pooling.maxPoolBackward(planes, h, w, pool(), stride(), dy, argmax, dx);
    }

    @Override
    public Layer shareParameters() {
        return new MaxPool2D(pool(), stride());
    }
}
