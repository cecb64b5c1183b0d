package dev.nn.core.kernels.norm;

/**
 * The scalar twin of {@link VectorNormalization}: each channel's sums taken sample by sample,
 * each sample's values in order.
 */
public final class ScalarNormalization implements NormalizationKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarNormalization INSTANCE = new ScalarNormalization();

    private ScalarNormalization() {
    }

    @Override
    public void moments(int n, int c, int s, float[] x, float[] mean, float[] variance) {
        float count = (float) n * s;
        for (int ch = 0; ch < c; ch++) {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                for (int e = (i * c + ch) * s, end = e + s; e < end; e++) {
                    sum += x[e];
                }
            }
            float m = sum / count;
            float squares = 0f;
            for (int i = 0; i < n; i++) {
                for (int e = (i * c + ch) * s, end = e + s; e < end; e++) {
                    float centered = x[e] - m;
                    squares = Math.fma(centered, centered, squares);
                }
            }
            mean[ch] = m;
            variance[ch] = squares / count;
        }
    }

    @Override
    public void scaleShift(int n, int c, int s, float[] x, float[] scale, float[] shift, float[] y) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                float a = scale[ch], b = shift[ch];
                for (int e = (i * c + ch) * s, end = e + s; e < end; e++) {
                    y[e] = Math.fma(x[e], a, b);
                }
            }
        }
    }

    @Override
    public void gradientSums(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] sumDy,
                             float[] sumDyCentered) {
        for (int ch = 0; ch < c; ch++) {
            float m = mean[ch], g = 0f, gc = 0f;
            for (int i = 0; i < n; i++) {
                for (int e = (i * c + ch) * s, end = e + s; e < end; e++) {
                    g += dy[e];
                    gc = Math.fma(dy[e], x[e] - m, gc);
                }
            }
            sumDy[ch] = g;
            sumDyCentered[ch] = gc;
        }
    }

    @Override
    public void inputGradient(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] a, float[] b, float[] d,
                              float[] dx) {
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                float m = mean[ch], ac = a[ch], bc = b[ch], dc = d[ch];
                for (int e = (i * c + ch) * s, end = e + s; e < end; e++) {
                    dx[e] = Math.fma(ac, dy[e], Math.fma(bc, x[e] - m, dc));
                }
            }
        }
    }
}
