package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.layers.Activation;
import dev.nn.layers.AvgPool2D;
import dev.nn.layers.BatchNorm;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Dropout;
import dev.nn.layers.Flatten;
import dev.nn.layers.GlobalAvgPool2D;
import dev.nn.layers.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** One Network shared by many threads: predictions exact, training undisturbed, misuse refused. */
class ConcurrentInferenceTest {
    private static final int THREADS = 8;

    static Network mlp() {
        return new Network(3).add(new Dense(20, 32).withRelu()).add(new Dropout(0.2f)).add(new Dense(32, 5))
                .use(Loss.softmaxCrossEntropy());
    }

    static Network cnn() {
        return new Network(4).add(new Conv2D(2, 16, 3).withRelu().withMaxPool(2)).add(new Conv2D(16, 16, 3).withRelu())
                .add(new Flatten()).add(new Dense(16, 4)).use(Loss.softmaxCrossEntropy());
    }

    /** A CNN whose BatchNorm layers' running statistics, shared by the inference twins, were trained away from 0 and 1. */
    static Network batchNormCnn() {
        Network net = new Network(5).add(new Conv2D(2, 8, 3)).add(new BatchNorm(8)).add(new AvgPool2D(2))
                .add(new GlobalAvgPool2D()).add(new Dense(8, 4)).add(new BatchNorm(4)).use(Loss.softmaxCrossEntropy());
        for (int step = 0; step < 2; step++) {
            net.trainBatch(Tensor.uniform(new Rng(step), 0f, 2f, 6, 2, 8, 8), Tensor.uniform(new Rng(9), 0f, 1f, 6, 4),
                    Optimizer.sgd(0.1f));
        }
        return net;
    }

