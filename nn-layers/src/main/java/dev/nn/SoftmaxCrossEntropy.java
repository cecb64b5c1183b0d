package dev.nn;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;

/** See {@link Loss#softmaxCrossEntropy()}. Works on [batch, classes] or any shape, along the last dimension. */
final class SoftmaxCrossEntropy extends BufferedLoss {
    SoftmaxCrossEntropy() {
        super("softmaxCrossEntropy");
    }

    @Override
    float compute(Tensor logits, Tensor targets, Tensor gradient) {
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
            // ∂E/∂z_j = (softmax_j·Σ target − target_j) / rows, which is softmax − target for one-hot targets.
            for (int j = 0; j < classes; j++) {
                g[o + j] = (g[o + j] * targetMass - t[o + j]) * invRows;
            }
        }
        return (float) (total / rows);
    }
}
