package dev.nn.spark;

import dev.nn.data.Csv;
import dev.nn.data.Mnist;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Training data for {@link SparkTrainer}, partitioned as Spark holds it: every partition trains
 * a copy of the network on its own samples. Made from a {@code Dataset<Row>}, an RDD of
 * {@link Sample}s, or files that each executor reads its share of.
 *
 * <p>Nothing is read until training starts; then each partition's samples are checked (the same
 * number of features, every value finite, labels that are class indices: the error names the
 * partition and the sample) and packed once, and kept in memory for every round. Partitions of
 * about equal size train best: each takes the same number of steps per round, so a small one
 * goes through its samples more often.
 */
public final class SparkData {
    // Makes a new RDD of the blocks for each training, whose lineage that training cuts.
    private final Supplier<JavaRDD<SampleBlock>> blocks;

    private SparkData(Supplier<JavaRDD<SampleBlock>> blocks) {
        this.blocks = blocks;
    }

    /**
     * The samples of an RDD, in its partitions.
     *
     * @param samples the samples
     * @return the training data
     */
    public static SparkData of(JavaRDD<Sample> samples) {
        return new SparkData(() -> samples.mapPartitionsWithIndex((partition, it) -> {
            SampleBlock.Builder block = new SampleBlock.Builder(partition);
            while (it.hasNext()) {
                Sample s = it.next();
                block.add(s.features(), s.label());
            }
            return List.of(block.build()).iterator();
        }, true));
    }

    /**
     * The rows of a data set, in its partitions: a features column, an ml
     * {@link org.apache.spark.ml.linalg.Vector} (what {@code VectorAssembler} makes) or an array of
     * float or double, and a numeric label column of class indices from 0.
     *
     * @param rows the data set
     * @param featuresColumn the features column's name
     * @param labelColumn the label column's name
     * @return the training data
     * @throws IllegalArgumentException if a column is missing (the message lists the columns
     *     there are) or of a type that does not fit
     */
    public static SparkData of(Dataset<Row> rows, String featuresColumn, String labelColumn) {
        RowPartition packing = RowPartition.of(rows.schema(), featuresColumn, labelColumn);
        JavaRDD<Row> selected = rows.select(featuresColumn, labelColumn).javaRDD();
        return new SparkData(() -> selected.mapPartitionsWithIndex(packing, true));
    }

    /**
     * The training images and labels of MNIST-format IDX files ({@code train-images-idx3-ubyte}
     * and {@code train-labels-idx1-ubyte}, raw or {@code .gz}, as {@link Mnist#load} reads them:
     * pixels scaled to [0, 1]), read on the executors: each partition reads the files and keeps its
     * share. The directory must be readable at this path on every executor (a shared file
     * system, or the same copy on each machine).
     *
     * @param spark the Spark context
     * @param directory the directory of the IDX files, as the executors see it
     * @param partitions how many partitions to split the samples into
     * @return the training data
     * @throws IllegalArgumentException if partitions is below 1
     */
    public static SparkData mnist(JavaSparkContext spark, String directory, int partitions) {
        return ofFiles(spark, () -> Mnist.load(Path.of(directory)).train(), partitions);
    }

    /**
     * The rows of a CSV file with a header, as {@link Csv#read} reads it: every column but the
     * class column is a feature, and the class column's labels, sorted, are the classes 0, 1, ….
     * Read on the executors, each partition keeping its share, so the file must be readable at this
     * path on every executor.
     *
     * @param spark the Spark context
     * @param file the CSV file, as the executors see it
     * @param classColumn the name of the column of class labels
     * @param partitions how many partitions to split the samples into
     * @return the training data
     * @throws IllegalArgumentException if partitions is below 1
     */
    public static SparkData csv(JavaSparkContext spark, String file, String classColumn, int partitions) {
        return ofFiles(spark, () -> Csv.withHeader().classColumn(classColumn).read(Path.of(file)).data(), partitions);
    }

    private static SparkData ofFiles(JavaSparkContext spark, FilePartition.Reader reader, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("the partition count must be at least 1, got " + partitions);
        }
        List<Integer> indices = IntStream.range(0, partitions).boxed().toList();
        return new SparkData(() -> spark.parallelize(indices, partitions)
                .mapPartitionsWithIndex(new FilePartition(reader, partitions), true));
    }

    /** A new RDD of one block of samples per partition. */
    JavaRDD<SampleBlock> blocks() {
        return blocks.get();
    }
}
