package dev.nn.layers;

import dev.nn.core.Tensor;
import java.util.Arrays;

/**
 * A trainable tensor of a layer and the gradient of the error with respect to it. Layers add into
 * the gradient during backward passes; {@link dev.nn.Network} clears it before each batch; an
 * {@link dev.nn.Optimizer} reads it to update the value.
 *
 * <p>Not thread-safe: its values change in place at every optimizer step; a network lets
 * predictions read them only between two steps.
 */
public final class Parameter {
    private final String name;
    private final Tensor value;
    private final Tensor gradient;

    /**
     * A parameter of the given shape, its value and gradient zero.
     *
     * @param name what to call it in messages and reports, e.g. {@code "weights"}
     * @param shape its shape
     */
    public Parameter(String name, int... shape) {
        this.name = name;
        this.value = Tensor.zeros(shape);
        this.gradient = Tensor.zeros(shape);
    }

    /**
     * The name, used in error messages and gradient-check reports.
     *
     * @return the name, e.g. {@code "weights"}
     */
    public String name() {
        return name;
    }

    /**
     * The values, updated in place by optimizers.
     *
     * @return the values
     */
    public Tensor value() {
        return value;
    }

    /**
     * The gradient, accumulated over backward passes since it was last cleared.
     *
     * @return ∂E/∂value, of the value's shape
     */
    public Tensor gradient() {
        return gradient;
    }

    /**
     * The number of values.
     *
     * @return the size of the value (and of the gradient)
     */
    public int size() {
        return value.size();
    }

    /** Sets the gradient to zero. */
    public void zeroGradient() {
        Arrays.fill(gradient.data(), 0, gradient.size(), 0f);
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape());
    }
}
