package dev.nn.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Work counters that JMH reports next to the primary score. A benchmark method takes one as an
 * argument and adds the work of each call to its public field.
 *
 * <p><b>How the figure is derived.</b> For {@code AuxCounters.Type.OPERATIONS} JMH zeroes the field
 * when an iteration starts, and at its end divides the total by the iteration's length in the
 * suite's output time unit (nanoseconds, see {@link KernelBench}), exactly as it does for the
 * primary score. So the row {@code GemmBench.sgemm:flops} reads <i>floating-point operations per
 * nanosecond</i>, which is GFLOP/s (10⁹ flop / 10⁹ ns), and {@code ElementwiseBench.tanh:elements}
 * reads elements per nanosecond (= 10⁹ elements/s). JMH labels both "ops/ns". Checked: with
 * {@code -tu s} the flops row equals calls/s × flops per call; flops per call ÷ the {@code -bm avgt}
 * time agrees within run-to-run noise.
 *
 * <p>Exact with one thread only: with {@code -t 2} or more, JMH also counts the calls a thread
 * makes while waiting for the others at the start and end of an iteration, which the timed
 * interval leaves out. Longs, because a second of 1024³ GEMMs is far more than 2³¹ flops.
 */
public final class Counters {
    private Counters() {
    }

    /** Floating-point operations: 2 per multiply-add (m·n·k multiply-adds for a GEMM). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Flops {
        public long flops;
    }

    /** Elements processed by an element-wise operation. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Elements {
        public long elements;
    }
}
