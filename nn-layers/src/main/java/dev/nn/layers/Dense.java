package dev.nn.layers;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import dev.nn.core.kernels.Gemm;
import java.util.Arrays;
import java.util.List;

/**
 * A fully connected layer: {@code Y = X·W + b} for a batch X [batch, inputs], weights W
 * [inputs, outputs] and bias b [outputs], or with {@link #withRelu} {@code Y = max(0, Z)} for
 * {@code Z = X·W + b}. Backward, with {@code ∂E/∂Z = ∂E/∂Y} (times ReLU's derivative, 1 where
 * Y &gt; 0 and 0 elsewhere, with {@code withRelu}): {@code ∂E/∂W += Xᵀ·∂E/∂Z},
 * {@code ∂E/∂b += Σ_rows ∂E/∂Z}, {@code ∂E/∂X = ∂E/∂Z·Wᵀ}.
 *
 * <pre>{@code
 * net.add(new Flatten()).add(new Dense(784, 128).withRelu()).add(new Dense(128, 10));
 * }</pre>
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin on the same
 * weights for another thread.
 */
public final class Dense implements Layer {
    private final int inputs;
    private final int outputs;
    private final int[] inputSample;
    private final int[] outputSample;
    private final Parameter weights;   // [inputs, outputs]
    private final Parameter bias;      // [outputs]
    private final List<Parameter> parameters;
    private Init init = Init.XAVIER_UNIFORM;
    private boolean relu;              // whether Y = max(0, X·W + b)
    private Tensor input;              // [batch, inputs], the last forward's, kept for ∂E/∂W
    private Tensor output;             // [batch, outputs]
    private Tensor reluGradient;       // [batch, outputs]: ∂E/∂Z, with relu
    private Tensor inputGradient;      // [batch, inputs]

    /**
     * A layer from {@code inputs} to {@code outputs} values per sample, Xavier-initialized.
     *
     * @param inputs values per input sample
     * @param outputs values per output sample
     * @throws IllegalArgumentException if either is below 1
     */
    public Dense(int inputs, int outputs) {
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("Dense needs at least 1 input and 1 output, got " + inputs + "→" + outputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.inputSample = new int[] {inputs};
        this.outputSample = new int[] {outputs};
        this.weights = new Parameter("weights", inputs, outputs);
        this.bias = new Parameter("bias", outputs);
        this.parameters = List.of(weights, bias);
    }

    /** A layer of source's configuration on source's parameters, with buffers of its own. */
    private Dense(Dense source) {
        this.inputs = source.inputs;
        this.outputs = source.outputs;
        this.inputSample = source.inputSample;
        this.outputSample = source.outputSample;
        this.weights = source.weights;
        this.bias = source.bias;
        this.parameters = source.parameters;
        this.init = source.init;
        this.relu = source.relu;
    }

    @Override
    public Layer shareParameters() {
        return new Dense(this);
    }

    /**
     * Chooses how {@link #initialize} draws the weights (default {@link Init#XAVIER_UNIFORM}).
     *
     * @param scheme the scheme
     * @return this layer
     * @throws IllegalArgumentException if scheme is null
     */
    public Dense init(Init scheme) {
        if (scheme == null) {
            throw new IllegalArgumentException(this + ": init scheme is null");
        }
        init = scheme;
        return this;
    }

    /**
     * Applies max(0, ·) to the outputs as they are written: the same network as this layer followed
     * by {@code Activation(RELU)}, with one buffer and one pass over the outputs fewer.
     *
     * @return this layer
     */
    public Dense withRelu() {
        relu = true;
        return this;
    }

    /**
     * The number of values per input sample.
     *
     * @return the number of values per input sample
     */
    public int inputs() {
        return inputs;
    }

    /**
     * The number of values per output sample.
     *
     * @return the number of values per output sample
     */
    public int outputs() {
        return outputs;
    }

    /**
     * The scheme that draws the initial weights.
     *
     * @return the scheme that draws the initial weights
     */
    public Init init() {
        return init;
    }

    /**
     * Whether ReLU is fused into this layer ({@link #withRelu}).
     *
     * @return whether ReLU is fused into this layer ({@link #withRelu})
     */
    public boolean hasRelu() {
        return relu;
    }

    /**
     * The weights W, [inputs, outputs].
     *
     * @return the weights and their gradient
     */
    public Parameter weights() {
        return weights;
    }

    /**
     * The bias b, [outputs].
     *
     * @return the bias and its gradient
     */
    public Parameter bias() {
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        return parameters;
    }

    @Override
    public void initialize(Rng rng) {
        init.initialize(rng, weights, bias, inputs, outputs);
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
        // Y = X·W
        Gemm.sgemm(false, false, batch, outputs, inputs, 1f, x.data(), 0, inputs,
                weights.value().data(), 0, outputs, 0f, y, 0, outputs);
        // Y += b (every row)
        Elementwise.addRowVector(batch, outputs, bias.value().data(), 0, y, 0);
        if (relu) {
            // Y = max(0, Y)
            Elementwise.relu(batch * outputs, y, 0, y, 0);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Tensor dz = backwardParameters(dy);
        int batch = dz.dim(0);
        inputGradient = Tensor.reuse(inputGradient, batch, inputSample);
        // ∂E/∂X = ∂E/∂Z·Wᵀ
        Gemm.sgemm(false, true, batch, inputs, outputs, 1f, dz.data(), 0, outputs,
                weights.value().data(), 0, outputs, 0f, inputGradient.data(), 0, inputs);
        return inputGradient;
    }

    @Override
    public void backwardParametersOnly(Tensor dy) {
        backwardParameters(dy);
    }

    /** Adds ∂E/∂W and ∂E/∂b for ∂E/∂Y; returns ∂E/∂Z, which is ∂E/∂Y itself without ReLU. */
    private Tensor backwardParameters(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        Tensor dz = dy;
        if (relu) {
            reluGradient = Tensor.reuseLike(reluGradient, dy);
            // ∂E/∂Z = ∂E/∂Y ⊙ [Y > 0]
            Elementwise.reluBackward(dy.size(), output.data(), 0, dy.data(), 0, reluGradient.data(), 0);
            dz = reluGradient;
        }
        int batch = dz.dim(0);
        // ∂E/∂W += Xᵀ·∂E/∂Z, written without reading the old ∂E/∂W when that is zero
        float beta = weights.accumulationBeta();
        Gemm.sgemm(true, false, inputs, outputs, batch, 1f, input.data(), 0, inputs,
                dz.data(), 0, outputs, beta, weights.gradient().data(), 0, outputs);
        // ∂E/∂b += Σ_rows ∂E/∂Z
        Elementwise.sumRows(batch, outputs, dz.data(), 0, bias.gradient().data(), 0);
        return dz;
    }

    @Override
    public String toString() {
        return "Dense(" + inputs + "→" + outputs + (relu ? ", ReLU" : "") + ")";
    }
}
