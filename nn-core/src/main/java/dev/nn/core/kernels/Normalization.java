package dev.nn.core.kernels;

/**
 * Batch normalization's passes over the channels of tensors laid out [n, c, s], row-major: n
 * samples, c channels, s values per channel and sample (1 for [batch, features], h·w for images
 * [batch, channels, h, w]). A channel's statistics run over its n·s values.
 *
 * <p>The per-channel sums ({@link #moments}, {@link #gradientSums}) of image planes are summed in
 * a different order by the Vector API and the scalar implementations, which agree to rounding; the
 * elementwise passes are the same to the bit.
 *
 * <p>Thread-safe: any number of threads may call these kernels at once on arrays they do not write
 * in common.
 */
public final class Normalization {
    private Normalization() {
    }

    /**
     * Each channel's mean and biased variance, {@code Σ (x − mean)² / (n·s)}, by two passes.
     *
     * @param n the number of samples
     * @param c the number of channels
     * @param s the values per channel and sample
     * @param x the input, [n, c, s]
     * @param mean receives the means, [c]
     * @param variance receives the biased variances, [c]
     * @throws IllegalArgumentException naming the argument, if a size is below 1 or an array is
     *     null or too short
     */
    public static void moments(int n, int c, int s, float[] x, float[] mean, float[] variance) {
        String op = "Normalization.moments";
        long size = checkSizes(op, n, c, s);
        Checks.array(op, "x", x, 0, size);
        Checks.array(op, "mean", mean, 0, c);
        Checks.array(op, "variance", variance, 0, c);
        Implementations.NORMALIZATION.moments(n, c, s, x, mean, variance);
    }

    /**
     * {@code y = x·scale[ch] + shift[ch]}, one rounding (a fused multiply-add), for each value of
     * channel ch.
     *
     * @param n the number of samples
     * @param c the number of channels
     * @param s the values per channel and sample
     * @param x the input, [n, c, s]
     * @param scale the channels' factors, [c]
     * @param shift the channels' offsets, [c]
     * @param y receives the output, [n, c, s]; may be x
     * @throws IllegalArgumentException naming the argument, if a size is below 1 or an array is
     *     null or too short
     */
    public static void scaleShift(int n, int c, int s, float[] x, float[] scale, float[] shift, float[] y) {
        String op = "Normalization.scaleShift";
        long size = checkSizes(op, n, c, s);
        Checks.array(op, "x", x, 0, size);
        Checks.array(op, "scale", scale, 0, c);
        Checks.array(op, "shift", shift, 0, c);
        Checks.array(op, "y", y, 0, size);
        Implementations.NORMALIZATION.scaleShift(n, c, s, x, scale, shift, y);
    }

    /**
     * Each channel's {@code Σ dy} and {@code Σ dy·(x − mean)}: the sums behind the gradients of
     * batch normalization.
     *
     * @param n the number of samples
     * @param c the number of channels
     * @param s the values per channel and sample
     * @param dy the output gradient, [n, c, s]
     * @param x the input, [n, c, s]
     * @param mean the channels' centres, [c]
     * @param sumDy receives Σ dy, [c]
     * @param sumDyCentered receives Σ dy·(x − mean), [c]
     * @throws IllegalArgumentException naming the argument, if a size is below 1 or an array is
     *     null or too short
     */
    public static void gradientSums(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] sumDy,
                                    float[] sumDyCentered) {
        String op = "Normalization.gradientSums";
        long size = checkSizes(op, n, c, s);
        Checks.array(op, "dy", dy, 0, size);
        Checks.array(op, "x", x, 0, size);
        Checks.array(op, "mean", mean, 0, c);
        Checks.array(op, "sumDy", sumDy, 0, c);
        Checks.array(op, "sumDyCentered", sumDyCentered, 0, c);
        Implementations.NORMALIZATION.gradientSums(n, c, s, dy, x, mean, sumDy, sumDyCentered);
    }

    /**
     * {@code dx = a[ch]·dy + (b[ch]·(x − mean[ch]) + d[ch])}, each product added with one rounding,
     * for each value of channel ch: batch normalization's input gradient, which is affine in dy and
     * in the centred input per channel.
     *
     * @param n the number of samples
     * @param c the number of channels
     * @param s the values per channel and sample
     * @param dy the output gradient, [n, c, s]
     * @param x the input, [n, c, s]
     * @param mean the channels' centres, [c]
     * @param a the factors of dy, [c]
     * @param b the factors of the centred input, [c]
     * @param d the offsets, [c]
     * @param dx receives the input gradient, [n, c, s]
     * @throws IllegalArgumentException naming the argument, if a size is below 1 or an array is
     *     null or too short
     */
    public static void inputGradient(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] a, float[] b,
                                     float[] d, float[] dx) {
        String op = "Normalization.inputGradient";
        long size = checkSizes(op, n, c, s);
        Checks.array(op, "dy", dy, 0, size);
        Checks.array(op, "x", x, 0, size);
        Checks.array(op, "mean", mean, 0, c);
        Checks.array(op, "a", a, 0, c);
        Checks.array(op, "b", b, 0, c);
        Checks.array(op, "d", d, 0, c);
        Checks.array(op, "dx", dx, 0, size);
        Implementations.NORMALIZATION.inputGradient(n, c, s, dy, x, mean, a, b, d, dx);
    }

    /** Checks the sizes and returns n·c·s; the array checks then keep every index within an int. */
    private static long checkSizes(String op, int n, int c, int s) {
        if (n < 1 || c < 1 || s < 1) {
            throw new IllegalArgumentException(op + " needs n, c and s of at least 1, got n=" + n + ", c=" + c + ", s=" + s);
        }
        return (long) n * c * s;
    }
}
