package dev.nn.bench;

import dev.nn.Network;
import dev.nn.core.Backend;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code Network.predict} and {@code predictClasses} of the reference MLP of {@link TrainBench} on
 * {@code samples} random images, in microseconds per call: 1 sample is the latency of serving one
 * request, 1000 the batch inference of {@code TrainBench} for comparison ({@code predict} in one
 * forward pass, as {@code TrainBench} does; {@code predictClasses} in its default passes of 256).
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the memory a call allocates, which
 * should be the result alone (a {@code Tensor} and its array; an {@code int[]} for the classes).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class PredictBench {
    /** Samples per call, all in one forward pass. */
    @Param({"1", "1000"})
    public int samples;

    /** Threads the kernels use (the pool size; JMH itself runs one benchmark thread). */
    @Param({"1"})
    public int threads;

    private Network net;
    private Tensor images;

    @Setup
    public void setUp() {
        Backend.setThreads(threads);
        net = TrainBench.mlp(0);
        images = Tensor.uniform(new Rng(1), 0f, 1f, samples, 1, 28, 28);
    }

    @Benchmark
    public Tensor predict() {
        return net.predict(images, samples);
    }

    @Benchmark
    public int[] predictClasses() {
        return net.predictClasses(images);
    }
}
