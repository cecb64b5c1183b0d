package dev.nn.losses;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;

/**
 * Softmax followed by categorical cross-entropy, fused, along the last dimension (rows of
 * [batch, classes], or of any shape): it takes logits z and targets t that are class
 * probabilities, usually one-hot. {@code E = −Σ_rows Σ_j t_j·log softmax(z)_j / rows}, with
 * {@code log softmax(z)_j = z_j − max − log Σ exp(z − max)} (the log-sum-exp trick: large logits
 * neither overflow nor lose precision); {@code ∂E/∂z_j = (softmax(z)_j·Σ t − t_j) / rows}, which is
 * {@code (softmax(z) − t) / rows} for targets that sum to 1.
 */
final class SoftmaxCrossEntropy implements LossFunction {
    @Override
    public String name() {
        return "softmaxCrossEntropy";
    }

    @Override
    public boolean takesLogits() {
        return true;
    }

    @Override
    public float compute(Tensor logits, Tensor targets, Tensor gradient) {
        int classes = logits.dim(logits.rank() - 1);
        int rows = logits.size() / classes;
        float[] z = logits.data(), t = targets.data(), g = gradient.data();
        // g holds softmax(z) first; log softmax(z)_j = z_j − max − log Σ exp(z − max).
        Elementwise.softmaxRows(rows, classes, z, 0, g, 0);
        double total = 0;
        float invRows = 1f / rows;
        for (int r = 0; r < rows; r++) {
            int o = r * classes;
            float max = z[o];
            for (int j = 1; j < classes; j++) {
                max = Math.max(max, z[o + j]);
            }
            double sumExp = 0;
            for (int j = 0; j < classes; j++) {
                sumExp += Math.exp(z[o + j] - max);
            }
            double logSum = Math.log(sumExp);
            float targetMass = 0f;
            for (int j = 0; j < classes; j++) {
                float tj = t[o + j];
                if (tj != 0f) {
                    total -= tj * (z[o + j] - max - logSum);
                }
                targetMass += tj;
            }
            // ∂E/∂z_j = (softmax_j·Σ t − t_j) / rows
            for (int j = 0; j < classes; j++) {
                g[o + j] = (g[o + j] * targetMass - t[o + j]) * invRows;
            }
        }
        return (float) (total / rows);
    }
}
