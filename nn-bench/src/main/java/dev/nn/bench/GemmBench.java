package dev.nn.bench;

import dev.nn.core.kernels.Gemm;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;

/**
 * {@code C = op(A)·op(B)} ({@code alpha = 1, beta = 0}) through {@link Gemm#sgemm}; GFLOP/s in the
 * {@code :flops} row (see {@link Counters}), 2·m·n·k flops per call.
 *
 * <p>Shapes are written m×k×n, i.e. op(A) is m×k and op(B) is k×n; a bare number is a square.
 * Besides squares, a dense layer of 784 inputs and 128 outputs at batch 64 (and 256) needs
 * <ul>
 *   <li>{@code 64x784x128}: forward Y = X·W (NN),</li>
 *   <li>{@code 784x64x128_TN}: weight gradient dW = Xᵀ·dY, X stored 64×784 (TN),</li>
 *   <li>{@code 64x128x784_NT}: input gradient dX = dY·Wᵀ, W stored 784×128 (NT),</li>
 *   <li>{@code 256x128x10}, {@code 64x128x10}: the forward pass of a 128 → 10 classifier layer,</li>
 *   <li>{@code 128x64x10_TN}: its weight gradient at batch 64,</li>
 *   <li>{@code 1x784x128}: single-sample inference (read it with {@code -bm avgt -tu us}).</li>
 * </ul>
 * Scalar 1024³ is kept: one call takes seconds on the scalar kernel, so each of its
 * five iterations runs a single call, and the fork stays within a minute.
 * (JMH divides by the real length of an iteration, so a call that overruns the 1 s is still
 * counted right.) Scalar 2048³ (eight times the work per call) takes minutes: leave the big
 * squares out with {@code -p shape=...} when in a hurry.
 */
public class GemmBench extends KernelBench {

    @Param({"64", "128", "256", "512", "1024", "2048", "64x784x128", "256x784x128", "784x64x128_TN", "64x128x784_NT",
            "256x128x10", "64x128x10", "128x64x10_TN", "1x784x128"})
    public String shape;

    private boolean transA, transB;
    private int m, n, k;
    private float[] a, b, c;
    private long flopsPerCall;

    @Override
    protected void allocate() {
        String[] parts = shape.split("_");
        String[] dims = parts[0].split("x");
        String ops = parts.length > 1 ? parts[1] : "NN";
        if (dims.length == 1) {
            dims = new String[] {dims[0], dims[0], dims[0]};
        }
        if (dims.length != 3 || parts.length > 2 || !ops.matches("[NT][NT]")) {
            throw new IllegalArgumentException("shape must be N or MxKxN, optionally with _NN/_TN/_NT/_TT: " + shape);
        }
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        transA = ops.charAt(0) == 'T';
        transB = ops.charAt(1) == 'T';
        a = uniform(m * k, -1f, 1f);
        b = uniform(k * n, -1f, 1f);
        c = new float[m * n];
        flopsPerCall = 2L * m * n * k;
    }

    @Benchmark
    public float[] sgemm(Counters.Flops counter) {
        // Row-major: A is stored k×m when transposed (lda = m), else m×k; B likewise.
        Gemm.sgemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n);
        counter.flops += flopsPerCall;
        return c;
    }
}
