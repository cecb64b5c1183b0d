package dev.nn.optim;

import dev.nn.core.kernels.ParameterUpdates;

/**
 * Gradient clipping by value: every gradient value is clamped to {@code [−limit, limit]}, as
 * PyTorch's {@code torch.nn.utils.clip_grad_value_} does; the clipping T. Mikolov used to train
 * recurrent language models, "Statistical Language Models Based on Neural Networks", PhD thesis,
 * Brno University of Technology, 2012 (a NaN stays NaN, for training's own check of
 * non-finite values to report).
 */
final class ValueClipping implements GradientClipping {
    private final float limit;

    ValueClipping(float limit) {
        Ranges.check("the largest gradient value", limit, 0f, false, Float.POSITIVE_INFINITY);
        this.limit = limit;
    }

    @Override
    public String name() {
        return "clipGradientValue";
    }

    @Override
    public float limit() {
        return limit;
    }

    @Override
    public void clip(float[][] gradients, int[] sizes) {
        for (int i = 0; i < gradients.length; i++) {
            ParameterUpdates.clipValues(sizes[i], limit, gradients[i]);
        }
    }

    @Override
    public String toString() {
        return "clipGradientValue(" + limit + ")";
    }
}
