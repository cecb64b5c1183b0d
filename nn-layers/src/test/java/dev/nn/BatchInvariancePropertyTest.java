package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nn.core.Backend;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.layers.Activation;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import dev.nn.layers.MaxPool2D;
import dev.nn.layers.Parameter;
import java.util.Arrays;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A sample's outputs are the same bits whatever batch it is predicted in, wherever it sits in that
 * batch, and whatever the number of kernel threads: every row of a prediction of a random batch
 * (1 to 300 samples, so across {@code predict}'s 256-sample passes and the GEMM's 8-row tiles and
 * 32-row tasks) equals that sample predicted alone on one thread.
 */
class BatchInvariancePropertyTest {
    /** Samples in the pool that batches are cut from; more than predict's 256 per pass. */
    private static final int POOL = 300;
    private static final int TRIALS = 12;
    private final int threadsBefore = Backend.threads();

    @AfterEach
    void restoreThreads() {
        Backend.setThreads(threadsBefore);
    }

    @Test
    void referenceMlp() {
        // k = 784 spans two blocks of the GEMM's depth (384): a single sample took another route.
        check(() -> new Network(1).add(new Dense(784, 128).withRelu()).add(new Dense(128, 10)), 784);
    }

    @Test
    void oddSizedMlpWithSoftmax() {
        check(() -> new Network(2).add(new Dense(37, 19).withRelu()).add(new Dense(19, 5))
                .add(new Activation(Activation.Kind.SOFTMAX)), 37);
    }

    @Test
    void deepMlpWithTanhAndSigmoid() {
        check(() -> new Network(3).add(new Dense(900, 400)).add(new Activation(Activation.Kind.TANH))
                .add(new Dense(400, 17)).add(new Activation(Activation.Kind.SIGMOID)), 900);
    }

    @Test
    void referenceCnn() {
        // 1→32 over 28×28 with the 2×2 pooling fused (wide rows), 32→64 by Winograd with the
        // pooling fused, then dense layers with k = 1600.
        check(() -> new Network(4)
                .add(new Conv2D(1, 32, 3).withRelu().withMaxPool(2))
                .add(new Conv2D(32, 64, 3).withRelu().withMaxPool(2))
                .add(new Flatten()).add(new Dense(1600, 128).withRelu()).add(new Dense(128, 10)), 1, 28, 28);
    }

    @Test
    void cnnOfEveryConvolutionKernel() {
        // A first layer written in place (few taps over a large plane), Winograd without pooling,
        // a stride-2 padded layer through columns and the GEMM with 5 filters (fewer rows than a
        // register tile), a 3×3 pooling after a padded 5×5 layer (through a buffer), and a
        // separate pooling layer.
        check(() -> new Network(5)
                .add(new Conv2D(2, 16, 3).withRelu())
                .add(new Conv2D(16, 16, 3))
                .add(new Conv2D(16, 5, 3, 3, 2, 1).withRelu())
                .add(new Conv2D(5, 7, 5, 5, 1, 2).withMaxPool(3))
                .add(new MaxPool2D(2))
                .add(new Flatten()).add(new Dense(7 * 2 * 2, 3)), 2, 30, 29);
    }

    @Test
    void cnnWithPaddedWinogradAndOddChannels() {
        check(() -> new Network(6)
                .add(new Conv2D(3, 16, 3, 3, 1, 1).withRelu().withMaxPool(2))
                .add(new Conv2D(16, 32, 3, 3, 1, 1).withRelu())
                .add(new Conv2D(32, 11, 3).withMaxPool(2))
                .add(new Flatten()).add(new Dense(11 * 1 * 2, 6)), 3, 11, 13);
    }

    /**
     * Builds the network twice per thread count (1, then 3), gives its biases random values, and
     * compares the rows of random batches with each sample predicted alone on one thread.
     */
    private static void check(Supplier<Network> build, int... sampleShape) {
        int sampleSize = Arrays.stream(sampleShape).reduce(1, (a, b) -> a * b);
        Rng rng = new Rng(Arrays.hashCode(sampleShape));
        Tensor pool = Tensor.uniform(rng, -1f, 1f, concat(POOL, sampleShape));
        Backend.setThreads(1);
        Network net = withRandomBiases(build.get());
        float[][] alone = new float[POOL][];
        for (int i = 0; i < POOL; i++) {
            alone[i] = net.predict(rows(pool, i, 1, sampleSize, sampleShape)).toArray();
        }
        for (int threads : new int[] {1, 3}) {
            Backend.setThreads(threads);
            for (int trial = 0; trial < TRIALS; trial++) {
                // Batch sizes spread over 1..POOL, a few at the edges of 8-row tiles and 256-sample passes.
                int batch = switch (trial) {
                    case 0 -> POOL;
                    case 1 -> 257;
                    case 2 -> 9;
                    default -> 1 + rng.nextInt(POOL);
                };
                int from = rng.nextInt(POOL - batch + 1);
                // One forward pass over the whole batch: predict's batch size is the batch's.
                float[] out = net.predict(rows(pool, from, batch, sampleSize, sampleShape), batch).toArray();
                int outSize = alone[0].length;
                for (int r = 0; r < batch; r++) {
                    assertArrayEquals(alone[from + r], Arrays.copyOfRange(out, r * outSize, (r + 1) * outSize),
                            "sample " + (from + r) + " at row " + r + " of a batch of " + batch + " on "
                                    + threads + " thread(s)");
                }
            }
        }
    }

    private static Network withRandomBiases(Network net) {
        Rng rng = new Rng(99);
        for (Parameter p : net.parameters()) {
            if (p.name().equals("bias")) {
                rng.fillUniform(p.value().data(), 0, p.size(), -0.5f, 0.5f);
            }
        }
        return net;
    }

    private static Tensor rows(Tensor x, int from, int count, int sampleSize, int[] sampleShape) {
        return Tensor.wrap(Arrays.copyOfRange(x.data(), from * sampleSize, (from + count) * sampleSize),
                concat(count, sampleShape));
    }

    private static int[] concat(int first, int[] rest) {
        int[] shape = new int[rest.length + 1];
        shape[0] = first;
        System.arraycopy(rest, 0, shape, 1, rest.length);
        return shape;
    }
}
