package dev.nn;

import dev.nn.core.Tensor;
import java.util.Arrays;

/** The shape check every loss makes, and the gradient buffer it reuses. */
final class LossShapes {
    private LossShapes() {
    }

    /** Throws unless predictions and targets have the same shape; returns a gradient buffer of that shape. */
    static Tensor check(Object loss, Tensor predictions, Tensor targets, Tensor gradient) {
        if (!predictions.sameShape(targets)) {
            throw new IllegalArgumentException(loss + ": predictions " + Arrays.toString(predictions.shape())
                    + " and targets " + Arrays.toString(targets.shape()) + " differ in shape");
        }
        return Tensor.reuseLike(gradient, predictions);
    }

    static void requireForward(Object loss, Tensor gradient) {
        if (gradient == null) {
            throw new IllegalStateException(loss + ": backward called before forward");
        }
    }
}
