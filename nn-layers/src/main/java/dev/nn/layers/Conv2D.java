package dev.nn.layers;

import dev.nn.Init;
import dev.nn.core.ConvShape;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Conv;
import dev.nn.core.kernels.ConvPool;
import java.util.Arrays;

/**
 * A 2-D convolutional layer (cross-correlation, as in the tutorial and every framework) over
 * images [batch, inChannels, height, width] with weights [outChannels, inChannels, kh, kw], one
 * bias per output channel, a stride and zero padding. The output is [batch, outChannels,
 * (height + 2·padding − kh) / stride + 1, (width + 2·padding − kw) / stride + 1], or with
 * {@link #withMaxPool} those two sizes divided by the pool, rounded down.
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
    private int pool;                // the fused max pooling's window, or 0 for none
    // weights [outChannels, inChannels, kernelHeight, kernelWidth], bias [outChannels]
    private ConvShape shape;         // of the last forward pass
    private int[] outputSample;      // [outChannels, outHeight, outWidth] of the last forward pass
    private Tensor input;            // [batch, inChannels, height, width]
    private Tensor output;           // [batch, outChannels, outHeight, outWidth], or pooled: [.., outHeight / pool, outWidth / pool]
    private int[] argmax;            // with pooling: index of each maximum in the (unwritten) convolution output
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

    /**
     * Max-pools the output with pool×pool windows at stride pool: the same network as this layer
     * followed by {@code new MaxPool2D(pool)} (after ReLU, if set), with the same outputs to the
     * bit, and the same gradients to the bit (up to the sign of zero gradients) or, for 2×2
     * windows after a 3×3 stride-1 convolution between whole vectors of channels, within rounding
     * (Winograd's algorithm; see {@code ConvPool}). For 2×2 windows after a stride-1 convolution
     * (on the Vector API), the convolution's output is pooled while it is still in cache and never
     * written whole, and the gradients read only the pooled gradient; other windows pool through a
     * buffer, as the two layers would.
     *
     * @throws IllegalArgumentException if pool is below 1
     */
    public Conv2D withMaxPool(int pool) {
        if (pool < 1) {
            throw new IllegalArgumentException(this + ": the pooling window must be at least 1, got " + pool);
        }
        this.pool = pool;
        shape = null; // the output's shape changes
        return this;
    }

    @Override
    Tensor lastOutput() {
        return output;
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        ConvShape s = shapeFor(1, inputShape);
        return outputSample(s);
    }

    private int[] outputSample(ConvShape s) {
        if (pool == 0) {
            return new int[] {outChannels, s.outHeight(), s.outWidth()};
        }
        if (pool > s.outHeight() || pool > s.outWidth()) {
            throw new IllegalArgumentException(this + ": the " + pool + "×" + pool + " pooling window does not fit in "
                    + "the convolution's " + s.outHeight() + "×" + s.outWidth() + " output");
        }
        return new int[] {outChannels, s.outHeight() / pool, s.outWidth() / pool};
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
            ConvShape s = shapeFor(x.dim(0), Shapes.sampleShape(x));
            outputSample = outputSample(s);
            shape = s;
        }
        input = x;
        output = Tensor.reuse(output, shape.batch(), outputSample);
        float[] w = weights().value().data(), b = bias().value().data();
        if (pool == 0) {
            Conv.forward(shape, x.data(), w, b, relu(), output.data());
        } else {
            if (argmax == null || argmax.length < output.size()) {
                argmax = new int[output.size()];
            }
            ConvPool.forward(shape, pool, x.data(), w, b, relu(), output.data(), argmax);
        }
        return output;
    }

    /**
     * The convolution kernels take ReLU's derivative from the output as they read ∂E/∂Y (with
     * pooling, from the pooled output: the value of the convolution's output at each maximum).
     */
    @Override
    boolean appliesReluDerivative() {
        return true;
    }

    @Override
    Tensor inputGradient(Tensor dy) {
        inputGradient = Tensor.reuseLike(inputGradient, input);
        float[] w = weights().value().data();
        if (pool == 0) {
            Conv.backwardInput(shape, dy.data(), reluOutput(), w, inputGradient.data());
        } else {
            ConvPool.backwardInput(shape, pool, dy.data(), output.data(), relu(), argmax, w, inputGradient.data());
        }
        return inputGradient;
    }

    @Override
    void accumulateParameterGradients(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        float[] dw = weights().gradient().data(), db = bias().gradient().data();
        if (pool == 0) {
            Conv.backwardWeights(shape, input.data(), dy.data(), reluOutput(), dw, db);
        } else {
            ConvPool.backwardWeights(shape, pool, input.data(), dy.data(), output.data(), relu(), argmax, dw, db);
        }
    }

    /** The output the fused ReLU's derivative is read from, or null without ReLU. */
    private float[] reluOutput() {
        return relu() ? output.data() : null;
    }

    @Override
    public String toString() {
        return "Conv2D(" + inChannels + "→" + outChannels + ", " + kernelHeight + "×" + kernelWidth
                + (stride != 1 ? ", stride " + stride : "") + (padding != 0 ? ", padding " + padding : "")
                + (relu() ? ", ReLU" : "") + (pool != 0 ? ", max pool " + pool + "×" + pool : "") + ")";
    }
}
