package dev.nn.core.kernels;

/**
 * Element-wise kernels of a neural network on {@code float[]} data addressed by an offset: vector
 * arithmetic, bias addition and its gradient, and activations with their derivatives.
 *
 * <p>Matrices are row-major and contiguous (rows×cols values, row r starting at {@code off + r·cols});
 * image batches are NCHW, {@code plane = H·W} values per channel. An output may be the very same
 * values as an input of the same length (same array, same offset) for in-place use; other overlaps
 * give unspecified results.
 *
 * <p>Sigmoid and softmax return 0 for values below the smallest normal float ({@link Float#MIN_NORMAL}):
 * on x86 every operation on a subnormal number takes a microcode assist about a hundred times
 * slower than normal, and such values carry nothing a network can use. tanh, sigmoid and softmax
 * are computed from basic arithmetic (see {@code VectorMath}), so they round the same before and
 * after the JIT compiles them, which keeps training repeatable to the bit.
 *
 * <p>Every method throws {@link IllegalArgumentException}, naming the argument, if a size or an
 * offset is negative, an array is null, or an array is too short for the values it must hold.
 *
 * <p>Thread-safe: any number of threads may call these kernels at once on arrays they do not write
 * in common.
 */
public final class Elementwise {
    private Elementwise() {
    }

