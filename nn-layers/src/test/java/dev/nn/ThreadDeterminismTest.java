package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.Backend;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import dev.nn.layers.MaxPool2D;
import dev.nn.layers.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Training gives bit-identical weights whatever the number of kernel threads. */
class ThreadDeterminismTest {
    private final int threadsBefore = Backend.threads();

    @AfterEach
    void restoreThreads() {
        Backend.setThreads(threadsBefore);
    }

    @Test
    void smallCnnTrainsToTheSameBitsWithOneTwoAndThreeThreads() {
        List<float[]> one = train(1), two = train(2), three = train(3);
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), two.get(i), "parameter " + i + " with 2 threads");
            assertArrayEquals(one.get(i), three.get(i), "parameter " + i + " with 3 threads");
        }
    }

    /**
     * A few steps of a CNN big enough that the kernels split their work, with the given pool size;
     * its convolutions have the ReLU fused, whose derivative their gradient kernels apply (the first
     * as dot products over strips of filters, the second through wide rows and the GEMM).
     */
    private static List<float[]> train(int threads) {
        Backend.setThreads(threads);
        assertEquals(threads, Backend.threads());
        Network net = new Network(11)
                .add(new Conv2D(1, 16, 3).withRelu()).add(new MaxPool2D(2))
                .add(new Conv2D(16, 32, 3).withRelu()).add(new MaxPool2D(2))
                .add(new Flatten()).add(new Dense(32 * 5 * 5, 64)).add(new Activation(Activation.Kind.RELU))
                .add(new Dense(64, 10)).use(Loss.softmaxCrossEntropy());
        Rng rng = new Rng(5);
        Optimizer sgd = Optimizer.momentum(0.01f, 0.9f);
        for (int step = 0; step < 3; step++) {
            Tensor x = Tensor.uniform(rng, 0f, 1f, 48, 1, 28, 28);
            Tensor y = Tensor.zeros(48, 10);
            for (int i = 0; i < 48; i++) {
                y.set(1f, i, rng.nextInt(10));
            }
            net.trainBatch(x, y, sgd);
        }
        List<float[]> weights = new ArrayList<>();
        for (Parameter p : net.parameters()) {
            weights.add(p.value().data().clone());
        }
        return weights;
    }
}
