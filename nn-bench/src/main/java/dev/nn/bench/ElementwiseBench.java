package dev.nn.bench;

import dev.nn.core.kernels.Elementwise;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * {@link Elementwise#tanh} over n floats, out of place; elements per nanosecond (= 10⁹
 * elements/s) in the {@code :elements} row (see {@link Counters}). tanh stands for the
 * transcendental activations: it is the costliest per element, and its SIMD path (the JDK's
 * vectorised TANH) differs most from the scalar {@code Math.tanh} loop.
 *
 * <p>n = 8192 is a 64×128 activation (batch 64, a 128-unit layer), whose x and y sit in L1/L2;
 * n = 1048576 (4 MiB per array) streams from memory.
 */
public class ElementwiseBench extends KernelBench {

    @Param({"8192", "1048576"})
    public int n;

    private float[] x, y;

    @Override
    protected void allocate() {
        // [-4, 4) covers the whole curve of tanh, saturated tails included.
        x = uniform(n, -4f, 4f);
        y = new float[n];
    }

    @Benchmark
    public float[] tanh(Counters.Elements counter) {
        Elementwise.tanh(n, x, 0, y, 0);
        counter.elements += n;
        return y;
    }
}
