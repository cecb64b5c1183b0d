package dev.nn.layers;

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
public final class AvgPool2D extends WindowPooling {
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
        super("AvgPool2D", pool, stride);
    }

    @Override
    void poolPlanes(int planes, int h, int w, float[] x, float[] y) {
        Pooling.avgPoolForward(planes, h, w, pool(), stride(), x, y);
    }

    @Override
    void routeGradient(int planes, int h, int w, float[] dy, float[] dx) {
        Pooling.avgPoolBackward(planes, h, w, pool(), stride(), dy, dx);
    }

    @Override
    public Layer shareParameters() {
        return new AvgPool2D(pool(), stride());
    }
}
