package dev.nn.layers;

import dev.nn.core.Tensor;

/**
 * Flattens each sample to one dimension, [batch, d1, d2, ...] → [batch, d1·d2·…], without copying:
 * the output is a view of the input, and the input gradient a view of the output gradient.
 *
 * <p>Not thread-safe (it keeps the views of its last pass); {@link #shareParameters} makes a twin
 * for another thread.
 */
public final class Flatten implements Layer {
    private Tensor input;
    private Tensor output;
    private Tensor inputGradient;

    /** A flattening layer; it has no parameters. */
    public Flatten() {
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        int n = 1;
        for (int d : inputShape) {
            n *= d;
        }
        return new int[] {n};
    }

    @Override
    public Tensor forward(Tensor x) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException(this + ": expected a batch [batch, ...] of rank 2 or more but got rank " + x.rank());
        }
        input = x;
        int batch = x.dim(0);
        // The view is cached: a training loop hands in the same buffer batch after batch.
        if (output == null || output.data() != x.data() || output.dim(0) != batch || output.size() != x.size()) {
            output = x.reshape(batch, x.size() / batch);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        if (inputGradient == null || inputGradient.data() != dy.data() || !inputGradient.sameShape(input)) {
            inputGradient = dy.reshape(input.shape());
        }
        return inputGradient;
    }

    @Override
    public Layer shareParameters() {
        return new Flatten();
    }

    @Override
    public String toString() {
        return "Flatten";
    }
}
