package dev.nn.core.kernels.pool;

/**
 * Max and average pooling over the planes of NCHW tensors, implemented on the Vector API
 * ({@link VectorPooling}) and as plain loops ({@link ScalarPooling}); both give the same outputs
 * and argmax to the bit, and the same window averages to the bit; only the whole-plane averages, which
 * the two sum in different orders, may differ in the last bits. Arguments are checked by the public facade
 * ({@code dev.nn.core.kernels.Pooling}), which documents the operations; implementations assume
 * them valid.
 */
public interface PoolingKernels {
    /** The number of windows along an axis of the given size, {@code (size − pool) / stride + 1}. */
    static int outputSize(int size, int pool, int stride) {
        return (size - pool) / stride + 1;
    }

    /** y and argmax overwritten with each window's maximum and its index into x. */
    void maxPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y, int[] argmax);

    /** dx overwritten: zeros, then each {@code dy[o]} added at {@code dx[argmax[o]]}. */
    void maxPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, int[] argmax, float[] dx);

    /** y overwritten with each window's mean: its values summed in row-major order, divided by pool². */
    void avgPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y);

    /** dx overwritten: zeros, then {@code dy[o] / pool²} added to each input of window o, in order of o. */
    void avgPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, float[] dx);

    /** y[p] overwritten with the mean of the {@code size} values of plane p. */
    void globalAvgPoolForward(int planes, int size, float[] x, float[] y);

    /** Every value of dx's plane p overwritten with {@code dy[p] / size}. */
    void globalAvgPoolBackward(int planes, int size, float[] dy, float[] dx);
}
