package dev.nn.layers;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;

/**
 * An element-wise activation {@code Y = f(X)} of any shape; backward {@code ∂E/∂X = f'(X) ⊙ ∂E/∂Y}.
 * Softmax works along the last dimension. For classification with
 * {@code Loss.softmaxCrossEntropy()}, end the network with a linear layer instead: that loss
 * applies the softmax itself, fused and numerically stable.
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin for another
 * thread.
 */
public final class Activation implements Layer {
    /** The activation functions. */
    public enum Kind {
        /** tanh(x). */
        TANH,
        /** 1 / (1 + e^−x). */
        SIGMOID,
        /** max(x, 0). */
        RELU,
        /** x for x &gt; 0, slope·x otherwise; see {@link Activation#leakyRelu(float)}. */
        LEAKY_RELU,
        /** e^x / Σ e^x along the last dimension. */
        SOFTMAX,
        /** x. */
        IDENTITY
    }

    /** The slope of {@link Kind#LEAKY_RELU} when none is given, as in PyTorch and Keras. */
    public static final float DEFAULT_LEAKY_SLOPE = 0.01f;

    private final Kind kind;
    private final float slope;
    private Tensor input;
    private Tensor output;
    private Tensor inputGradient;

    /**
     * An activation of the given kind (leaky ReLU with slope 0.01).
     *
     * @param kind the activation function
     * @throws IllegalArgumentException if kind is null
     */
    public Activation(Kind kind) {
        this(kind, DEFAULT_LEAKY_SLOPE);
    }

    private Activation(Kind kind, float slope) {
        if (kind == null) {
            throw new IllegalArgumentException("activation kind is null");
        }
        if (!(slope >= 0f && slope < 1f)) {
            throw new IllegalArgumentException("leaky ReLU slope must be in [0, 1), got " + slope);
        }
        this.kind = kind;
        this.slope = slope;
    }

    /**
     * Leaky ReLU with the given slope for negative inputs.
     *
     * @param slope the slope for negative inputs, in [0, 1)
     * @return a new layer
     * @throws IllegalArgumentException if the slope is outside [0, 1)
     */
    public static Activation leakyRelu(float slope) {
        return new Activation(Kind.LEAKY_RELU, slope);
    }

    /**
     * The activation function.
     *
     * @return its kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The slope for negative inputs of {@link Kind#LEAKY_RELU}; unused by the other kinds.
     *
     * @return the slope
     */
    public float slope() {
        return slope;
    }

    /**
     * Whether the outputs are probability distributions over the last axis.
     *
     * @return true for {@link Kind#SOFTMAX}
     */
    @Override
    public boolean outputsProbabilities() {
        return kind == Kind.SOFTMAX;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        return inputShape.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        input = x;
        if (kind == Kind.IDENTITY) {
            output = x;
            return x;
        }
        output = Tensor.reuseLike(output, x);
        int n = x.size();
        float[] in = x.data(), out = output.data();
        switch (kind) {
            case TANH -> Elementwise.tanh(n, in, 0, out, 0);
            case SIGMOID -> Elementwise.sigmoid(n, in, 0, out, 0);
            case RELU -> Elementwise.relu(n, in, 0, out, 0);
            case LEAKY_RELU -> Elementwise.leakyRelu(n, slope, in, 0, out, 0);
            case SOFTMAX -> {
                int cols = x.dim(x.rank() - 1);
                Elementwise.softmaxRows(n / cols, cols, in, 0, out, 0);
            }
            case IDENTITY -> throw new AssertionError("handled above");
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        if (kind == Kind.IDENTITY) {
            return dy;
        }
        inputGradient = Tensor.reuseLike(inputGradient, dy);
        int n = dy.size();
        float[] g = dy.data(), dx = inputGradient.data();
        switch (kind) {
            case TANH -> Elementwise.tanhBackward(n, output.data(), 0, g, 0, dx, 0);
            case SIGMOID -> Elementwise.sigmoidBackward(n, output.data(), 0, g, 0, dx, 0);
            case RELU -> Elementwise.reluBackward(n, input.data(), 0, g, 0, dx, 0);
            case LEAKY_RELU -> Elementwise.leakyReluBackward(n, slope, input.data(), 0, g, 0, dx, 0);
            case SOFTMAX -> {
                int cols = dy.dim(dy.rank() - 1);
                Elementwise.softmaxRowsBackward(n / cols, cols, output.data(), 0, g, 0, dx, 0);
            }
            case IDENTITY -> throw new AssertionError("handled above");
        }
        return inputGradient;
    }

    @Override
    public Layer shareParameters() {
        return new Activation(kind, slope);
    }

    @Override
    public String toString() {
        return kind == Kind.LEAKY_RELU ? "Activation(LEAKY_RELU, slope " + slope + ")" : "Activation(" + kind + ")";
    }
}
