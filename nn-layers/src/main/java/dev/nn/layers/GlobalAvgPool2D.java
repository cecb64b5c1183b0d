package dev.nn.layers;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Pooling;

/**
 * Global average pooling: each channel of an image [batch, channels, height, width] becomes the
 * mean of its height·width values, giving [batch, channels], ready for a {@link Dense} layer. In
 * PyTorch this is two modules, {@code nn.AdaptiveAvgPool2d(1), nn.Flatten()}, since
 * {@code AdaptiveAvgPool2d(1)} alone keeps [batch, channels, 1, 1]; model files number it so.
 *
 * <p>Backward spreads each channel's ∂E/∂Y evenly over the channel: every input gets
 * ∂E/∂Y / (height·width).
 *
 * <p>Not thread-safe (it reuses its buffers); {@link #shareParameters} makes a twin for another
 * thread.
 */
public final class GlobalAvgPool2D implements Layer {
    private int[] inputSample;    // [channels, height, width] of the last forward pass
    private int[] outputSample;   // [channels] for that input
    private Tensor input;         // [batch, channels, height, width]
    private Tensor output;        // [batch, channels]
    private Tensor inputGradient; // [batch, channels, height, width]

    /** A global average pooling layer; it has no parameters. */
    public GlobalAvgPool2D() {
    }

    @Override
    public int[] outputShape(int[] inputShape) {
        Windows.requireImage(this, inputShape);
        return new int[] {inputShape[0]};
    }

    @Override
    public Tensor forward(Tensor x) {
        Windows.requireImages(this, x);
        if (!Windows.sameImages(x, inputSample)) {
            inputSample = Shapes.sampleShape(x);
            outputSample = outputShape(inputSample);
        }
        int batch = x.dim(0);
        input = x;
        output = Tensor.reuse(output, batch, outputSample);
        Pooling.globalAvgPoolForward(batch * inputSample[0], inputSample[1] * inputSample[2], x.data(), output.data());
        return output;
    }

    @Override
    public Tensor backward(Tensor dy) {
        Shapes.requireForward(this, input);
        Shapes.requireSameShape(this, "output gradient", dy, output);
        inputGradient = Tensor.reuseLike(inputGradient, input);
        Pooling.globalAvgPoolBackward(input.dim(0) * inputSample[0], inputSample[1] * inputSample[2],
                dy.data(), inputGradient.data());
        return inputGradient;
    }

    @Override
    public Layer shareParameters() {
        return new GlobalAvgPool2D();
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2D";
    }
}