    @Test
    void eightThreadsPredictingAtOnceEachGetExactlyTheSingleThreadedResult() throws Exception {
        for (Network net : List.of(mlp(), cnn(), batchNormCnn())) {
            boolean dense = net.layers().get(0) instanceof Dense;
            List<Tensor> inputs = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                // Batch sizes differ between calls, so that the threads' buffers keep changing shape.
                int n = 1 + i * 7;
                Tensor x = dense ? Tensor.uniform(new Rng(i), -1f, 1f, n, 20) : Tensor.uniform(new Rng(i), -1f, 1f, n, 2, 8, 8);
                inputs.add(x);
                expected.add(net.predict(x, 13).toArray());
            }
            AtomicInteger mismatches = new AtomicInteger(), calls = new AtomicInteger();
            runTogether(THREADS, t -> {
                for (int k = 0; k < 60; k++) {
                    int i = (t * 5 + k) % inputs.size();
                    if (!java.util.Arrays.equals(expected.get(i), net.predict(inputs.get(i), 13).toArray())) {
                        mismatches.incrementAndGet();
                    }
                    calls.incrementAndGet();
                }
            });
            assertEquals(THREADS * 60, calls.get());
            assertEquals(0, mismatches.get(), "predictions of " + net.layers() + " differ from the single-threaded ones");
        }
    }

    @Test
    void evaluateFromManyThreadsGivesTheSingleThreadedFigures() throws Exception {
        Network net = mlp();
        DataSet data = ModelFileTest.smallProblemOf(300, 20, 5, 9);
        Evaluation expected = net.evaluate(data);
        AtomicInteger mismatches = new AtomicInteger();
        runTogether(THREADS, t -> {
            for (int k = 0; k < 20; k++) {
                if (!net.evaluate(data).equals(expected)) {
                    mismatches.incrementAndGet();
                }
            }
        });
        assertEquals(0, mismatches.get());
    }

    /** An MLP with BatchNorm, whose running statistics move at every training batch. */
    static Network batchNormMlp() {
        return new Network(6).add(new Dense(20, 32)).add(new BatchNorm(32)).add(new Activation(Activation.Kind.RELU))
                .add(new Dense(32, 5)).use(Loss.softmaxCrossEntropy());
    }

    @Test
    void predictingWhileTrainingNeitherFailsNorChangesTheTraining() throws Exception {
        for (Supplier<Network> build : List.<Supplier<Network>>of(ConcurrentInferenceTest::mlp,
                ConcurrentInferenceTest::batchNormMlp)) {
            DataSet train = ModelFileTest.smallProblemOf(512, 20, 5, 1);
            Network quiet = build.get();
            quiet.fit(train, new FitOptions().epochs(3).batchSize(16).optimizer(Optimizer.adam(0.01f)));

            Network busy = build.get();
            Tensor probe = train.slice(0, 64).inputs();
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger predictions = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                readers.add(pool.submit(() -> {
                    while (!done.get()) {
                        Tensor y = busy.predict(probe);
                        assertEquals(64 * 5, y.size());
                        for (float v : y.data()) {
                            assertTrue(Float.isFinite(v), "a prediction during training is not finite");
                        }
                        predictions.incrementAndGet();
                    }
                    return null;
                }));
            }
            try {
                busy.fit(train, new FitOptions().epochs(3).batchSize(16).optimizer(Optimizer.adam(0.01f)));
            } finally {
                done.set(true);
                for (Future<?> f : readers) {
                    f.get();
                }
                pool.shutdown();
            }
            assertTrue(predictions.get() > 0, "no prediction ran during training of " + busy.layers());
            ModelFileTest.assertParametersEqual(quiet, busy);
            // In inference mode BatchNorm uses its running statistics, so this compares them too.
            assertArrayEquals(quiet.predict(probe).toArray(), busy.predict(probe).toArray(), busy.layers().toString());
        }
    }

    @Test
    void aSecondTrainerFailsAtOnce() throws Exception {
        Network net = mlp();
        DataSet train = ModelFileTest.smallProblemOf(4096, 20, 5, 2);
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> first = pool.submit(() -> net.fit(train, new FitOptions().epochs(50).batchSize(8)
                .onEpoch(s -> started.countDown())));
        started.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.fit(train, new FitOptions()));
        assertTrue(e.getMessage().contains("already training on thread"), e.getMessage());
        first.get();
        pool.shutdown();
        net.fit(train, new FitOptions()); // free again
    }

    @Test
    void aLayerThatCannotShareMakesPredictionsFailAtOnceDuringTraining() throws Exception {
        Layer unshared = CustomLayers.identity("Unshared");
        Network net = new Network().add(new Dense(20, 5)).add(unshared).use(Loss.softmaxCrossEntropy());
        DataSet train = ModelFileTest.smallProblemOf(4096, 20, 5, 3);
        Tensor probe = train.slice(0, 4).inputs();
        float[] before = net.predict(probe).toArray(); // works when nothing trains
        CountDownLatch started = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> fit = pool.submit(() -> net.fit(train, new FitOptions().epochs(50).batchSize(8)
                .onEpoch(s -> started.countDown())));
        started.await();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> net.predict(probe));
        assertTrue(e.getMessage().contains("is training"), e.getMessage());
        fit.get();
        pool.shutdown();
        assertFalse(java.util.Arrays.equals(before, net.predict(probe).toArray()));
    }

    @Test
    void aCopyIsIndependent() {
        Network original = mlp();
        DataSet train = ModelFileTest.smallProblemOf(128, 20, 5, 4);
        original.fit(train, new FitOptions().epochs(1).optimizer(Optimizer.adam(0.01f)));
        Network copy = original.copy();
        Tensor probe = train.slice(0, 16).inputs();
        assertArrayEquals(original.predict(probe).toArray(), copy.predict(probe).toArray());
        ModelFileTest.assertParametersEqual(original, copy);
        float[] originalBefore = original.predict(probe).toArray();

        copy.fit(train, new FitOptions().epochs(1));
        assertArrayEquals(originalBefore, original.predict(probe).toArray(), "training the copy changed the original");
        // The copy went on with the original's optimizer state and training order: as the original would.
        original.fit(train, new FitOptions().epochs(1));
        ModelFileTest.assertParametersEqual(original, copy);
    }

    @FunctionalInterface
    interface Work {
        void run(int thread) throws Exception;
    }

    /** Runs work on n threads started together; rethrows the first failure. */
    static void runTogether(int n, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            int thread = t;
            futures.add(pool.submit(() -> {
                go.await();
                work.run(thread);
                return null;
            }));
        }
        go.countDown();
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
    }
}
