package dev.nn.core.kernels.update;

/**
 * The scalar twin of {@link VectorUpdates}, rounding the same way (fused multiply-adds where it
 * fuses), except {@link #sumOfSquares}, which adds in index order rather than in lanes.
 */
public final class ScalarUpdates implements UpdateKernels {
    /** The one instance: the class holds no state. */
    public static final ScalarUpdates INSTANCE = new ScalarUpdates();

    private ScalarUpdates() {
    }

    @Override
    public void sgd(int n, float lr, float wd, float[] w, float[] g) {
        for (int i = 0; i < n; i++) {
            w[i] = Math.fma(-lr, Math.fma(wd, w[i], g[i]), w[i]);
        }
    }

    @Override
    public void momentum(int n, float lr, float mu, float wd, boolean nesterov, float[] w, float[] g, float[] v) {
        for (int i = 0; i < n; i++) {
            float di = Math.fma(wd, w[i], g[i]);
            float vi = flush(Math.fma(mu, v[i], di));
            v[i] = vi;
            w[i] = Math.fma(-lr, nesterov ? Math.fma(mu, vi, di) : vi, w[i]);
        }
    }

    @Override
    public void adam(int n, float decay, float stepSize, float beta1, float beta2, float eps, float[] w, float[] g,
                     float[] m, float[] v) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float mi = flush(beta1 * m[i] + gi * (1 - beta1));
            float vi = flush(beta2 * v[i] + gi * (1 - beta2) * gi);
            m[i] = mi;
            v[i] = vi;
            w[i] = w[i] * decay - stepSize * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    @Override
    public void rmsprop(int n, float lr, float alpha, float eps, float[] w, float[] g, float[] s) {
        for (int i = 0; i < n; i++) {
            float gi = g[i];
            float si = flush(alpha * s[i] + gi * (1 - alpha) * gi);
            s[i] = si;
            w[i] -= lr * gi / ((float) Math.sqrt(si) + eps);
        }
    }

    @Override
    public void clipValues(int n, float limit, float[] g) {
        for (int i = 0; i < n; i++) {
            g[i] = Math.min(Math.max(g[i], -limit), limit);
        }
    }

    @Override
    public double sumOfSquares(int n, float[] g) {
        double sum = 0; // a float's square is exact in double (48 significant bits): only the additions round
        for (int i = 0; i < n; i++) {
            double gi = g[i];
            sum += gi * gi;
        }
        return sum;
    }

    private static float flush(float x) {
        return Math.abs(x) < Float.MIN_NORMAL ? 0f : x;
    }
}
