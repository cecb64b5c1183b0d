package dev.nn.core.kernels.norm;

/**
 * Batch normalization over the channels of [n, c, s] tensors (s = 1 for [batch, features], h·w for
 * images), implemented on the Vector API ({@link VectorNormalization}) and as plain loops
 * ({@link ScalarNormalization}). Per-channel sums over n·s values agree to rounding (the vector
 * sums of image planes take another order); the elementwise passes are equal to the bit.
 * Arguments are checked by the public facade ({@code dev.nn.core.kernels.Normalization}).
 */
public interface NormalizationKernels {
    /** Each channel's mean and biased variance (mean of squared deviations from the mean). */
    void moments(int n, int c, int s, float[] x, float[] mean, float[] variance);

    /** {@code y = fma(x, scale[ch], shift[ch])} for each value of channel ch. */
    void scaleShift(int n, int c, int s, float[] x, float[] scale, float[] shift, float[] y);

    /** Per channel, Σ dy and Σ dy·(x − mean). */
    void gradientSums(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] sumDy, float[] sumDyCentered);

    /** {@code dx = fma(a[ch], dy, fma(b[ch], x − mean[ch], d[ch]))} for each value of channel ch. */
    void inputGradient(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] a, float[] b, float[] d,
                       float[] dx);
}
