package dev.nn.losses;

import dev.nn.core.Tensor;

/**
 * Binary cross-entropy on probabilities p in [0, 1] (after a sigmoid), over all n values of the
 * batch: {@code E = −Σ (t·log q + (1 − t)·log(1 − q)) / n} and
 * {@code ∂E/∂p = (q − t) / (q·(1 − q)·n)}, with p clamped to {@code q} in [1e−7, 1 − 1e−7] so that
 * a saturated prediction gives a large but finite loss and gradient.
 */
final class BinaryCrossEntropy implements LossFunction {
    /** The clamp on p: log(1e−7) ≈ −16 bounds the loss of a confidently wrong prediction. */
    private static final float EPSILON = 1e-7f;

    @Override
    public String name() {
        return "binaryCrossEntropy";
    }

    @Override
    public float compute(Tensor predictions, Tensor targets, Tensor gradient) {
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
