package dev.nn.spark.example;

import dev.nn.FitOptions;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.core.Backend;
import dev.nn.data.Mnist;
import dev.nn.digits.EmbeddedDigits;
import dev.nn.spark.RoundStats;
import dev.nn.spark.SparkData;
import dev.nn.spark.SparkTrainer;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * The benchmark of training on Spark: the reference MLP on the 8,000 embedded digits, in
 * {@code local[2]} (two partitions, one nn thread per task) with k = 1, 4, 16, 64 steps between
 * averagings, against one process with two nn threads, the same epochs; repeated, alternating.
 * Prints each run's samples/s, test accuracy and, for Spark, the median overhead per round.
 * Options: {@code --epochs N} (3), {@code --repeats N} (3), {@code --k K,K,...}.
 */
public final class SparkBench {
    private SparkBench() {
    }

    /**
     * Runs the benchmark.
     *
     * @param args the options
     * @throws IOException if the embedded digits cannot be read
     */
    public static void main(String[] args) throws IOException {
        int epochs = 3, repeats = 3;
        int[] ks = {1, 4, 16, 64};
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--k" -> ks = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --epochs N, --repeats N, --k K,K,...");
            }
        }
        Mnist digits = EmbeddedDigits.load();
        try (SparkSession session = SparkSession.builder().master("local[2]").appName("nn SparkBench")
                .config("spark.ui.enabled", "false").getOrCreate()) {
            session.sparkContext().setLogLevel("WARN"); // the rounds' lines, not every task's
            SparkData data = SparkData.of(JavaSparkContext.fromSparkContext(session.sparkContext())
                    .parallelize(SparkMnist.samples(digits), 2));
            for (int r = 0; r <= repeats; r++) {
                String run = r == 0 ? "warm-up" : "run " + r;
                oneProcess(digits, epochs, run);
                for (int k : ks) {
                    onSpark(digits, data, epochs, k, run);
                }
            }
        }
    }

    private static void oneProcess(Mnist digits, int epochs, String run) {
        Backend.setThreads(2);
        Network net = SparkMnist.referenceMlp(1);
        long start = System.nanoTime();
        net.fit(digits.train(), new FitOptions().epochs(epochs).batchSize(64).seed(1)
                .optimizer(Optimizer.momentum(0.01f, 0.9f)).verbosity(FitOptions.Verbosity.SILENT));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s one process, 2 threads: %.0f samples/s, test accuracy %.4f%n", run,
                (double) epochs * digits.train().size() / seconds, net.evaluate(digits.test()).accuracy());
    }

    private static void onSpark(Mnist digits, SparkData data, int epochs, int k, String run) {
        Network net = SparkMnist.referenceMlp(1);
        long start = System.nanoTime();
        List<RoundStats> rounds = new SparkTrainer(net, () -> Optimizer.momentum(0.02f, 0.9f)).epochs(epochs)
                .averageEvery(k).seed(1).fit(data);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] overheads = rounds.stream().mapToDouble(RoundStats::overheadSeconds).sorted().toArray();
        double[] training = rounds.stream().mapToDouble(RoundStats::trainingSeconds).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s local[2], k %d: %.0f samples/s, test accuracy %.4f, %d rounds, "
                        + "overhead per round median %.1f ms (%.1f–%.1f), training per round median %.1f ms%n",
                run, k, (double) epochs * digits.train().size() / seconds, net.evaluate(digits.test()).accuracy(),
                rounds.size(), overheads[overheads.length / 2] * 1e3, overheads[0] * 1e3,
                overheads[overheads.length - 1] * 1e3, training[training.length / 2] * 1e3);
    }
}
