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
    // Whether the gradient is zero though its array may not be: zeroGradient defers the clearing
    // until someone reads the gradient, so that a layer that overwrites it (accumulationBeta 0)
    // spares the pass that clears it and the kernel the reading of the zeros.
    private boolean zeroed;

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
     * The gradient, accumulated over backward passes since it was last cleared. Call this again
     * after {@link #zeroGradient} rather than keep the tensor: the clearing is done here.
     *
     * @return ∂E/∂value, of the value's shape
     */
    public Tensor gradient() {
        if (zeroed) {
            Arrays.fill(gradient.data(), 0, gradient.size(), 0f);
            zeroed = false;
        }
        return gradient;
    }

    /**
     * For a layer about to write every value of the gradient as {@code contribution + beta·gradient}
     * with a kernel that takes such a beta (a GEMM): 0 if the gradient was cleared since it was last
     * written, so that the kernel writes the contribution without reading the old values, else 1.
     * The results are the same bits either way (a kernel adds its contribution to +0 or writes it,
     * which is the same); the caller must then write every value, and call {@link #gradient} only
     * after this.
     *
     * @return 0 or 1, the factor on the gradient's old values
     */
    public float accumulationBeta() {
        boolean wasZeroed = zeroed;
        zeroed = false;
        return wasZeroed ? 0f : 1f;
    }

    /**
     * The number of values.
     *
     * @return the size of the value (and of the gradient)
     */
    public int size() {
        return value.size();
    }

    /** Sets the gradient to zero (lazily: see {@link #gradient} and {@link #accumulationBeta}). */
    public void zeroGradient() {
        zeroed = true;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(value.shape());
    }
}
