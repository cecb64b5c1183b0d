package dev.nn.spark.example;

import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.data.Mnist;
import dev.nn.digits.EmbeddedDigits;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import dev.nn.spark.RoundStats;
import dev.nn.spark.Sample;
import dev.nn.spark.SparkData;
import dev.nn.spark.SparkTrainer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Trains the reference MLP (784-128 ReLU-10) on MNIST digits on Spark, prints each round and the
 * test accuracy, and saves the model. Options: {@code --data DIR} (MNIST IDX files, read on the
 * executors, so at this path on each; default the 8,000 embedded digits, sent from the driver),
 * {@code --partitions N} (default 2), {@code --epochs N} (3), {@code --batch N} (64),
 * {@code --average-every K} ({@link SparkTrainer#DEFAULT_AVERAGE_EVERY}), {@code --lr X} (0.02 ×
 * partitions), {@code --seed N} (1), {@code --save FILE}. The master is spark-submit's, or
 * {@code local[2]} when run without one.
 */
public final class SparkMnist {
    private SparkMnist() {
    }

    /**
     * Runs the example.
     *
     * @param args the options
     * @throws IOException if the data cannot be read or the model cannot be saved
     */
    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        SparkConf conf = new SparkConf().setAppName("nn SparkMnist").setIfMissing("spark.master", "local[2]")
                .setIfMissing("spark.ui.enabled", "false");
        try (SparkSession session = SparkSession.builder().config(conf).getOrCreate()) {
            session.sparkContext().setLogLevel("WARN"); // the rounds' lines, not every task's
            JavaSparkContext spark = JavaSparkContext.fromSparkContext(session.sparkContext());
            Mnist test = EmbeddedDigits.load();
            SparkData train = o.data == null ? SparkData.of(spark.parallelize(samples(test), o.partitions))
                    : SparkData.mnist(spark, o.data, o.partitions);
            Network net = referenceMlp(o.seed);
            float lr = o.lr;
            List<RoundStats> rounds = new SparkTrainer(net, () -> Optimizer.momentum(lr, 0.9f)).epochs(o.epochs)
                    .batchSize(o.batch).averageEvery(o.averageEvery).seed(o.seed).onRound(System.out::println).fit(train);
            double seconds = rounds.stream().mapToDouble(RoundStats::seconds).sum();
            double training = rounds.stream().mapToDouble(RoundStats::trainingSeconds).sum();
            long samples = rounds.stream().mapToLong(RoundStats::samples).sum();
            System.out.printf(Locale.ROOT, "%d rounds in %.2f s (%.2f s training): %.0f samples/s; test accuracy %.4f "
                    + "(the embedded 2,000 test digits)%n", rounds.size(), seconds, training, samples / seconds,
                    net.evaluate(test.test()).accuracy());
            if (o.save != null) {
                net.save(Path.of(o.save));
                System.out.println("saved " + o.save);
            }
        }
    }

    /** The reference MLP of nn's benchmarks: 784-128 ReLU-10, softmax cross-entropy. */
    static Network referenceMlp(long seed) {
        return new Network(seed).add(new Flatten()).add(new Dense(784, 128).withRelu()).add(new Dense(128, 10))
                .use(Loss.softmaxCrossEntropy());
    }

    /** The embedded training digits as samples. */
    static List<Sample> samples(Mnist digits) {
        float[] x = digits.train().inputs().data();
        float[] y = digits.train().targets().data();
        int n = digits.train().size();
        List<Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = 0;
            while (y[i * 10 + label] != 1f) {
                label++;
            }
            samples.add(new Sample(Arrays.copyOfRange(x, i * 784, (i + 1) * 784), label));
        }
        return samples;
    }

    /** The command-line options. */
    private static final class Options {
        String data;
        String save;
        int partitions = 2;
        int epochs = 3;
        int batch = 64;
        int averageEvery = SparkTrainer.DEFAULT_AVERAGE_EVERY;
        long seed = 1;
        float lr = Float.NaN;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--data" -> o.data = v;
                    case "--save" -> o.save = v;
                    case "--partitions" -> o.partitions = Integer.parseInt(v);
                    case "--epochs" -> o.epochs = Integer.parseInt(v);
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--average-every" -> o.averageEvery = Integer.parseInt(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--lr" -> o.lr = Float.parseFloat(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --data DIR, "
                            + "--partitions N, --epochs N, --batch N, --average-every K, --lr X, --seed N, --save FILE");
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("option " + args[args.length - 1] + " has no value");
            }
            if (Float.isNaN(o.lr)) {
                o.lr = 0.02f * o.partitions; // averaging P copies moves the weights about 1/P as far
            }
            return o;
        }
    }
}
