package dev.nn.layers;

import dev.nn.Init;
import dev.nn.Layer;
import dev.nn.Parameter;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import java.util.List;

/**
 * What a layer with weights and a bias shares: its two parameters, how they are initialized, and
 * the split of the backward pass into parameter gradients and the input gradient, so that
 * {@link #backwardParametersOnly} can skip the latter.
 */
abstract class WeightedLayer implements Layer {
    private final Parameter weights;
    private final Parameter bias;
    private final List<Parameter> parameters;
    private final int fanIn;
    private final int fanOut;
    private Init init;
    private boolean relu;
    private Tensor reluGradient; // ∂E/∂(pre-activation output), when relu is fused

    WeightedLayer(int[] weightShape, int biasSize, int fanIn, int fanOut, Init defaultInit) {
        this.weights = new Parameter("weights", weightShape);
        this.bias = new Parameter("bias", biasSize);
        this.parameters = List.of(weights, bias);
        this.fanIn = fanIn;
        this.fanOut = fanOut;
        this.init = defaultInit;
    }

    void setInit(Init scheme) {
        if (scheme == null) {
            throw new IllegalArgumentException(this + ": init scheme is null");
        }
        init = scheme;
    }

    void setRelu() {
        relu = true;
    }

    /** Whether max(0, ·) is applied to the output as it is written (see the subclasses' withRelu). */
    final boolean relu() {
        return relu;
    }

    @Override
    public final void initialize(Rng rng) {
        init.initialize(rng, weights, bias, fanIn, fanOut);
    }

    @Override
    public final Tensor backward(Tensor outputGradient) {
        Tensor g = throughRelu(outputGradient);
        accumulateParameterGradients(g);
        return inputGradient(g);
    }

    @Override
    public final void backwardParametersOnly(Tensor outputGradient) {
        accumulateParameterGradients(throughRelu(outputGradient));
    }

    /**
     * With a fused ReLU, ∂E/∂Y times its derivative: 1 where the output is positive, else 0 — or
     * ∂E/∂Y itself, checked against the output, for a layer whose kernels apply the derivative.
     */
    private Tensor throughRelu(Tensor dy) {
        if (!relu) {
            return dy;
        }
        Tensor y = lastOutput();
        Shapes.requireForward(this, y);
        Shapes.requireSameShape(this, "output gradient", dy, y);
        if (appliesReluDerivative()) {
            return dy;
        }
        reluGradient = Tensor.reuseLike(reluGradient, dy);
        Elementwise.reluBackward(dy.size(), y.data(), 0, dy.data(), 0, reluGradient.data(), 0);
        return reluGradient;
    }

    /**
     * Whether the subclass's gradient kernels take a fused ReLU's derivative themselves, given
     * {@link #lastOutput()}, so that ∂E/∂Y reaches them unmasked and no pass of its own masks it.
     */
    boolean appliesReluDerivative() {
        return false;
    }

    /** The output of the last forward pass, or null before the first. */
    abstract Tensor lastOutput();

    /** Checks ∂E/∂Y against the last forward pass and adds ∂E/∂weights and ∂E/∂bias. */
    abstract void accumulateParameterGradients(Tensor outputGradient);

    /** ∂E/∂X for the last forward pass, in the layer's buffer. */
    abstract Tensor inputGradient(Tensor outputGradient);

    @Override
    public final List<Parameter> parameters() {
        return parameters;
    }

    /** The weights; the layer's class comment gives their layout. */
    public final Parameter weights() {
        return weights;
    }

    /** The bias, one value per output (channel). */
    public final Parameter bias() {
        return bias;
    }
}
