package dev.nn.core.kernels.elementwise;

/**
 * The scalar twin of {@link VectorElementwise}: plain loops, the reference its tests compare
 * against and the fallback when the Vector API is unusable. Sums run in index order in float.
 */
public final class ScalarElementwise implements ElementwiseKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarElementwise INSTANCE = new ScalarElementwise();

    private ScalarElementwise() {
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        for (int i = 0; i < n; i++) {
            out[outOff + i] = a[aOff + i] + b[bOff + i];
        }
    }

    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] *= alpha;
        }
    }

    @Override
    public void addRowVector(int rows, int cols, float[] v, int vOff, float[] y, int yOff) {
        for (int r = 0, row = yOff; r < rows; r++, row += cols) {
            add(cols, y, row, v, vOff, y, row);
        }
    }

    @Override
    public void sumRows(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        for (int r = 0, row = xOff; r < rows; r++, row += cols) {
            for (int j = 0; j < cols; j++) {
                out[outOff + j] += x[row + j];
            }
        }
    }

    @Override
    public void addChannelBias(int batch, int channels, int plane, float[] bias, int bOff, float[] y, int yOff) {
        for (int n = 0, p = yOff; n < batch; n++) {
            for (int c = 0; c < channels; c++, p += plane) {
                float b = bias[bOff + c];
                for (int i = 0; i < plane; i++) {
                    y[p + i] += b;
                }
            }
        }
    }

    @Override
    public void sumChannels(int batch, int channels, int plane, float[] x, int xOff, float[] out, int outOff) {
        for (int n = 0, p = xOff; n < batch; n++) {
            for (int c = 0; c < channels; c++, p += plane) {
                float sum = 0f;
                for (int i = 0; i < plane; i++) {
                    sum += x[p + i];
                }
                out[outOff + c] += sum;
            }
        }
    }

    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = (float) Math.tanh(x[xOff + i]);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * (1f - v * v);
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            // In double, exp(-x) overflows only to +∞ (for x < -709), and 1/(1+∞) is the right 0;
            // the result is rounded once to float, and flushed to 0 below the normal floats.
            y[yOff + i] = flush((float) (1.0 / (1.0 + Math.exp(-x[xOff + i]))));
        }
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float v = y[yOff + i];
            dx[dxOff + i] = dy[dyOff + i] * v * (1f - v);
        }
    }

    @Override
    public int firstNonFinite(int n, float[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[xOff + i])) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] = Math.max(x[xOff + i], 0f);
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
        }
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : slope * v;
        }
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) {
            float g = dy[dyOff + i];
            dx[dxOff + i] = x[xOff + i] > 0f ? g : slope * g;
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            int xr = xOff + r * cols, yr = yOff + r * cols;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[xr + j]);
            }
            float sum = 0f;
            for (int j = 0; j < cols; j++) {
                float e = flush((float) Math.exp(x[xr + j] - max));
                y[yr + j] = e;
                sum += e;
            }
            scale(cols, 1f / sum, y, yr);
        }
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            int yr = yOff + r * cols, dyr = dyOff + r * cols, dxr = dxOff + r * cols;
            float dot = 0f;
            for (int j = 0; j < cols; j++) {
                dot += dy[dyr + j] * y[yr + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[dxr + j] = y[yr + j] * (dy[dyr + j] - dot);
            }
        }
    }

    /**
     * 0 for results below the smallest normal float (see the facade, {@code dev.nn.core.kernels.Elementwise}): subnormal
     * activations would make every later operation on them about a hundred times slower.
     */
    private float flush(float v) {
        return Math.abs(v) < Float.MIN_NORMAL ? 0f : v;
    }

    @Override
    public void gatherRows(int rows, int cols, float[] src, int[] index, int indexOff, float[] dst, int dstOff) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(src, index[indexOff + r] * cols, dst, dstOff + r * cols, cols);
        }
    }
}
