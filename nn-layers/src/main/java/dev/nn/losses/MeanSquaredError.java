package dev.nn.losses;

import dev.nn.core.Tensor;

/**
 * The tutorial's mean squared error: {@code E = Σ (p − t)² / n} over all n values of the batch;
 * {@code ∂E/∂p = 2·(p − t) / n}.
 */
final class MeanSquaredError implements LossFunction {
    @Override
    public String name() {
        return "mse";
    }

    @Override
    public float compute(Tensor predictions, Tensor targets, Tensor gradient) {
        float[] p = predictions.data(), t = targets.data(), g = gradient.data();
        int n = predictions.size();
        double sum = 0;
        float scale = 2f / n;
        for (int i = 0; i < n; i++) {
            float d = p[i] - t[i];
            sum += d * d;
            g[i] = scale * d;
        }
        return (float) (sum / n);
    }
}
