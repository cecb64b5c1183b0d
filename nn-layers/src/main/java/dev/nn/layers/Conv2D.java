package dev.nn.layers;

import dev.nn.core.ConvShape;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Conv;
import dev.nn.core.kernels.ConvPool;
import java.util.Arrays;
import java.util.List;

/**
 * A 2-D convolutional layer (cross-correlation, as in the tutorial and every framework) over
 * images [batch, inChannels, height, width] with weights [outChannels, inChannels, kh, kw], one
 * bias per output channel, a stride and zero padding. The output is [batch, outChannels,
 * (height + 2·padding − kh) / stride + 1, (width + 2·padding − kw) / stride + 1], or with
 * {@link #withMaxPool} those two sizes divided by the pool, rounded down.
 *
 * <p>Forward: {@code Y = X ⋆ W + b}, where ⋆ correlates each output channel's kernels with the
 * input channels and sums over them; with {@link #withRelu} {@code Y = max(0, Z)} for
 * {@code Z = X ⋆ W + b}; with {@link #withMaxPool} Y is then max-pooled. Backward, with
 * {@code ∂E/∂Z = ∂E/∂Y} (times ReLU's derivative, 1 where Y &gt; 0 and 0 elsewhere, with
 * {@code withRelu}; routed back to each window's maximum with {@code withMaxPool}):
 * {@code ∂E/∂W += X ⋆ ∂E/∂Z} (summed over the batch), {@code ∂E/∂b += Σ ∂E/∂Z} over the batch and
 * the channel's positions, and {@code ∂E/∂X = ∂E/∂Z ∗ W}, summed over the output channels (at
 * stride 1 without padding the tutorial's full convolution; in general the transposed convolution,
 * which spreads each ∂E/∂Z over the inputs of its window). The gradient kernels take ReLU's derivative
 * themselves, from the output Y (with pooling, from the pooled output: the convolution's output at
 * each maximum), so ∂E/∂Z has no pass of its own.
 *
 * <p>The forward pass and ∂E/∂X of 3×3 stride-1 layers whose channel counts are multiples of the
 * vector length run by Winograd's algorithm (within some tens of units of rounding of each tile's
 * scale). ∂E/∂W is summed directly, so that a weight whose products are all 0 (its output and
 * input units never active together at that tap, as ReLU makes common) gets exactly 0, as in
 * PyTorch: Adam would turn any rounding noise there into steps of a sizeable fraction of the
 * learning rate. {@code Backend.setWinogradWeightGradient(true)} (or
 * {@code -Dnn.winogradWeightGradient=true}) runs ∂E/∂W by Winograd's algorithm too, faster, with
 * that noise (see its documentation).
 *
 * <p>The bias is added once per output channel, and its gradient is the sum of ∂E/∂Y over that
 * channel's outputs (the tutorial adds one per input channel and scales its gradient by the depth).
 *
 * <pre>{@code
 * net.input(1, 28, 28)
 *    .add(new Conv2D(1, 16, 3).withRelu().withMaxPool(2))   // [16, 13, 13]
 *    .add(new Conv2D(16, 32, 3, 3, 1, 1).withRelu());       // 3×3, stride 1, padding 1: [32, 13, 13]
 * }</pre>
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin on the same
 * weights for another thread.
 */
public final class Conv2D implements Layer {
    private final int inChannels;
    private final int outChannels;
    private final int kernelHeight;
    private final int kernelWidth;
    private final int stride;
    private final int padding;
    private final Parameter weights;  // [outChannels, inChannels, kernelHeight, kernelWidth]
    private final Parameter bias;     // [outChannels]
    private final List<Parameter> parameters;
    private Init init = Init.HE_NORMAL;
    private boolean relu;            // whether Y = max(0, X ⋆ W + b)
    private int pool;                // the fused max pooling's window, or 0 for none
    private ConvShape shape;         // of the last forward pass
    private int[] outputSample;      // [outChannels, outHeight, outWidth] of the last forward pass
    private Tensor input;            // [batch, inChannels, height, width]
    private Tensor output;           // [batch, outChannels, outHeight, outWidth], or pooled: [.., outHeight / pool, outWidth / pool]
    private int[] argmax;            // with pooling: index of each maximum in the (unwritten) convolution output
    private Tensor inputGradient;    // [batch, inChannels, height, width]

