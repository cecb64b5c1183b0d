package dev.nn.bench;

import dev.nn.EpochStats;
import dev.nn.FitOptions;
import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.core.Backend;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.Mnist;
import dev.nn.digits.EmbeddedDigits;
import dev.nn.layers.Conv2D;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * End-to-end training and inference throughput of the reference networks, set up as their PyTorch
 * counterpart {@code nn-bench/python/train_bench.py} sets them up: Fashion-MNIST (or, when it is not
 * installed, the embedded MNIST digits), pixels x/255, SGD with learning rate 0.01 and momentum 0.9,
 * softmax cross-entropy on logits, batch 64, a new shuffle every epoch, the last partial batch kept;
 * the epoch time excludes evaluation.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp nn-bench/target/benchmarks.jar dev.nn.bench.TrainBench \
 *     [--model mlp|cnn|all] [--epochs N] [--threads N] [--batch N] [--seed N] [--data DIR|embedded]
 * </pre>
 *
 * Prints, per model: one line per epoch (seconds, samples/s, test accuracy), then inference
 * samples/s at batch 1000 over the test images, and the latency of a single-sample predict.
 */
public final class TrainBench {
    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private TrainBench() {
    }

    public static void main(String[] args) throws IOException {
        String model = "all";
        int epochs = 3, threads = 1, batch = 64;
        long seed = 0;
        Path data = Files.isDirectory(FASHION) ? FASHION : null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--model" -> model = v;
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--threads" -> threads = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--data" -> data = v.equals("embedded") ? null : Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --model mlp|cnn|all, --epochs, --threads, --batch, --seed, --data DIR|embedded");
            }
        }
        if (!List.of("mlp", "cnn", "all").contains(model)) {
            throw new IllegalArgumentException("--model must be mlp, cnn or all, got " + model);
        }
        Backend.setThreads(threads);
        Mnist mnist = data == null ? EmbeddedDigits.load() : Mnist.load(data);
        System.out.printf(Locale.ROOT, "data: %s (%d train, %d test); threads: %d; %s%n",
                data == null ? "embedded MNIST digits" : data, mnist.train().size(), mnist.test().size(),
                Backend.threads(), Backend.description());
        if (!model.equals("cnn")) {
            run("mlp", mlp(seed), mnist, epochs, batch, seed);
        }
        if (!model.equals("mlp")) {
            run("cnn", cnn(seed), mnist, epochs, batch, seed);
        }
    }

    /** 784-128 (ReLU) -10; the ReLU fused into its layer ({@link Dense#withRelu}), the same function. */
    static Network mlp(long seed) {
        return new Network(seed).add(new Flatten()).add(new Dense(784, 128).withRelu()).add(new Dense(128, 10))
                .use(Loss.softmaxCrossEntropy());
    }

    /**
     * conv 1→32 3×3 ReLU, max-pool 2, conv 32→64 3×3 ReLU, max-pool 2, dense 1600→128 ReLU, dense
     * 128→10; the ReLUs and poolings fused into their layers.
     */
    static Network cnn(long seed) {
        return new Network(seed)
                .add(new Conv2D(1, 32, 3).withRelu().withMaxPool(2))
                .add(new Conv2D(32, 64, 3).withRelu().withMaxPool(2))
                .add(new Flatten()).add(new Dense(1600, 128).withRelu()).add(new Dense(128, 10))
                .use(Loss.softmaxCrossEntropy());
    }

    private static void run(String name, Network net, Mnist data, int epochs, int batch, long seed) {
        DataSet test = data.test();
        Optimizer sgd = Optimizer.momentum(0.01f, 0.9f);
        for (int e = 1; e <= epochs; e++) {
            // One fit call per epoch, so that the test accuracy printed is measured after each epoch
            // without counting in the epoch's time; the optimizer's momentum carries over.
            EpochStats s = net.fit(data.train(), new FitOptions().epochs(1).batchSize(batch).seed(seed + e).verbosity(FitOptions.Verbosity.SILENT)
                    .optimizer(sgd)).get(0);
            double accuracy = net.evaluate(test).accuracy();
            System.out.printf(Locale.ROOT, "%s epoch %d/%d: %.3f s, %.0f samples/s, loss %.4f, test accuracy %.4f%n",
                    name, e, epochs, s.seconds(), s.samplesPerSecond(), s.loss(), accuracy);
        }
        System.out.printf(Locale.ROOT, "%s inference, batch 1000: %.0f samples/s (median of 7 passes over %d images)%n",
                name, inferenceRate(net, test.inputs()), test.size());
        System.out.printf(Locale.ROOT, "%s single-sample predict: %.1f µs (median of 7 × 2000 calls, after 2 s of them)%n",
                name, singleSampleMicros(net, test.inputs()));
    }

    private static double inferenceRate(Network net, Tensor images) {
        double[] rates = new double[7];
        net.predict(images, 1000); // warm-up
        for (int r = 0; r < rates.length; r++) {
            long t0 = System.nanoTime();
            net.predict(images, 1000);
            rates[r] = images.dim(0) / ((System.nanoTime() - t0) / 1e9);
        }
        return median(rates);
    }

    /** The least time single-sample predictions run before the timed rounds. */
    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final int SINGLE_SAMPLE_CALLS = 2000;

    private static double singleSampleMicros(Network net, Tensor images) {
        double[] micros = new double[7];
        float sink = 0;
        // Untimed rounds for at least WARM_UP_NANOS: a prediction's small products run nn's scalar
        // twins until a warm-up thread has their vector code compiled, about a second after the
        // first call; the figure is the latency after that (the JVM's first seconds are ColdStart's).
        long warmUpEnd = System.nanoTime() + WARM_UP_NANOS;
        do {
            sink += singleSampleRound(net, images);
        } while (System.nanoTime() < warmUpEnd);
        for (int r = 0; r < micros.length; r++) {
            long t0 = System.nanoTime();
            sink += singleSampleRound(net, images);
            micros[r] = (System.nanoTime() - t0) / 1e3 / SINGLE_SAMPLE_CALLS;
        }
        if (Float.isNaN(sink)) {
            System.out.println("(a prediction was NaN)");
        }
        return median(micros);
    }

    /** SINGLE_SAMPLE_CALLS predictions of one image each; the sum of their first outputs. */
    private static float singleSampleRound(Network net, Tensor images) {
        int[] shape = images.shape();
        shape[0] = 1;
        int size = images.size() / images.dim(0);
        float sum = 0;
        for (int i = 0; i < SINGLE_SAMPLE_CALLS; i++) {
            int image = i % images.dim(0);
            Tensor one = Tensor.wrap(Arrays.copyOfRange(images.data(), image * size, (image + 1) * size), shape);
            sum += net.predict(one).data()[0];
        }
        return sum;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
