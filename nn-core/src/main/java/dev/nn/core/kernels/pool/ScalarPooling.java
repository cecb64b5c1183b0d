package dev.nn.core.kernels.pool;

import java.util.Arrays;

/**
 * The scalar twin of {@link VectorPooling}: the definition, window by window, each window scanned
 * in row-major order, and each plane's average summed from its first value to its last. Also the
 * backward pass of max pooling for every window but 2×2 at stride 2 (see
 * {@link Pooling#maxPoolBackward}), and of average pooling for overlapping windows.
 */
public final class ScalarPooling implements PoolingKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarPooling INSTANCE = new ScalarPooling();

    private ScalarPooling() {
    }

    @Override
    public void maxPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y, int[] argmax) {
        int oh = PoolingKernels.outputSize(h, pool, stride), ow = PoolingKernels.outputSize(w, pool, stride);
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    int best = argmaxOfWindow(x, (p * h + i * stride) * w + j * stride, w, pool);
                    y[o] = x[best];
                    argmax[o] = best;
                }
            }
        }
    }

    /** The index of the maximum of the pool×pool window at {@code x[corner]}, whose rows are w apart. */
    static int argmaxOfWindow(float[] x, int corner, int w, int pool) {
        int best = corner;
        float max = x[corner];
        for (int a = 0; a < pool; a++) {
            for (int e = corner + a * w, end = e + pool; e < end; e++) {
                if (beats(x[e], max)) {
                    max = x[e];
                    best = e;
                }
            }
        }
        return best;
    }

    @Override
    public void maxPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, int[] argmax, float[] dx) {
        int outputs = planes * PoolingKernels.outputSize(h, pool, stride) * PoolingKernels.outputSize(w, pool, stride);
        Arrays.fill(dx, 0, planes * h * w, 0f);
        for (int o = 0; o < outputs; o++) {
            dx[argmax[o]] += dy[o];
        }
    }

    @Override
    public void avgPoolForward(int planes, int h, int w, int pool, int stride, float[] x, float[] y) {
        int oh = PoolingKernels.outputSize(h, pool, stride), ow = PoolingKernels.outputSize(w, pool, stride);
        float count = pool * pool;
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    y[o] = sumOfWindow(x, (p * h + i * stride) * w + j * stride, w, pool) / count;
                }
            }
        }
    }

    /** The sum of the pool×pool window at {@code x[corner]}, whose rows are w apart, in row-major order. */
    static float sumOfWindow(float[] x, int corner, int w, int pool) {
        float sum = 0f;
        for (int a = 0; a < pool; a++) {
            for (int e = corner + a * w, end = e + pool; e < end; e++) {
                sum += x[e];
            }
        }
        return sum;
    }

    @Override
    public void avgPoolBackward(int planes, int h, int w, int pool, int stride, float[] dy, float[] dx) {
        int oh = PoolingKernels.outputSize(h, pool, stride), ow = PoolingKernels.outputSize(w, pool, stride);
        float count = pool * pool;
        Arrays.fill(dx, 0, planes * h * w, 0f);
        int o = 0;
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++, o++) {
                    addToWindow(dx, (p * h + i * stride) * w + j * stride, w, pool, dy[o] / count);
                }
            }
        }
    }

    /** Adds g to every value of the pool×pool window at {@code dx[corner]}, whose rows are w apart. */
    static void addToWindow(float[] dx, int corner, int w, int pool, float g) {
        for (int a = 0; a < pool; a++) {
            for (int e = corner + a * w, end = e + pool; e < end; e++) {
                dx[e] += g;
            }
        }
    }

    @Override
    public void globalAvgPoolForward(int planes, int size, float[] x, float[] y) {
        // Each plane's values are added one after the other, four planes at a time: four
        // independent chains of additions keep the adders busy where one waits on its last sum.
        // (A gather of L planes per vector ran slower than this on Zen 4, and summing a plane a
        // vector at a time changes the order of its additions.)
        int p = 0;
        for (; p + 4 <= planes; p += 4) {
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int e = p * size, end = e + size; e < end; e++) {
                s0 += x[e];
                s1 += x[e + size];
                s2 += x[e + 2 * size];
                s3 += x[e + 3 * size];
            }
            y[p] = s0 / size;
            y[p + 1] = s1 / size;
            y[p + 2] = s2 / size;
            y[p + 3] = s3 / size;
        }
        for (; p < planes; p++) {
            float sum = 0f;
            for (int e = p * size, end = e + size; e < end; e++) {
                sum += x[e];
            }
            y[p] = sum / size;
        }
    }

    @Override
    public void globalAvgPoolBackward(int planes, int size, float[] dy, float[] dx) {
        for (int p = 0; p < planes; p++) {
            Arrays.fill(dx, p * size, (p + 1) * size, dy[p] / size);
        }
    }

    /**
     * Whether v replaces the running maximum: it is larger, or it is NaN and the maximum is not.
     * Equal values never replace it, so ties keep the first.
     */
    static boolean beats(float v, float max) {
        return max == max && !(v <= max);
    }
}