    /**
     * A k×k convolution at stride 1 without padding (the tutorial's valid correlation).
     *
     * @param inChannels channels of the input images
     * @param outChannels channels of the output images: the number of filters
     * @param kernelSize the height and width of each kernel
     * @throws IllegalArgumentException if a size is below 1
     */
    public Conv2D(int inChannels, int outChannels, int kernelSize) {
        this(inChannels, outChannels, kernelSize, kernelSize, 1, 0);
    }

    /**
     * A kh×kw convolution with the given stride and zero padding along both axes.
     *
     * @param inChannels channels of the input images
     * @param outChannels channels of the output images: the number of filters
     * @param kernelHeight the height of each kernel, kh
     * @param kernelWidth the width of each kernel, kw
     * @param stride the step between two windows, along both axes
     * @param padding the zeros added on each side of both axes
     * @throws IllegalArgumentException if a size or the stride is below 1, or the padding below 0
     */
    public Conv2D(int inChannels, int outChannels, int kernelHeight, int kernelWidth, int stride, int padding) {
        if (inChannels < 1 || outChannels < 1 || kernelHeight < 1 || kernelWidth < 1 || stride < 1 || padding < 0) {
            throw new IllegalArgumentException("Conv2D needs channels, kernel sizes and stride of at least 1 and "
                    + "padding of at least 0, got inChannels=" + inChannels + ", outChannels=" + outChannels
                    + ", kernel " + kernelHeight + "×" + kernelWidth + ", stride " + stride + ", padding " + padding);
        }
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernelHeight = kernelHeight;
        this.kernelWidth = kernelWidth;
        this.stride = stride;
        this.padding = padding;
        this.weights = new Parameter("weights", outChannels, inChannels, kernelHeight, kernelWidth);
        this.bias = new Parameter("bias", outChannels);
        this.parameters = List.of(weights, bias);
    }

    /** A layer of source's configuration on source's parameters, with buffers of its own. */
    private Conv2D(Conv2D source) {
        this.inChannels = source.inChannels;
        this.outChannels = source.outChannels;
        this.kernelHeight = source.kernelHeight;
        this.kernelWidth = source.kernelWidth;
        this.stride = source.stride;
        this.padding = source.padding;
        this.weights = source.weights;
        this.bias = source.bias;
        this.parameters = source.parameters;
        this.init = source.init;
        this.relu = source.relu;
        this.pool = source.pool;
    }

    @Override
    public Layer shareParameters() {
        return new Conv2D(this);
    }

    /**
     * Chooses how {@link #initialize} draws the weights (default {@link Init#HE_NORMAL}).
     *
     * @param scheme the scheme
     * @return this layer
     * @throws IllegalArgumentException if scheme is null
     */
    public Conv2D init(Init scheme) {
        if (scheme == null) {
            throw new IllegalArgumentException(this + ": init scheme is null");
        }
        init = scheme;
        return this;
    }

    /**
     * Applies max(0, ·) to the outputs as the convolution writes them: the same network as this
     * layer followed by {@code Activation(RELU)}, with one buffer and one pass over the outputs fewer.
     * The backward pass takes ReLU's derivative inside the gradient kernels, without a pass of its own.
     *
     * @return this layer
     */
    public Conv2D withRelu() {
        relu = true;
        return this;
    }

    /**
     * Max-pools the output with pool×pool windows at stride pool: the same network as this layer
     * followed by {@code new MaxPool2D(pool)} (after ReLU, if set), with the same outputs to the
     * bit, and the same gradients to the bit (up to the sign of zero gradients) or, for the input
     * gradient of 2×2 windows after a 3×3 stride-1 convolution between whole vectors of channels,
     * within rounding (Winograd's algorithm; see {@code ConvPool}). For 2×2 windows after a stride-1 convolution
     * (on the Vector API), the convolution's output is pooled while it is still in cache and never
     * written whole, and the gradients read only the pooled gradient; other windows pool through a
     * buffer, as the two layers would.
     *
     * @param pool the height and width of the windows, and their stride
     * @return this layer
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

    /**
     * The number of channels of the input images.
     *
     * @return the number of channels of the input images
     */
    public int inChannels() {
        return inChannels;
    }

