/**
 * Data-parallel training of an nn {@link dev.nn.Network} on Apache Spark, by parameter averaging.
 *
 * <p>{@link dev.nn.spark.SparkTrainer} trains a network built on the driver: each round it
 * broadcasts the weights, every partition of a {@link dev.nn.spark.SparkData} trains a copy for
 * a few mini-batch steps with nn's kernels, and the driver averages the copies' weights in
 * partition order. The trained network stays on the driver, ready for
 * {@link dev.nn.Network#save}. {@link dev.nn.spark.SparkData} takes a {@code Dataset<Row>}, an RDD
 * of {@link dev.nn.spark.Sample}s, or MNIST IDX and CSV files read on the executors.
 *
 * <p>Uses nn-layers and Spark (core, SQL, and mllib-local for its vector type), which the cluster
 * provides. Every JVM, driver and executors, needs {@code --add-modules=jdk.incubator.vector
 * --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow}: see
 * {@code docs/spark.md}.
 */
package dev.nn.spark;
