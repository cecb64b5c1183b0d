package dev.nn.bench;

import dev.nn.core.Backend;
import dev.nn.core.Rng;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What every suite shares: the run settings, the choice between the SIMD and the scalar kernels,
 * and random input data. JMH applies these class annotations, the {@code kernels} parameter and
 * the trial setup to every subclass.
 *
 * <p><b>Kernel choice.</b> nn-core reads {@code -Dnn.vector} once, when a kernel class is first
 * used, into a {@code static final}. So the choice is made per JVM: each parameter combination runs
 * in its own fork ({@code @Fork(1)}), and the trial setup sets the property before the
 * benchmark touches a kernel, then checks that the kernels really in use are the ones asked for.
 * If anything used a kernel earlier in the same JVM (e.g. {@code -f 0}, which runs every
 * combination in the host JVM), or the Vector API module is missing, the trial fails with an
 * {@link IllegalStateException} instead of printing a mislabelled figure.
 *
 * <p><b>Settings.</b> Throughput in operations per nanosecond, so that an
 * {@code @AuxCounters(OPERATIONS)} counter of floating-point operations (or elements) per call is
 * printed as flop/ns = GFLOP/s (elements/ns); see {@link Counters}. The primary score, calls/ns, is
 * not the figure to read. Short runs (2 × 1 s warm-up, 3 × 1 s measured, one fork, one thread) keep
 * the whole set to minutes on a 2-vCPU machine; the JIT settles in about a second here. Every fork
 * needs the incubating Vector API module; the Unsafe flag silences JMH's warnings on JDK 25.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
@Threads(1)
public abstract class KernelBench {

    /** {@code vector}: the Vector API kernels; {@code scalar}: their scalar twins. */
    @Param({"vector", "scalar"})
    public String kernels;

    /**
     * The only trial setup: kernels first, then the suite's data, so that nothing a suite does while
     * setting up can fix the kernel choice before the property is set. (JMH's own order for several
     * {@code @Setup} methods runs subclass ones first, so the order is spelled out here.)
     */
    @Setup(Level.Trial)
    public final void setUp() {
        selectKernels();
        allocate();
    }

    /** Allocates and fills the suite's arrays for its parameters. */
    protected abstract void allocate();

    private void selectKernels() {
        boolean vector = switch (kernels) {
            case "vector" -> true;
            case "scalar" -> false;
            default -> throw new IllegalArgumentException("kernels must be vector or scalar, got " + kernels);
        };
        System.setProperty("nn.vector", Boolean.toString(vector));
        if (Backend.vectorized() != vector) {
            throw new IllegalStateException("asked for " + kernels + " kernels, but this JVM runs: "
                    + Backend.description() + ". The choice is fixed when a kernel is first used, so run each"
                    + " combination in its own fork (no -f 0) with --add-modules=jdk.incubator.vector.");
        }
    }

    /** n floats uniform in [lo, hi), the same for every run. */
    static float[] uniform(int n, float lo, float hi) {
        Rng rng = new Rng(42);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.uniform(lo, hi);
        }
        return x;
    }
}
