package dev.nn;

import dev.nn.core.Tensor;
import dev.nn.losses.LossFunction;
import java.util.Arrays;

/**
 * The {@link Loss} around a formula: it checks the shapes, and keeps the gradient that
 * {@link #forward} writes for {@link #backward} in a buffer reused from batch to batch.
 */
final class BufferedLoss implements Loss {
    private final LossFunction formula;
    private Tensor gradient; // ∂E/∂predictions of the last forward pass, shaped like its predictions

    BufferedLoss(LossFunction formula) {
        this.formula = formula;
    }

    @Override
    public float forward(Tensor predictions, Tensor targets) {
        if (!predictions.sameShape(targets)) {
            throw new IllegalArgumentException(formula.name() + ": predictions " + Arrays.toString(predictions.shape())
                    + " and targets " + Arrays.toString(targets.shape()) + " differ in shape");
        }
        gradient = Tensor.reuseLike(gradient, predictions);
        return formula.compute(predictions, targets, gradient);
    }

    @Override
    public Tensor backward() {
        if (gradient == null) {
            throw new IllegalStateException(formula.name() + ": backward called before forward");
        }
        return gradient;
    }

    LossFunction formula() {
        return formula;
    }

    @Override
    public boolean takesLogits() {
        return formula.takesLogits();
    }

    @Override
    public String toString() {
        return formula.name();
    }
}
