package dev.nn.bench;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.layers.AvgPool2D;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.GlobalAvgPool2D;
import dev.nn.layers.Layer;
import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * The forward and backward passes of the layers built on the {@code Normalization} and
 * {@code Pooling} kernels: {@link BatchNorm} in training mode (forward: the batch's moments, the
 * running statistics' update and the scale-and-shift; backward: the gradient sums, the parameter
 * gradients and the input gradient), {@link AvgPool2D} and {@link GlobalAvgPool2D}. Timed through
 * the layers rather than the kernels one by one, because a layer's per-channel glue between its
 * kernel calls is part of the work PyTorch's modules do too (python/norm_pool_bench.py times
 * those). Input elements per nanosecond (= 10⁹ elements/s) in the {@code :elements} row (see
 * {@link Counters}), for both passes.
 *
 * <p>Layers are written {@code kind_shape}, the shape being the input batch's: batch norm over the
 * channels of the 32 maps of 13×13 of a small CNN's second stage ({@code batchnorm_64x32x13x13})
 * and over the 128 features of a dense layer ({@code batchnorm_64x128}); 2×2 average pooling at
 * stride 2 of 16 maps of 26×26 ({@code avgpool2_64x16x26x26}); global average pooling of 64 maps
 * of 6×6 ({@code globalavgpool_64x64x6x6}).
 */
public class NormPoolBench extends KernelBench {

    @Param({"batchnorm_64x32x13x13", "batchnorm_64x128", "avgpool2_64x16x26x26", "globalavgpool_64x64x6x6"})
    public String layer;

    private Layer pass;
    private Tensor x, dy;

    @Override
    protected void allocate() {
        String[] parts = layer.split("_");
        if (parts.length != 2 || !parts[1].matches("[0-9]+(x[0-9]+)+")) {
            throw new IllegalArgumentException("layer must look like batchnorm_64x32x13x13, got " + layer);
        }
        int[] shape = Arrays.stream(parts[1].split("x")).mapToInt(Integer::parseInt).toArray();
        pass = switch (parts[0]) {
            case "batchnorm" -> new BatchNorm(shape[1]);
            case "avgpool2" -> new AvgPool2D(2);
            case "globalavgpool" -> new GlobalAvgPool2D();
            default -> throw new IllegalArgumentException(
                    "layer kind must be batchnorm, avgpool2 or globalavgpool, got " + parts[0] + " in " + layer);
        };
        pass.initialize(new Rng(7));
        x = Tensor.wrap(uniform(Arrays.stream(shape).reduce(1, Math::multiplyExact), -1f, 1f), shape);
        // One forward pass gives the output's shape and leaves the state that backward reads.
        Tensor y = pass.forward(x);
        dy = Tensor.wrap(uniform(y.size(), -1f, 1f), y.shape());
    }

    @Benchmark
    public Tensor forward(Counters.Elements counter) {
        Tensor y = pass.forward(x);
        counter.elements += x.size();
        return y;
    }

    @Benchmark
    public Tensor backward(Counters.Elements counter) {
        // Accumulates into BatchNorm's parameter gradients, as a training step does; they stay finite.
        Tensor dx = pass.backward(dy);
        counter.elements += x.size();
        return dx;
    }
}
