package dev.nn.core.kernels;

/**
 * Max and average pooling over the planes of NCHW tensors, without padding, as in PyTorch's default: a
 * pool×pool window moved by {@code stride} along both axes, giving planes of
 * {@link #outputSize outputSize}(h) × outputSize(w) values, the trailing rows and columns that no
 * whole window reaches left out.
 *
 * <p>Layouts: x and dx are [planes, h, w], y, dy and argmax [planes, outH, outW], where planes is
 * batch·channels, all row-major from index 0.
 *
 * <p>The maximum is taken in the order of {@code float} comparison, except that NaN counts as
 * larger than every number, so that a NaN in a window propagates to the output (as in PyTorch).
 * Ties, including −0.0 against 0.0 and NaN against NaN, go to the first of the window's values in
 * row-major order. The scalar and the Vector API implementations give the same y and argmax to
 * the bit. A window's average is the sum of its values in row-major order divided by pool², and a
 * whole plane's average ({@link #globalAvgPoolForward}) the sum of its values in order divided by
 * their count: the same to the bit in both implementations.
 *
 * <p>Thread-safe: any number of threads may call these kernels at once on arrays they do not write
 * in common.
 */
public final class Pooling {
    private Pooling() {
    }

    /**
     * The number of windows along an axis of the given size: {@code (size − pool) / stride + 1},
     * rounded down.
     *
     *
     * @param size the length of the axis
     * @param pool the side of the window
     * @param stride how far the window moves
     * @return the number of windows
     * @throws IllegalArgumentException if a value is below 1 or the window is larger than the axis
     */
    public static int outputSize(int size, int pool, int stride) {
        if (size < 1 || pool < 1 || stride < 1) {
            throw new IllegalArgumentException("pooling needs size, pool and stride of at least 1, got size=" + size
                    + ", pool=" + pool + ", stride=" + stride);
        }
        if (pool > size) {
            throw new IllegalArgumentException("a pooling window of " + pool + " is larger than an axis of " + size);
        }
        return (size - pool) / stride + 1;
    }

