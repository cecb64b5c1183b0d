package dev.nn;

import dev.nn.core.Tensor;

/** See {@link Loss#mse()}. */
final class MeanSquaredError extends BufferedLoss {
    MeanSquaredError() {
        super("mse");
    }

    @Override
    float compute(Tensor predictions, Tensor targets, Tensor gradient) {
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
