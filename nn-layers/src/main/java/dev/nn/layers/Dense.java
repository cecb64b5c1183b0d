package dev.nn.layers;

import dev.nn.Init;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import dev.nn.core.kernels.Gemm;
import java.util.Arrays;

/**
 * A fully connected layer: {@code Y = X·W + b} for a batch X [batch, inputs], weights W
 * [inputs, outputs] and bias b [outputs] (or {@code Y = max(0, X·W + b)}, see {@link #withRelu}). Backward: ∂E/∂W += Xᵀ·∂E/∂Y, ∂E/∂b += Σ_rows ∂E/∂Y,
 * ∂E/∂X = ∂E/∂Y·Wᵀ.
 */
public final class Dense extends WeightedLayer {
    private final int inputs;
    private final int outputs;
    private final int[] inputSample;
    private final int[] outputSample;
    private Tensor input;            // [batch, inputs], the last forward's, kept for the weight gradient
    private Tensor output;           // [batch, outputs]
    private Tensor inputGradient;    // [batch, inputs]

    /** A layer from {@code inputs} to {@code outputs} values per sample, Xavier-initialized. */
    public Dense(int inputs, int outputs) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("Dense needs at least 1 input and 1 output, got " + inputs + "→" + outputs);
        }
        super(new int[] {inputs, outputs}, outputs, inputs, outputs, Init.XAVIER_UNIFORM);
        this.inputs = inputs;
        this.outputs = outputs;
        this.inputSample = new int[] {inputs};
        this.outputSample = new int[] {outputs};
    }

    /** Chooses how {@link #initialize} draws the weights (default {@link Init#XAVIER_UNIFORM}). */
    public Dense init(Init scheme) {
        setInit(scheme);
        return this;
    }

    /**
     * Applies max(0, ·) to the outputs as they are written: the same network as this layer followed
     * by {@code Activation(RELU)}, with one buffer and one pass over the outputs fewer.
     */
    public Dense withRelu() {
        setRelu();
        return this;
    }

    @Override
    Tensor lastOutput() {
        return output;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        if (inputShape.length != 1 || inputShape[0] != inputs) {
            throw new IllegalArgumentException(this + " takes inputs of shape [" + inputs + "] but got "
                    + Arrays.toString(inputShape) + (inputShape.length > 1 ? "; add a Flatten layer before it" : ""));
        }
        return outputSample.clone();
    }

    @Override
    public Tensor forward(Tensor x) {
        Shapes.requireBatchOf(this, "input", x, inputSample);
        int batch = x.dim(0);
        input = x;
        output = Tensor.reuse(output, batch, outputSample);
        float[] y = output.data();
        Gemm.sgemm(false, false, batch, outputs, inputs, 1f, x.data(), 0, inputs,
                weights().value().data(), 0, outputs, 0f, y, 0, outputs);
        Elementwise.addRowVector(batch, outputs, bias().value().data(), 0, y, 0);
        if (relu()) {
            Elementwise.relu(batch * outputs, y, 0, y, 0);
        }
        return output;
    }

    @Override
    void accumulateParameterGradients(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        int batch = dy.dim(0);
        Gemm.sgemm(true, false, inputs, outputs, batch, 1f, input.data(), 0, inputs,
                dy.data(), 0, outputs, 1f, weights().gradient().data(), 0, outputs);
        Elementwise.sumRows(batch, outputs, dy.data(), 0, bias().gradient().data(), 0);
    }

    @Override
    Tensor inputGradient(Tensor dy) {
        int batch = dy.dim(0);
        inputGradient = Tensor.reuse(inputGradient, batch, inputSample);
        Gemm.sgemm(false, true, batch, inputs, outputs, 1f, dy.data(), 0, outputs,
                weights().value().data(), 0, outputs, 0f, inputGradient.data(), 0, inputs);
        return inputGradient;
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + "→" + outputs + (relu() ? ", ReLU" : "") + ")";
    }
}