    /**
     * The number of channels of the output images: the number of filters.
     *
     * @return the number of channels of the output images: the number of filters
     */
    public int outChannels() {
        return outChannels;
    }

    /**
     * The height of each kernel.
     *
     * @return the height of each kernel
     */
    public int kernelHeight() {
        return kernelHeight;
    }

    /**
     * The width of each kernel.
     *
     * @return the width of each kernel
     */
    public int kernelWidth() {
        return kernelWidth;
    }

    /**
     * The step between two windows, along both axes.
     *
     * @return the step between two windows, along both axes
     */
    public int stride() {
        return stride;
    }

    /**
     * The zeros added on each side of both axes.
     *
     * @return the zeros added on each side of both axes
     */
    public int padding() {
        return padding;
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
     * The window of the fused max pooling ({@link #withMaxPool}), 0 for none.
     *
     * @return the window of the fused max pooling ({@link #withMaxPool}), 0 for none
     */
    public int maxPool() {
        return pool;
    }

    /**
     * The weights W, [outChannels, inChannels, kernelHeight, kernelWidth].
     *
     * @return the weights and their gradient
     */
    public Parameter weights() {
        return weights;
    }

    /**
     * The bias b, one value per output channel.
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
        int area = kernelHeight * kernelWidth;
        init.initialize(rng, weights, bias, inChannels * area, outChannels * area);
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
        float[] w = weights.value().data(), b = bias.value().data();
        if (pool == 0) {
            // Y = X ⋆ W + b, then Y = max(0, Y) if relu
            Conv.forward(shape, x.data(), w, b, relu, output.data());
        } else {
            if (argmax == null || argmax.length < output.size()) {
                argmax = new int[output.size()];
            }
            // Y = maxPool(X ⋆ W + b), ReLU before pooling if relu; argmax = where each maximum was
            ConvPool.forward(shape, pool, x.data(), w, b, relu, output.data(), argmax);
        }
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        backwardParameters(dy);
        inputGradient = Tensor.reuseLike(inputGradient, input);
        float[] w = weights.value().data(), dx = inputGradient.data();
        if (pool == 0) {
            // ∂E/∂X = ∂E/∂Z ∗ W, with ∂E/∂Z = ∂E/∂Y ⊙ [Y > 0] if relu (the kernel reads Y), else ∂E/∂Y
            Conv.backwardInput(shape, dy.data(), relu ? output.data() : null, w, dx);
        } else {
            // ∂E/∂X = ∂E/∂Z ∗ W, with ∂E/∂Z = ∂E/∂Y routed to argmax (⊙ [Y > 0] if relu)
            ConvPool.backwardInput(shape, pool, dy.data(), output.data(), relu, argmax, w, dx);
        }
        return inputGradient;
    }

    @Override
    public void backwardParametersOnly(Tensor dy) {
        backwardParameters(dy);
    }

    /** Adds ∂E/∂W and ∂E/∂b for ∂E/∂Y. */
    private void backwardParameters(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        float[] x = input.data(), dw = weights.gradient().data(), db = bias.gradient().data();
        if (pool == 0) {
            // ∂E/∂W += X ⋆ ∂E/∂Z and ∂E/∂b += Σ ∂E/∂Z, with ∂E/∂Z = ∂E/∂Y ⊙ [Y > 0] if relu, else ∂E/∂Y
            Conv.backwardWeights(shape, x, dy.data(), relu ? output.data() : null, dw, db);
        } else {
            // ∂E/∂W += X ⋆ ∂E/∂Z and ∂E/∂b += Σ ∂E/∂Z, with ∂E/∂Z = ∂E/∂Y routed to argmax (⊙ [Y > 0] if relu)
            ConvPool.backwardWeights(shape, pool, x, dy.data(), output.data(), relu, argmax, dw, db);
        }
    }

    @Override
    public String toString() {
        return "Conv2D(" + inChannels + "→" + outChannels + ", " + kernelHeight + "×" + kernelWidth
                + (stride != 1 ? ", stride " + stride : "") + (padding != 0 ? ", padding " + padding : "")
                + (relu ? ", ReLU" : "") + (pool != 0 ? ", max pool " + pool + "×" + pool : "") + ")";
    }
}
