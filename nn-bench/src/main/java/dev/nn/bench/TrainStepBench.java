package dev.nn.bench;

import dev.nn.Network;
import dev.nn.Optimizer;
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
 * One training step (forward, loss, backward, SGD-momentum update) of the reference MLP and CNN of
 * {@link TrainBench} on a batch of 64 random images, in microseconds per step. Run with
 * {@code -prof gc}: {@code gc.alloc.rate.norm} is the memory a step allocates, which should be about
 * 0 B/op in steady state.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 2, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--sun-misc-unsafe-memory-access=allow"})
public class TrainStepBench {
    @Param({"mlp", "cnn"})
    public String model;

    /** Threads the kernels use (the pool size, JMH itself runs one benchmark thread). */
    @Param({"1"})
    public int threads;

    private Network net;
    private Tensor images;
    private Tensor labels;
    private Optimizer sgd;

    @Setup
    public void setUp() {
        Backend.setThreads(threads);
        net = model.equals("mlp") ? TrainBench.mlp(0) : TrainBench.cnn(0);
        Rng rng = new Rng(1);
        images = Tensor.uniform(rng, 0f, 1f, 64, 1, 28, 28);
        labels = Tensor.zeros(64, 10);
        for (int i = 0; i < 64; i++) {
            labels.set(1f, i, rng.nextInt(10));
        }
        sgd = Optimizer.momentum(0.01f, 0.9f);
    }

    @Benchmark
    public float step() {
        return net.trainBatch(images, labels, sgd);
    }
}
