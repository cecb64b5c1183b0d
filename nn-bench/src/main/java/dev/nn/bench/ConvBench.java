package dev.nn.bench;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.Conv;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The three passes of a convolutional layer through {@link Conv}: forward, input gradient and
 * weight gradient, each {@link ConvShape#flops()} flops per call; GFLOP/s in the {@code :flops}
 * row (see {@link Counters}).
 *
 * <p>Layers are written {@code CtoF_HxW}: C input channels of H×W to F output channels, valid 3×3
 * kernels, stride 1, batch 64. The two defaults are the convolutions of a small MNIST network:
 * 1→32 on the 28×28 images, and 32→64 on the 13×13 maps after 2×2 pooling.
 */
public class ConvBench extends KernelBench {
    private static final int BATCH = 64;
    private static final int KERNEL = 3;

    @Param({"1to32_28x28", "32to64_13x13"})
    public String layer;

    private ConvShape s;
    private float[] x, w, y, dy, dx, dw;
    private long flopsPerCall;

    @Override
    protected void allocate() {
        String[] parts = layer.split("to|_|x");
        if (parts.length != 4) {
            throw new IllegalArgumentException("layer must look like 32to64_13x13, got " + layer);
        }
        s = ConvShape.valid(BATCH, Integer.parseInt(parts[0]), Integer.parseInt(parts[2]), Integer.parseInt(parts[3]),
                Integer.parseInt(parts[1]), KERNEL, KERNEL);
        x = uniform(s.inputSize(), -1f, 1f);
        w = uniform(s.weightSize(), -1f, 1f);
        dy = uniform(s.outputSize(), -1f, 1f);
        y = new float[s.outputSize()];
        dx = new float[s.inputSize()];
        dw = new float[s.weightSize()];
        flopsPerCall = (long) s.flops();
    }

    @Benchmark
    public float[] forward(Counters.Flops counter) {
        Conv.forward(s, x, w, null, false, y);
        counter.flops += flopsPerCall;
        return y;
    }

    @Benchmark
    public float[] backwardInput(Counters.Flops counter) {
        Conv.backwardInput(s, dy, w, dx);
        counter.flops += flopsPerCall;
        return dx;
    }

    @Benchmark
    public float[] backwardWeights(Counters.Flops counter) {
        // Accumulates into dw, as a training step does; the sums grow but stay far from overflow.
        Conv.backwardWeights(s, x, dy, dw);
        counter.flops += flopsPerCall;
        return dw;
    }
}