    /**
     * Forward pass: each output is the maximum of its pool×pool window,
     * {@code y[p][i][j] = max x[p][i·stride + a][j·stride + b]} over a, b in [0, pool), and
     * {@code argmax} receives the index into x of that maximum, for {@link #maxPoolBackward}.
     * y and argmax are overwritten.
     *
     *
     * @param planes batch·channels, the number of h×w planes in x
     * @param h the height of a plane
     * @param w the width of a plane
     * @param pool the side of the window
     * @param stride how far the window moves
     * @param x the input, [planes, h, w]
     * @param y receives the maxima, [planes, outH, outW]
     * @param argmax receives the index into x of each maximum
     * @throws IllegalArgumentException naming the argument, if a size is below 1, the window is
     *     larger than the plane, or an array is null or too short
     */
    public static void maxPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y, int[] argmax) {
        String op = "Pooling.maxPoolForward";
        long out = checkSizes(op, planes, h, w, pool, stride);
        Checks.array(op, "x", x, 0, (long) planes * h * w);
        Checks.array(op, "y", y, 0, out);
        Checks.array(op, "argmax", argmax, out);
        Implementations.POOLING.maxPoolForward(planes, h, w, pool, stride, x, y, argmax);
    }

    /**
     * Backward pass: {@code dx} is overwritten with zeros, then each {@code dy[o]} is added at
     * {@code dx[argmax[o]]}, in order of o; where windows overlap (stride &lt; pool) an input that is
     * the maximum of several windows gathers all their gradients.
     *
     * <p>2×2 windows at stride 2, which do not overlap, write every input once on the Vector API
     * when output rows fill at least half a vector. Other windows take a scalar loop: the work is
     * a scatter through {@code argmax}, whose indices repeat when windows overlap, and a vector
     * scatter keeps only one of repeated lanes.
     *
     *
     * @param argmax the indices filled in by {@link #maxPoolForward} with the same sizes; each must
     *     lie in its own output's window
     * @param planes the number of h×w planes: batch·channels
     * @param h the height of a plane
     * @param w the width of a plane
     * @param pool the side of the window
     * @param stride how far the window moves
     * @param dy the gradient with respect to the output, ∂E/∂y, [planes, outH, outW]
     * @param dx receives ∂E/∂x, [planes, h, w]
     * @throws IllegalArgumentException naming the argument, if a size is below 1, the window is
     *     larger than the plane, or an array is null or too short
     */
    public static void maxPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, int[] argmax, float[] dx) {
        String op = "Pooling.maxPoolBackward";
        long out = checkSizes(op, planes, h, w, pool, stride);
        Checks.array(op, "dy", dy, 0, out);
        Checks.array(op, "argmax", argmax, out);
        Checks.array(op, "dx", dx, 0, (long) planes * h * w);
        Implementations.POOLING.maxPoolBackward(planes, h, w, pool, stride, dy, argmax, dx);
    }

    /**
     * Forward pass of average pooling: each output is the mean of its pool×pool window,
     * {@code y[p][i][j] = Σ x[p][i·stride + a][j·stride + b] / pool²} over a, b in [0, pool), the
     * sum taken in row-major order. y is overwritten.
     *
     * @param planes batch·channels, the number of h×w planes in x
     * @param h the height of a plane
     * @param w the width of a plane
     * @param pool the side of the window
     * @param stride how far the window moves
     * @param x the input, [planes, h, w]
     * @param y receives the means, [planes, outH, outW]
     * @throws IllegalArgumentException naming the argument, if a size is below 1, the window is
     *     larger than the plane, or an array is null or too short
     */
    public static void avgPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y) {
        String op = "Pooling.avgPoolForward";
        long out = checkSizes(op, planes, h, w, pool, stride);
        Checks.array(op, "x", x, 0, (long) planes * h * w);
        Checks.array(op, "y", y, 0, out);
        Implementations.POOLING.avgPoolForward(planes, h, w, pool, stride, x, y);
    }

    /**
     * Backward pass of average pooling: {@code dx} is overwritten with zeros, then each
     * {@code dy[o] / pool²} is added to every input of window o, in order of o; inputs that no
     * window covers get 0, and where windows overlap an input gathers all their shares.
     *
     * @param planes batch·channels
     * @param h the height of a plane
     * @param w the width of a plane
     * @param pool the side of the window
     * @param stride how far the window moves
     * @param dy the gradient with respect to the output, ∂E/∂y, [planes, outH, outW]
     * @param dx receives ∂E/∂x, [planes, h, w]
     * @throws IllegalArgumentException naming the argument, if a size is below 1, the window is
     *     larger than the plane, or an array is null or too short
     */
    public static void avgPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, float[] dx) {
        String op = "Pooling.avgPoolBackward";
        long out = checkSizes(op, planes, h, w, pool, stride);
        Checks.array(op, "dy", dy, 0, out);
        Checks.array(op, "dx", dx, 0, (long) planes * h * w);
        Implementations.POOLING.avgPoolBackward(planes, h, w, pool, stride, dy, dx);
    }

    /**
     * Forward pass of global average pooling: {@code y[p]} is overwritten with the mean of the
     * {@code size} values of plane p.
     *
     * @param planes batch·channels, the number of planes in x
     * @param size the number of values of a plane, h·w
     * @param x the input, [planes, size]
     * @param y receives the means, [planes]
     * @throws IllegalArgumentException naming the argument, if a size is below 1 or an array is
     *     null or too short
     */
    public static void globalAvgPoolForward(int planes, int size, float[] x, float[] y) {
        String op = "Pooling.globalAvgPoolForward";
        checkPlanes(op, planes, size);
        Checks.array(op, "x", x, 0, (long) planes * size);
        Checks.array(op, "y", y, 0, planes);
        Implementations.POOLING.globalAvgPoolForward(planes, size, x, y);
    }

    /**
     * Backward pass of global average pooling: every value of plane p of {@code dx} is overwritten
     * with {@code dy[p] / size}.
     *
     * @param planes batch·channels
     * @param size the number of values of a plane, h·w
     * @param dy the gradient with respect to the output, ∂E/∂y, [planes]
     * @param dx receives ∂E/∂x, [planes, size]
     * @throws IllegalArgumentException naming the argument, if a size is below 1 or an array is
     *     null or too short
     */
    public static void globalAvgPoolBackward(int planes, int size, float[] dy, float[] dx) {
        String op = "Pooling.globalAvgPoolBackward";
        checkPlanes(op, planes, size);
        Checks.array(op, "dy", dy, 0, planes);
        Checks.array(op, "dx", dx, 0, (long) planes * size);
        Implementations.POOLING.globalAvgPoolBackward(planes, size, dy, dx);
    }

    /** Checks the sizes of a global pooling; the array checks then bound their product. */
    private static void checkPlanes(String op, int planes, int size) {
        if (planes < 1 || size < 1) {
            throw new IllegalArgumentException(op + " needs planes and size of at least 1, got planes=" + planes
                    + ", size=" + size);
        }
    }

    /** Checks the sizes and returns the number of outputs, planes·outH·outW. */
    private static long checkSizes(String op, int planes, int h, int w, int pool, int stride) {
        if (planes < 1 || h < 1 || w < 1 || pool < 1 || stride < 1) {
            throw new IllegalArgumentException(op + " needs planes, h, w, pool and stride of at least 1, got planes="
                    + planes + ", h=" + h + ", w=" + w + ", pool=" + pool + ", stride=" + stride);
        }
        if (pool > h || pool > w) {
            throw new IllegalArgumentException(op + ": a " + pool + "×" + pool + " window is larger than the "
                    + h + "×" + w + " plane");
        }
        return (long) planes * outputSize(h, pool, stride) * outputSize(w, pool, stride);
    }
}
