package dev.nn.core.kernels.update;

/** The scalar twin of {@link VectorUpdates}, rounding the same way (fused multiply-adds where it fuses). */
public final class ScalarUpdates implements UpdateKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarUpdates INSTANCE = new ScalarUpdates();

    private ScalarUpdates() {
    }

    @Override
    public void momentum(int n, float lr, float mu, boolean nesterov, float[] w, float[] g, float[] v) {
        for (int i = 0; i < n; i++) {
            float vi = flush(Math.fma(mu, v[i], g[i]));
            v[i] = vi;
            w[i] = Math.fma(-lr, nesterov ? Math.fma(mu, vi, g[i]) : vi, w[i]);
        }
    }

    @Override
    public void adam(int n, float stepSize, float beta1, float beta2, float eps, float[] w, float[] g, float[] m, float[] v) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = flush(beta1 * m[i] + gi * (1 - beta1));
            float vi = flush(beta2 * v[i] + gi * (1 - beta2) * gi);
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    private static float flush(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
}
