package dev.nn.core.kernels.elementwise;

/**
 * The element-wise kernels, implemented on the Vector API ({@link VectorElementwise}) and as plain
 * loops ({@link ScalarElementwise}). Arguments are checked by the public facade
 * ({@code dev.nn.core.kernels.Elementwise}), which documents each operation; implementations
 * assume them valid. Matrices are row-major and contiguous, image batches NCHW.
 */
public interface ElementwiseKernels {
    /** {@code out[i] = a[i] + b[i]}. */
    void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);

    /** {@code y[i] += alpha·x[i]}. */
    void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff);

    /** {@code x[i] *= alpha}. */
    void scale(int n, float alpha, float[] x, int xOff);

    /** Adds v to every row of the rows×cols matrix y. */
    void addRowVector(int rows, int cols, float[] v, int vOff, float[] y, int yOff);

    /** {@code out[j] += Σ_r x[r][j]}. */
    void sumRows(int rows, int cols, float[] x, int xOff, float[] out, int outOff);

    /** Adds {@code bias[c]} to every value of channel c. */
    void addChannelBias(int batch, int channels, int plane, float[] bias, int bOff, float[] y, int yOff);

    /** {@code out[c] += Σ_{n,p} x[n][c][p]}. */
    void sumChannels(int batch, int channels, int plane, float[] x, int xOff, float[] out, int outOff);

    /** {@code y[i] = tanh(x[i])}. */
    void tanh(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx[i] = dy[i]·(1 − y[i]²)}. */
    void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code y[i] = 1/(1 + e^−x[i])}. */
    void sigmoid(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx[i] = dy[i]·y[i]·(1 − y[i])}. */
    void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** The index i in [0, n) of the first x[xOff + i] that is NaN or infinite, or −1 if none is. */
    int firstNonFinite(int n, float[] x, int xOff);

    /** {@code y[i] = max(x[i], 0)}. */
    void relu(int n, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx[i] = x[i] > 0 ? dy[i] : 0}. */
    void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** {@code y[i] = x[i] > 0 ? x[i] : slope·x[i]}. */
    void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx[i] = x[i] > 0 ? dy[i] : slope·dy[i]}. */
    void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /** The softmax of each row of x into y. */
    void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff);

    /** {@code dx[r][j] = y[r][j]·(dy[r][j] − Σ_k dy[r][k]·y[r][k])}. */
    void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff);

    /**
     * Copies rows of src into consecutive rows of dst in the order an index gives:
     * {@code dst[dstOff + r·cols + j] = src[index[indexOff + r]·cols + j]} for r < rows, j < cols.
     */
    void gatherRows(int rows, int cols, float[] src, int[] index, int indexOff, float[] dst, int dstOff);
}
