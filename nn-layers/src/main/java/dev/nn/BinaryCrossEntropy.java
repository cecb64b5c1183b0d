package dev.nn;

import dev.nn.core.Tensor;

/** See {@link Loss#binaryCrossEntropy()}. */
final class BinaryCrossEntropy extends BufferedLoss {
    /** The clamp on p: log(1e−7) ≈ −16 bounds the loss of a confidently wrong prediction. */
    private static final float EPSILON = 1e-7f;

    BinaryCrossEntropy() {
        super("binaryCrossEntropy");
    }

    @Override
    float compute(Tensor predictions, Tensor targets, Tensor gradient) {
        float[] p = predictions.data(), t = targets.data(), g = gradient.data();
        int n = predictions.size();
        double total = 0;
        for (int i = 0; i < n; i++) {
            float q = Math.min(Math.max(p[i], EPSILON), 1f - EPSILON);
            total -= t[i] * Math.log(q) + (1f - t[i]) * Math.log(1f - q);
            g[i] = (q - t[i]) / (q * (1f - q) * n);
        }
        return (float) (total / n);
    }
}
