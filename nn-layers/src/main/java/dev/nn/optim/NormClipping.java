package dev.nn.optim;

import dev.nn.core.kernels.Elementwise;
import dev.nn.core.kernels.ParameterUpdates;

/**
 * Gradient clipping by global norm: R. Pascanu, T. Mikolov and Y. Bengio, "On the difficulty of
 * training recurrent neural networks", ICML 2013, section 3.2. All gradients together are one
 * vector: with {@code total = √(Σ over all parameters of Σ g²)}, every gradient is scaled by
 * {@code maxNorm / (total + 1e-6)} when that is below 1, as PyTorch's
 * {@code torch.nn.utils.clip_grad_norm_} does (the 1e-6 keeps a zero norm from dividing by 0).
 *
 * <p>The squares are summed in double ({@link ParameterUpdates#sumOfSquares}), parameter by
 * parameter in their fixed order, then the norm and the factor are rounded to float, as PyTorch
 * holds them: the same gradients always give the same factor, and it is within a float rounding of
 * PyTorch's, whose float sums differ from the exact one by a few float roundings. A non-finite norm
 * (an infinite or NaN gradient) leaves the gradients as they are, for training's own check of
 * non-finite values to report.
 */
final class NormClipping implements GradientClipping {
    private final float maxNorm;

    NormClipping(float maxNorm) {
        Ranges.check("the largest gradient norm", maxNorm, 0f, false, Float.POSITIVE_INFINITY);
        this.maxNorm = maxNorm;
    }

    @Override
    public String name() {
        return "clipGradientNorm";
    }

    @Override
    public float limit() {
        return maxNorm;
    }

    @Override
    public void clip(float[][] gradients, int[] sizes) {
        double sum = 0;
        for (int i = 0; i < gradients.length; i++) {
            sum += ParameterUpdates.sumOfSquares(sizes[i], gradients[i]);
        }
        float total = (float) Math.sqrt(sum);
        float scale = maxNorm / (total + 1e-6f);
        if (scale < 1f) { // false for a NaN scale too
            for (int i = 0; i < gradients.length; i++) {
                Elementwise.scale(sizes[i], scale, gradients[i], 0);
            }
        }
    }

    @Override
    public String toString() {
        return "clipGradientNorm(" + maxNorm + ")";
    }
}