    /**
     * {@code out[i] = a[i] + b[i]} for i in [0, n).
     *
     * @param n the number of values
     * @param a the first addend
     * @param aOff the index of the first value in a
     * @param b the second addend
     * @param bOff the index of the first value in b
     * @param out receives the sums
     * @param outOff the index of the first value in out
     */
    public static void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        Checks.size("Elementwise.add", "n", n);
        Checks.array("Elementwise.add", "a", a, aOff, n);
        Checks.array("Elementwise.add", "b", b, bOff, n);
        Checks.array("Elementwise.add", "out", out, outOff, n);
        IdenticalTwins.elementwise(n).add(n, a, aOff, b, bOff, out, outOff);
    }

    /**
     * {@code y[i] += alpha·x[i]} for i in [0, n).
     *
     * @param n the number of values
     * @param alpha the factor on x
     * @param x the values to add, scaled
     * @param xOff the index of the first value in x
     * @param y the values added to
     * @param yOff the index of the first value in y
     */
    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        Checks.size("Elementwise.axpy", "n", n);
        Checks.array("Elementwise.axpy", "x", x, xOff, n);
        Checks.array("Elementwise.axpy", "y", y, yOff, n);
        Implementations.ELEMENTWISE.axpy(n, alpha, x, xOff, y, yOff);
    }

    /**
     * {@code x[i] *= alpha} for i in [0, n).
     *
     * @param n the number of values
     * @param alpha the factor
     * @param x the values, scaled in place
     * @param xOff the index of the first value in x
     */
    public static void scale(int n, float alpha, float[] x, int xOff) {
        Checks.size("Elementwise.scale", "n", n);
        Checks.array("Elementwise.scale", "x", x, xOff, n);
        IdenticalTwins.elementwise(n).scale(n, alpha, x, xOff);
    }

    /**
     * Adds the vector v (cols values) to every row of the rows×cols matrix y: a dense layer's bias.
     *
     * @param rows the number of rows
     * @param cols the number of columns (values per row)
     * @param v the row vector, cols values
     * @param vOff the index of the first value in v
     * @param y the rows×cols matrix, changed in place
     * @param yOff the index of the first value in y
     */
    public static void addRowVector(int rows, int cols, float[] v, int vOff, float[] y, int yOff) {
        Checks.size("Elementwise.addRowVector", "rows", rows);
        Checks.size("Elementwise.addRowVector", "cols", cols);
        Checks.array("Elementwise.addRowVector", "v", v, vOff, cols);
        Checks.array("Elementwise.addRowVector", "y", y, yOff, (long) rows * cols);
        IdenticalTwins.elementwise(rows * cols).addRowVector(rows, cols, v, vOff, y, yOff);
    }

    /**
     * Adds the column sums of the rows×cols matrix x to out (cols values), {@code out[j] += Σ_r x[r][j]}:
     * a dense layer's bias gradient. Accumulates, so that gradients of several batches add up.
     *
     * @param rows the number of rows
     * @param cols the number of columns (values per row)
     * @param x the rows×cols matrix
     * @param xOff the index of the first value in x
     * @param out the column sums are added into it (cols values)
     * @param outOff the index of the first value in out
     */
    public static void sumRows(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        Checks.size("Elementwise.sumRows", "rows", rows);
        Checks.size("Elementwise.sumRows", "cols", cols);
        Checks.array("Elementwise.sumRows", "x", x, xOff, (long) rows * cols);
        Checks.array("Elementwise.sumRows", "out", out, outOff, cols);
        IdenticalTwins.elementwise(rows * cols).sumRows(rows, cols, x, xOff, out, outOff);
    }

    /**
     * Adds {@code bias[c]} to every value of channel c of the NCHW batch y (batch×channels×plane):
     * a convolution's bias.
     *
     * @param batch the number of images
     * @param channels the channels per image
     * @param plane the values per channel (height·width)
     * @param bias one value per channel
     * @param bOff the index of the first value in bias
     * @param y the NCHW batch, changed in place
     * @param yOff the index of the first value in y
     */
    public static void addChannelBias(int batch, int channels, int plane, float[] bias, int bOff, float[] y, int yOff) {
        Checks.size("Elementwise.addChannelBias", "batch", batch);
        Checks.size("Elementwise.addChannelBias", "channels", channels);
        Checks.size("Elementwise.addChannelBias", "plane", plane);
        Checks.array("Elementwise.addChannelBias", "bias", bias, bOff, channels);
        Checks.array("Elementwise.addChannelBias", "y", y, yOff, volume(batch, channels, plane));
        IdenticalTwins.elementwise(batch * channels * plane).addChannelBias(batch, channels, plane, bias, bOff, y, yOff);
    }

    /**
     * Adds the sum of each channel of the NCHW batch x (batch×channels×plane) to out (channels
     * values), {@code out[c] += Σ_{n,p} x[n][c][p]}: a convolution's bias gradient. Accumulates.
     *
     * @param batch the number of images
     * @param channels the channels per image
     * @param plane the values per channel (height·width)
     * @param x the NCHW batch, batch×channels×plane values
     * @param xOff the index of the first value in x
     * @param out the channel sums are added into it (channels values)
     * @param outOff the index of the first value in out
     */
    public static void sumChannels(int batch, int channels, int plane, float[] x, int xOff, float[] out, int outOff) {
        Checks.size("Elementwise.sumChannels", "batch", batch);
        Checks.size("Elementwise.sumChannels", "channels", channels);
        Checks.size("Elementwise.sumChannels", "plane", plane);
        Checks.array("Elementwise.sumChannels", "x", x, xOff, volume(batch, channels, plane));
        Checks.array("Elementwise.sumChannels", "out", out, outOff, channels);
        Implementations.ELEMENTWISE.sumChannels(batch, channels, plane, x, xOff, out, outOff);
    }

    /**
     * {@code y[i] = tanh(x[i])} for i in [0, n).
     *
     * @param n the number of values
     * @param x the input
     * @param xOff the index of the first value in x
     * @param y receives the output (may be x itself)
     * @param yOff the index of the first value in y
     */
    public static void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.size("Elementwise.tanh", "n", n);
        Checks.array("Elementwise.tanh", "x", x, xOff, n);
        Checks.array("Elementwise.tanh", "y", y, yOff, n);
        Implementations.ELEMENTWISE.tanh(n, x, xOff, y, yOff);
    }

    /**
     * The gradient through tanh, {@code dx[i] = dy[i]·(1 − y[i]²)}, from its output y.
     *
     * @param n the number of values
     * @param y the forward pass's output
     * @param yOff the index of the first value in y
     * @param dy the gradient with respect to the output, ∂E/∂y
     * @param dyOff the index of the first value in dy
     * @param dx receives the gradient with respect to the input, ∂E/∂x (may be dy itself)
     * @param dxOff the index of the first value in dx
     */
    public static void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.size("Elementwise.tanhBackward", "n", n);
        Checks.array("Elementwise.tanhBackward", "y", y, yOff, n);
        Checks.array("Elementwise.tanhBackward", "dy", dy, dyOff, n);
        Checks.array("Elementwise.tanhBackward", "dx", dx, dxOff, n);
        Implementations.ELEMENTWISE.tanhBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /**
     * The logistic function, {@code y[i] = 1/(1 + e^−x[i])} for i in [0, n); accurate for any x
     * (large |x| gives 0 or 1, never NaN).
     *
     * @param n the number of values
     * @param x the input
     * @param xOff the index of the first value in x
     * @param y receives the output (may be x itself)
     * @param yOff the index of the first value in y
     */
    public static void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.size("Elementwise.sigmoid", "n", n);
        Checks.array("Elementwise.sigmoid", "x", x, xOff, n);
        Checks.array("Elementwise.sigmoid", "y", y, yOff, n);
        Implementations.ELEMENTWISE.sigmoid(n, x, xOff, y, yOff);
    }

    /**
     * The gradient through the sigmoid, {@code dx[i] = dy[i]·y[i]·(1 − y[i])}, from its output y.
     *
     * @param n the number of values
     * @param y the forward pass's output
     * @param yOff the index of the first value in y
     * @param dy the gradient with respect to the output, ∂E/∂y
     * @param dyOff the index of the first value in dy
     * @param dx receives the gradient with respect to the input, ∂E/∂x (may be dy itself)
     * @param dxOff the index of the first value in dx
     */
    public static void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.size("Elementwise.sigmoidBackward", "n", n);
        Checks.array("Elementwise.sigmoidBackward", "y", y, yOff, n);
        Checks.array("Elementwise.sigmoidBackward", "dy", dy, dyOff, n);
        Checks.array("Elementwise.sigmoidBackward", "dx", dx, dxOff, n);
        Implementations.ELEMENTWISE.sigmoidBackward(n, y, yOff, dy, dyOff, dx, dxOff);
    }

    /**
     * Where the first NaN or infinity is, so that a caller can say which sample holds it.
     *
     * @param n the number of values
     * @param x the values
     * @param xOff the index of the first value in x
     * @return the index i in [0, n) of the first x[xOff + i] that is NaN or ±∞, or −1 if all are finite
     */
    public static int firstNonFinite(int n, float[] x, int xOff) {
        Checks.size("Elementwise.firstNonFinite", "n", n);
        Checks.array("Elementwise.firstNonFinite", "x", x, xOff, n);
        return IdenticalTwins.nonFiniteSearch(n).firstNonFinite(n, x, xOff);
    }

    /**
     * Copies rows of a matrix into consecutive rows of another, in the order an index gives:
     * {@code dst[dstOff + r·cols + j] = src[index[indexOff + r]·cols + j]} for r in [0, rows) and
     * j in [0, cols) — a shuffled mini-batch gathered from a data set. The values are copied bit
     * for bit.
     *
     * @param rows the number of rows to copy
     * @param cols the values per row
     * @param src the rows to copy from, row i at {@code i·cols}
     * @param index which row of src each row of dst copies
     * @param indexOff the index in index of dst's first row's source
     * @param dst receives the rows
     * @param dstOff the index of the first value in dst
     * @throws IllegalArgumentException also if an index names a row that src does not hold whole
     */
    public static void gatherRows(int rows, int cols, float[] src, int[] index, int indexOff, float[] dst, int dstOff) {
        Checks.size("Elementwise.gatherRows", "rows", rows);
        Checks.size("Elementwise.gatherRows", "cols", cols);
        Checks.array("Elementwise.gatherRows", "src", src, 0, 0);
        Checks.array("Elementwise.gatherRows", "index", index, indexOff, rows);
        Checks.array("Elementwise.gatherRows", "dst", dst, dstOff, (long) rows * cols);
        long srcRows = cols == 0 ? Long.MAX_VALUE : src.length / cols;
        for (int r = 0; r < rows; r++) {
            int i = index[indexOff + r];
            if (i < 0 || i >= srcRows) {
                throw new IllegalArgumentException("Elementwise.gatherRows: index[" + (indexOff + r) + "] = " + i
                        + " names no row of src, which holds " + srcRows + " rows of " + cols + " values");
            }
        }
        Implementations.ELEMENTWISE.gatherRows(rows, cols, src, index, indexOff, dst, dstOff);
    }

    /**
     * {@code y[i] = max(x[i], 0)} for i in [0, n).
     *
     * @param n the number of values
     * @param x the input
     * @param xOff the index of the first value in x
     * @param y receives the output (may be x itself)
     * @param yOff the index of the first value in y
     */
    public static void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        Checks.size("Elementwise.relu", "n", n);
        Checks.array("Elementwise.relu", "x", x, xOff, n);
        Checks.array("Elementwise.relu", "y", y, yOff, n);
        IdenticalTwins.elementwise(n).relu(n, x, xOff, y, yOff);
    }

    /**
     * The gradient through ReLU, {@code dx[i] = x[i] > 0 ? dy[i] : 0}, from its input x.
     *
     * @param n the number of values
     * @param x the forward pass's input
     * @param xOff the index of the first value in x
     * @param dy the gradient with respect to the output, ∂E/∂y
     * @param dyOff the index of the first value in dy
     * @param dx receives the gradient with respect to the input, ∂E/∂x (may be dy itself)
     * @param dxOff the index of the first value in dx
     */
    public static void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.size("Elementwise.reluBackward", "n", n);
        Checks.array("Elementwise.reluBackward", "x", x, xOff, n);
        Checks.array("Elementwise.reluBackward", "dy", dy, dyOff, n);
        Checks.array("Elementwise.reluBackward", "dx", dx, dxOff, n);
        IdenticalTwins.elementwise(n).reluBackward(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * {@code y[i] = x[i] > 0 ? x[i] : slope·x[i]} for i in [0, n).
     *
     * @param n the number of values
     * @param slope the slope for inputs that are not positive
     * @param x the input
     * @param xOff the index of the first value in x
     * @param y receives the output (may be x itself)
     * @param yOff the index of the first value in y
     */
    public static void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        Checks.size("Elementwise.leakyRelu", "n", n);
        Checks.array("Elementwise.leakyRelu", "x", x, xOff, n);
        Checks.array("Elementwise.leakyRelu", "y", y, yOff, n);
        Implementations.ELEMENTWISE.leakyRelu(n, slope, x, xOff, y, yOff);
    }

    /**
     * The gradient through leaky ReLU, {@code dx[i] = x[i] > 0 ? dy[i] : slope·dy[i]}, from its input x.
     *
     * @param n the number of values
     * @param slope the slope for inputs that are not positive
     * @param x the forward pass's input
     * @param xOff the index of the first value in x
     * @param dy the gradient with respect to the output, ∂E/∂y
     * @param dyOff the index of the first value in dy
     * @param dx receives the gradient with respect to the input, ∂E/∂x (may be dy itself)
     * @param dxOff the index of the first value in dx
     */
    public static void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.size("Elementwise.leakyReluBackward", "n", n);
        Checks.array("Elementwise.leakyReluBackward", "x", x, xOff, n);
        Checks.array("Elementwise.leakyReluBackward", "dy", dy, dyOff, n);
        Checks.array("Elementwise.leakyReluBackward", "dx", dx, dxOff, n);
        Implementations.ELEMENTWISE.leakyReluBackward(n, slope, x, xOff, dy, dyOff, dx, dxOff);
    }

    /**
     * The softmax of each row of the rows×cols matrix x into y, {@code y[r][j] = e^x[r][j] / Σ_k e^x[r][k]},
     * computed with the row maximum subtracted first so that no exponential overflows.
     *
     * @param rows the number of rows
     * @param cols the number of columns (values per row)
     * @param x the input
     * @param xOff the index of the first value in x
     * @param y receives the output (may be x itself)
     * @param yOff the index of the first value in y
     */
    public static void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        Checks.size("Elementwise.softmaxRows", "rows", rows);
        Checks.size("Elementwise.softmaxRows", "cols", cols);
        Checks.array("Elementwise.softmaxRows", "x", x, xOff, (long) rows * cols);
        Checks.array("Elementwise.softmaxRows", "y", y, yOff, (long) rows * cols);
        Implementations.ELEMENTWISE.softmaxRows(rows, cols, x, xOff, y, yOff);
    }

    /**
     * The gradient through a row-wise softmax, from its output y (rows×cols):
     * {@code dx[r][j] = y[r][j]·(dy[r][j] − Σ_k dy[r][k]·y[r][k])}.
     *
     * @param rows the number of rows
     * @param cols the number of columns (values per row)
     * @param y the forward pass's output, rows×cols
     * @param yOff the index of the first value in y
     * @param dy the gradient with respect to the output, ∂E/∂y
     * @param dyOff the index of the first value in dy
     * @param dx receives the gradient with respect to the input, ∂E/∂x (may be dy itself)
     * @param dxOff the index of the first value in dx
     */
    public static void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        Checks.size("Elementwise.softmaxRowsBackward", "rows", rows);
        Checks.size("Elementwise.softmaxRowsBackward", "cols", cols);
        Checks.array("Elementwise.softmaxRowsBackward", "y", y, yOff, (long) rows * cols);
        Checks.array("Elementwise.softmaxRowsBackward", "dy", dy, dyOff, (long) rows * cols);
        Checks.array("Elementwise.softmaxRowsBackward", "dx", dx, dxOff, (long) rows * cols);
        Implementations.ELEMENTWISE.softmaxRowsBackward(rows, cols, y, yOff, dy, dyOff, dx, dxOff);
    }



    /**
     * batch·channels·plane of non-negative sizes. The first product fits in a long; capping it
     * at 2³¹, more than any array holds, keeps the second from overflowing without letting a
     * too-large shape pass the length check.
     */
    private static long volume(int batch, int channels, int plane) {
        return Math.min((long) batch * channels, 1L << 31) * plane;
    }
}
