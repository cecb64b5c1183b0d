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
 * Options: {@code --epochs N} (3), {@code --repeats N} (3), {@code --k K,K,...} (1,4,16,64),
 * {@code --states S,S} (the optimizer states, AVERAGED,RESET), {@code --lr X} (one process's
 * learning rate, 0.01; Spark's is X times the 2 partitions), {@code --seed N} (1: the networks'
 * initialization and the training order).
 */
public final class SparkBench {
    private static final int PARTITIONS = 2;

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
        List<SparkTrainer.OptimizerState> states = List.of(SparkTrainer.OptimizerState.values());
        float rate = 0.01f;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--epochs" -> epochs = Integer.parseInt(args[i + 1]);
                case "--repeats" -> repeats = Integer.parseInt(args[i + 1]);
                case "--k" -> ks = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--states" -> states = Arrays.stream(args[i + 1].split(",")).map(SparkTrainer.OptimizerState::valueOf).toList();
                case "--lr" -> rate = Float.parseFloat(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --epochs N, --repeats N, --k K,K,..., --states AVERAGED,RESET, --lr X, --seed N");
            }
        }
        Mnist digits = EmbeddedDigits.load();
        try (SparkSession session = SparkSession.builder().master("local[2]").appName("nn SparkBench")
                .config("spark.ui.enabled", "false").getOrCreate()) {
            session.sparkContext().setLogLevel("WARN"); // the rounds' lines, not every task's
            SparkData data = SparkData.of(JavaSparkContext.fromSparkContext(session.sparkContext())
                    .parallelize(SparkMnist.samples(digits), PARTITIONS));
            for (int r = 0; r <= repeats; r++) {
                String run = r == 0 ? "warm-up" : "run " + r;
                oneProcess(digits, epochs, rate, seed, run);
                for (SparkTrainer.OptimizerState state : states) {
                    for (int k : ks) {
                        onSpark(digits, data, new Setting(epochs, k, state, rate * PARTITIONS, seed), run);
                    }
                }
            }
        }
    }

    /** One Spark run's settings. */
    private record Setting(int epochs, int k, SparkTrainer.OptimizerState state, float learningRate, long seed) {
    }

    private static void oneProcess(Mnist digits, int epochs, float rate, long seed, String run) {
        Backend.setThreads(2);
        Network net = SparkMnist.referenceMlp(seed);
        long start = System.nanoTime();
        net.fit(digits.train(), new FitOptions().epochs(epochs).batchSize(64).seed(seed)
                .optimizer(Optimizer.momentum(rate, 0.9f)).verbosity(FitOptions.Verbosity.SILENT));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s one process, 2 threads, lr %s: %.0f samples/s, test accuracy %.4f%n", run, rate,
                (double) epochs * digits.train().size() / seconds, net.evaluate(digits.test()).accuracy());
    }

    private static void onSpark(Mnist digits, SparkData data, Setting s, String run) {
        Network net = SparkMnist.referenceMlp(s.seed());
        float rate = s.learningRate();
        long start = System.nanoTime();
        List<RoundStats> rounds = new SparkTrainer(net, () -> Optimizer.momentum(rate, 0.9f)).epochs(s.epochs())
                .averageEvery(s.k()).optimizerState(s.state()).seed(s.seed()).fit(data);
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] overheads = rounds.stream().mapToDouble(RoundStats::overheadSeconds).sorted().toArray();
        double[] training = rounds.stream().mapToDouble(RoundStats::trainingSeconds).sorted().toArray();
        System.out.printf(Locale.ROOT, "%s local[2], k %d, optimizer state %s, lr %s: %.0f samples/s, test accuracy %.4f, "
                        + "%d rounds, overhead per round median %.1f ms (%.1f–%.1f), training per round median %.1f ms%n",
                run, s.k(), s.state(), rate, (double) s.epochs() * digits.train().size() / seconds, net.evaluate(digits.test()).accuracy(),
                rounds.size(), overheads[overheads.length / 2] * 1e3, overheads[0] * 1e3,
                overheads[overheads.length - 1] * 1e3, training[training.length / 2] * 1e3);
    }
}
