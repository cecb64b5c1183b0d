package dev.nn.core.kernels.pool;

/**
 * Max pooling over the planes of NCHW tensors, implemented on the Vector API
 * ({@link VectorPooling}) and as plain loops ({@link ScalarPooling}); both give the same outputs
 * and argmax to the bit. Arguments are checked by the public facade
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
}
