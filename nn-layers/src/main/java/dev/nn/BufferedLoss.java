package dev.nn;

import dev.nn.core.Tensor;
import java.util.Arrays;

/**
 * What every built-in loss shares: the shape check, and a gradient buffer written by
 * {@link #forward} and handed out by {@link #backward}, reused from batch to batch.
 */
abstract class BufferedLoss implements Loss {
    private final String name;
    private Tensor gradient;

    BufferedLoss(String name) {
        this.name = name;
    }

    @Override
    public final float forward(Tensor predictions, Tensor targets) {
        if (!predictions.sameShape(targets)) {
            throw new IllegalArgumentException(name + ": predictions " + Arrays.toString(predictions.shape())
                    + " and targets " + Arrays.toString(targets.shape()) + " differ in shape");
        }
        gradient = Tensor.reuseLike(gradient, predictions);
        return compute(predictions, targets, gradient);
    }

    /** Returns the loss of the batch and writes ∂E/∂predictions into {@code gradient}. */
    abstract float compute(Tensor predictions, Tensor targets, Tensor gradient);

    @Override
    public final Tensor backward() {
        if (gradient == null) {
            throw new IllegalStateException(name + ": backward called before forward");
        }
        return gradient;
    }

    @Override
    public final String toString() {
        return name;
    }
}
