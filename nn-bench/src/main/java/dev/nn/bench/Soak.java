package dev.nn.bench;

import dev.nn.FitOptions;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.core.Backend;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.Mnist;
import dev.nn.digits.EmbeddedDigits;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A soak test of the pattern a service uses: one network trains for many epochs while threads
 * serve predictions from a copy. After every epoch it prints the heap in use after a full
 * collection, which must stay flat, and the predictions served and how many differed from the
 * copy's single-threaded answers, which must be none. Exits with status 1 on a mismatch or a heap
 * that grew more than 5 % from the first epoch's.
 *
 * <pre>
 * java --add-modules=jdk.incubator.vector -cp nn-bench/target/benchmarks.jar dev.nn.bench.Soak \
 *     [--epochs N] [--predictors N] [--model mlp|cnn] [--data DIR|embedded]
 * </pre>
 */
public final class Soak {
    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        int epochs = 30, predictors = 8;
        String model = "mlp";
        Path data = null;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + args[i] + " needs a value");
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(v);
                case "--predictors" -> predictors = Integer.parseInt(v);
                case "--model" -> model = v;
                case "--data" -> data = v.equals("embedded") ? null : Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --epochs N, --predictors N, --model mlp|cnn, --data DIR|embedded");
            }
        }
        Mnist mnist = load(data);
        Network training = switch (model) {
            case "mlp" -> TrainBench.mlp(0);
            case "cnn" -> TrainBench.cnn(0);
            default -> throw new IllegalArgumentException("--model must be mlp or cnn, got " + model);
        };
        Network served = training.copy();
        DataSet probe = mnist.test().slice(0, 500);
        Tensor[] batches = new Tensor[10];
        float[][] expected = new float[batches.length][];
        for (int b = 0; b < batches.length; b++) {
            batches[b] = probe.slice(b * 50, b * 50 + 50).inputs();
            expected[b] = served.predict(batches[b]).toArray();
        }
        System.out.printf(Locale.ROOT, "soak: %s, %d epochs of %d samples, %d threads predicting from a copy; %s%n",
                model, epochs, mnist.train().size(), predictors, Backend.description());

        AtomicBoolean done = new AtomicBoolean();
        AtomicLong served0 = new AtomicLong(), mismatches = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < predictors; t++) {
            int first = t;
            Thread thread = new Thread(() -> {
                for (int k = first; !done.get(); k++) {
                    int b = k % batches.length;
                    if (!Arrays.equals(expected[b], served.predict(batches[b]).toArray())) {
                        mismatches.incrementAndGet();
                    }
                    served0.incrementAndGet();
                }
            }, "predictor-" + t);
            thread.start();
            threads.add(thread);
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] heap = new long[epochs];
        int[] epoch = {0};
        try {
            training.fit(mnist.train(), new FitOptions().epochs(epochs).batchSize(64).optimizer(Optimizer.momentum(0.01f, 0.9f))
                    .verbosity(FitOptions.Verbosity.SILENT)
                    .onEpoch(s -> {
                        System.gc();
                        heap[epoch[0]] = memory.getHeapMemoryUsage().getUsed();
                        System.out.printf(Locale.ROOT, "epoch %2d  loss %.4f  %.2f s  heap after GC %6.1f MiB  "
                                + "predictions %d  mismatched %d%n", s.epoch(), s.loss(), s.seconds(),
                                heap[epoch[0]] / 1048576.0, served0.get(), mismatches.get());
                        epoch[0]++;
                    }));
        } finally {
            done.set(true);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        long min = Arrays.stream(heap).min().orElseThrow(), max = Arrays.stream(heap).max().orElseThrow();
        double growth = (double) heap[epochs - 1] / heap[0] - 1;
        System.out.printf(Locale.ROOT, "heap after GC: %.1f–%.1f MiB over the epochs, last/first %+.1f %%; "
                + "%d predictions, %d mismatched%n", min / 1048576.0, max / 1048576.0, 100 * growth, served0.get(),
                mismatches.get());
        if (mismatches.get() > 0 || growth > 0.05) {
            System.exit(1);
        }
    }

    private static Mnist load(Path data) throws IOException {
        return data == null ? EmbeddedDigits.load() : Mnist.load(data);
    }
}
