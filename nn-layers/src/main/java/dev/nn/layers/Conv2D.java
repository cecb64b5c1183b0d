package dev.nn.layers;

import dev.nn.Init;
import dev.nn.core.Conv;
import dev.nn.core.ConvShape;
import dev.nn.core.Tensor;
import java.util.Arrays;

/**
 * A 2-D convolutional layer (cross-correlation, as in the tutorial and every framework) over
 * images [batch, inChannels, height, width] with weights [outChannels, inChannels, kh, kw], one
 * bias per output channel, a stride and zero padding. The output is [batch, outChannels,
 * (height + 2·padding − kh) / stride + 1, (width + 2·padding − kw) / stride + 1].
 *
 * <p>The bias is added once per output channel, and its gradient is the sum of ∂E/∂Y over that
 * channel's outputs (the tutorial adds one per input channel and scales its gradient by the depth).
 */
public final class Conv2D extends WeightedLayer {
    private final int inChannels;
    private final int outChannels;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int stride;
    private final int padding;
    // weights [outChannels, inChannels, kernelHeight, kernelWidth], bias [outChannels]
    private ConvShape shape;         // of the last forward pass
    private int[] outputSample;      // [outChannels, outHeight, outWidth] of the last forward pass
    private Tensor input;            // [batch, inChannels, height, width]
    private Tensor output;           // [batch, outChannels, outHeight, outWidth]
    private Tensor inputGradient;    // [batch, inChannels, height, width]

    /** A k×k convolution at stride 1 without padding (the tutorial's valid correlation). */
    public Conv2D(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, kernelSize, 1, 0);
    }

    /** A kh×kw convolution with the given stride and zero padding along both axes. */
    public Conv2D(int inChannels, int outChannels, int kernelHeight, int kernelWidth, int stride, int padding) {
        if (inChannels < 1 || outChannels < 1 || kernelHeight < 1 || kernelWidth < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2D needs channels, kernel sizes and stride of at least 1 and "
                    + "padding of at least 0, got inChannels=" + inChannels + ", outChannels=" + outChannels
                    + ", kernel " + kernelHeight + "×" + kernelWidth + ", stride " + stride + ", padding " + padding);
        }
        int area = kernelHeight * kernelWidth;
        super(new int[] {outChannels, inChannels, kernelHeight, kernelWidth}, outChannels,
                inChannels * area, outChannels * area, Init.HE_NORMAL);
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelHeight = kernelHeight;
        this.kernelWidth = kernelWidth;
        this.stride = stride;
        this.padding = padding;
    }

    /** Chooses how {@link #initialize} draws the weights (default {@link Init#HE_NORMAL}). */
    public Conv2D init(Init scheme) {
        setInit(scheme);
        return this;
    }

    /**
     * Applies max(0, ·) to the outputs as the convolution writes them: the same network as this
     * layer followed by {@code Activation(RELU)}, with one buffer and one pass over the outputs fewer.
     * The backward pass takes ReLU's derivative inside the gradient kernels, without a pass of its own.
     */
    public Conv2D withRelu() {
        setRelu();
        return this;
    }

    @Override
    Tensor lastOutput() {
        return output;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        ConvShape s = shapeFor(1, inputShape);
        return new int[] {outChannels, s.outHeight(), s.outWidth()};
    }

    private ConvShape shapeFor(int batch, int[] sample) {
        if (sample.length != 3 || sample[0] != inChannels) {
            throw new IllegalArgumentException(this + " takes inputs of shape [" + inChannels
                    + ", height, width] but got " + Arrays.toString(sample));
        }
        if (kernelHeight > sample[1] + 2 * padding || kernelWidth > sample[2] + 2 * padding) {
            throw new IllegalArgumentException(this + ": the kernel does not fit in inputs of shape "
                    + Arrays.toString(sample) + " with padding " + padding);
        }
        return new ConvShape(batch, inChannels, sample[1], sample[2], outChannels, kernelHeight, kernelWidth, stride, padding);
    }

    @Override
    public Tensor forward(Tensor x) {
        if (shape == null || x.rank() != 4 || x.dim(0) != shape.batch() || x.dim(1) != inChannels
                || x.dim(2) != shape.height() || x.dim(3) != shape.width()) {
            if (x.rank() != 4) {
                throw new IllegalArgumentException(this + ": expected input of shape [batch, " + inChannels
                        + ", height, width] but got " + Arrays.toString(x.shape()));
            }
            shape = shapeFor(x.dim(0), Shapes.sampleShape(x));
            outputSample = new int[] {outChannels, shape.outHeight(), shape.outWidth()};
        }
        input = x;
        output = Tensor.reuse(output, shape.batch(), outputSample);
        Conv.forward(shape, x.data(), weights().value().data(), bias().value().data(), relu(), output.data());
        return output;
    }

    /** The convolution kernels take ReLU's derivative from the output as they read ∂E/∂Y. */
    @Override
    boolean appliesReluDerivative() {
        return true;
    }

    @Override
    Tensor inputGradient(Tensor dy) {
        inputGradient = Tensor.reuseLike(inputGradient, input);
        Conv.backwardInput(shape, dy.data(), reluOutput(), weights().value().data(), inputGradient.data());
        return inputGradient;
    }

    @Override
    void accumulateParameterGradients(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        Conv.backwardWeights(shape, input.data(), dy.data(), reluOutput(), weights().gradient().data(),
                bias().gradient().data());
    }

    /** The output the fused ReLU's derivative is read from, or null without ReLU. */
    private float[] reluOutput() {
        return relu() ? output.data() : null;
    }

    @Override
    public String toString() {
        return "Conv2D(" + inChannels + "→" + outChannels + ", " + kernelHeight + "×" + kernelWidth
                + (stride != 1 ? ", stride " + stride : "") + (padding != 0 ? ", padding " + padding : "")
                + (relu() ? ", ReLU" : "") + ")";
    }
}
