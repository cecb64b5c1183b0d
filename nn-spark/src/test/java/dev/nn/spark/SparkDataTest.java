package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.data.Mnist;
import dev.nn.digits.EmbeddedDigits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way in gives the same training as an RDD of the same samples in the same partitions. */
class SparkDataTest {
    private static List<Sample> samples;

    @BeforeAll
    static void load() throws IOException {
        samples = LocalSpark.samples(EmbeddedDigits.load().train()).subList(0, 1000);
    }

    @Test
    void aDatasetOfVectorsTrainsAsTheSameSamples() {
        StructType schema = new StructType().add("label", DataTypes.IntegerType).add("pixels", new VectorUDT());
        List<Row> rows = new ArrayList<>();
        for (Sample s : samples) {
            double[] values = new double[s.features().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = s.features()[i];
            }
            rows.add(RowFactory.create(s.label(), Vectors.dense(values)));
        }
        Dataset<Row> data = LocalSpark.session().createDataFrame(rows, schema).coalesce(1);
        assertArrayEquals(trained(SparkData.of(LocalSpark.context().parallelize(samples, 1))),
                trained(SparkData.of(data, "pixels", "label")));
    }

    @Test
    void aDatasetOfFloatArraysTrainsAsTheSameSamples() {
        StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType))
                .add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (Sample s : samples) {
            Float[] values = new Float[s.features().length];
            for (int i = 0; i < values.length; i++) {
                values[i] = s.features()[i];
            }
            rows.add(RowFactory.create(values, (double) s.label()));
        }
        Dataset<Row> data = LocalSpark.session().createDataFrame(rows, schema).coalesce(1);
        assertArrayEquals(trained(SparkData.of(LocalSpark.context().parallelize(samples, 1))),
                trained(SparkData.of(data, "features", "label")));
    }

    @Test
    void idxFilesReadOnTheExecutorsTrainAsTheSameSamples(@TempDir Path directory) throws IOException {
        for (String name : List.of("train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz",
                "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz")) {
            try (InputStream in = EmbeddedDigits.class.getResourceAsStream("mnist-10k/" + name)) {
                Files.copy(in, directory.resolve(name));
            }
        }
        Mnist files = Mnist.load(directory);
        List<Sample> all = LocalSpark.samples(files.train());
        // Partition p of 2 holds samples p·n/2 to (p+1)·n/2, as parallelize splits a list.
        assertArrayEquals(trained(SparkData.of(LocalSpark.context().parallelize(all, 2))),
                trained(SparkData.mnist(LocalSpark.context(), directory.toString(), 2)));
    }

    @Test
    void aCsvFileReadOnTheExecutorsTrainsAsTheSameSamples(@TempDir Path directory) throws IOException {
        StringBuilder csv = new StringBuilder("a,b,kind\n");
        List<Sample> expected = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            float a = (i % 17) / 17f, b = (i % 5) / 5f;
            String kind = a > b ? "high" : "low";  // sorted: high is class 0, low class 1
            csv.append(a).append(',').append(b).append(',').append(kind).append('\n');
            expected.add(new Sample(new float[] {a, b}, a > b ? 0 : 1));
        }
        Path file = directory.resolve("points.csv");
        Files.writeString(file, csv);
        assertArrayEquals(trainedSmall(SparkData.of(LocalSpark.context().parallelize(expected, 3))),
                trainedSmall(SparkData.csv(LocalSpark.context(), file.toString(), "kind", 3)));
    }

    private static float[] trained(SparkData data) {
        Network net = LocalSpark.referenceMlp(5);
        new SparkTrainer(net, () -> Optimizer.momentum(0.01f, 0.9f)).averageEvery(4).seed(2).fit(data);
        return NetworkState.of(net, null).values();
    }

    private static float[] trainedSmall(SparkData data) {
        Network net = new Network(5).add(new dev.nn.layers.Dense(2, 8).withRelu()).add(new dev.nn.layers.Dense(8, 2))
                .use(dev.nn.Loss.softmaxCrossEntropy());
        new SparkTrainer(net, () -> Optimizer.sgd(0.1f)).batchSize(16).averageEvery(2).epochs(2).fit(data);
        return NetworkState.of(net, null).values();
    }
}
