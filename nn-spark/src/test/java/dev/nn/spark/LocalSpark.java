package dev.nn.spark;

import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.data.DataSet;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/** The tests' one Spark session, local[2] as in CI, started once per test JVM; and their data. */
final class LocalSpark {
    private static SparkSession session;

    private LocalSpark() {
    }

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("nn-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .config("spark.sql.shuffle.partitions", "2")
                    .getOrCreate();
        }
        return session;
    }

    static JavaSparkContext context() {
        return JavaSparkContext.fromSparkContext(session().sparkContext());
    }

    /** The reference MLP (nn-bench's TrainBench): 784-128 ReLU-10, softmax cross-entropy. */
    static Network referenceMlp(long seed) {
        return new Network(seed).add(new Flatten()).add(new Dense(784, 128).withRelu()).add(new Dense(128, 10))
                .use(Loss.softmaxCrossEntropy());
    }

    /** The data set's samples, flat, with their classes (the index of each one-hot target's 1). */
    static List<Sample> samples(DataSet data) {
        int n = data.size();
        int features = data.inputs().size() / n;
        int classes = data.targets().size() / n;
        List<Sample> samples = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int label = 0;
            for (int c = 0; c < classes; c++) {
                if (data.targets().data()[i * classes + c] == 1f) {
                    label = c;
                }
            }
            samples.add(new Sample(Arrays.copyOfRange(data.inputs().data(), i * features, (i + 1) * features), label));
        }
        return samples;
    }
}
