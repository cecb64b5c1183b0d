package dev.nn.core.kernels.conv;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.elementwise.ElementwiseKernels;
import dev.nn.core.kernels.pool.PoolingKernels;
import dev.nn.core.runtime.FloatScratch;

/**
 * A convolution followed by max pooling with pool×pool windows at stride pool, as two operations
 * through a buffer holding the convolution's whole output: the pooled passes of
 * {@link ConvKernels} wherever no kernel fuses the pooling. Its outputs, argmax and gradients are
 * those of the convolution's and the pooling's own passes, one after the other.
 */
final class ConvThenPool {
    /** The convolution's output, or later the gradient with respect to it. */
    private static final FloatScratch UNPOOLED = new FloatScratch();
    /** The pooled gradient through ReLU's derivative. */
    private static final FloatScratch POOLED_GRADIENT = new FloatScratch();

    private final ConvKernels conv;
    private final PoolingKernels pooling;
    private final ElementwiseKernels elementwise;

    /** The composition of these kernels: all three of one implementation, vector or scalar. */
    ConvThenPool(ConvKernels conv, PoolingKernels pooling, ElementwiseKernels elementwise) {
        this.conv = conv;
        this.pooling = pooling;
        this.elementwise = elementwise;
    }

    void forward(ConvShape s, int pool, float[] x, float[] w, float[] bias, boolean relu, float[] pooled, int[] argmax) {
        float[] y = UNPOOLED.get(s.outputSize());
        conv.forward(s, x, w, bias, relu, y);
        pooling.maxPoolForward(planes(s), s.outHeight(), s.outWidth(), pool, pool, y, pooled, argmax);
    }

    void backwardInput(ConvShape s, int pool, float[] dPooled, float[] pooled, boolean relu, int[] argmax, float[] w,
                       float[] dx) {
        conv.backwardInput(s, unpooled(s, pool, dPooled, pooled, relu, argmax), null, w, dx);
    }

    void backwardWeights(ConvShape s, int pool, float[] x, float[] dPooled, float[] pooled, boolean relu, int[] argmax,
                         float[] dw, float[] biasGradient) {
        conv.backwardWeights(s, x, unpooled(s, pool, dPooled, pooled, relu, argmax), null, dw, biasGradient);
    }

    /**
     * ∂E/∂(convolution output) in scratch: dPooled through ReLU's derivative (read from the pooled
     * output, the value of the convolution's output at each argmax), routed back by the pooling's
     * backward pass.
     */
    private float[] unpooled(ConvShape s, int pool, float[] dPooled, float[] pooled, boolean relu, int[] argmax) {
        int n = planes(s) * (s.outHeight() / pool) * (s.outWidth() / pool);
        float[] g = dPooled;
        if (relu) {
            g = POOLED_GRADIENT.get(n);
            elementwise.reluBackward(n, pooled, 0, dPooled, 0, g, 0);
        }
        float[] dy = UNPOOLED.get(s.outputSize());
        pooling.maxPoolBackward(planes(s), s.outHeight(), s.outWidth(), pool, pool, g, argmax, dy);
        return dy;
    }

    private static int planes(ConvShape s) {
        return s.batch() * s.outChannels();
    }
}
