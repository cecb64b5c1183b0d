package dev.nn.spark;

import dev.nn.Network;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;

/**
 * Trains a network on Spark by parameter averaging: each round the driver broadcasts the weights,
 * every partition of the data trains a copy of the network for {@link #averageEvery k} mini-batch
 * steps on its own samples with nn's kernels, and the driver averages the copies' weights (and
 * batch normalizations' running statistics) into the network.
 *
 * <pre>{@code
 * Network net = new Network(42).add(new Dense(784, 128).withRelu()).add(new Dense(128, 10))
 *         .use(Loss.softmaxCrossEntropy());
 * List<RoundStats> rounds = new SparkTrainer(net, () -> Optimizer.momentum(0.04f, 0.9f)) // 0.02 × 2 partitions
 *         .epochs(3).batchSize(64).fit(SparkData.of(rows, "features", "label"));
 * net.save(Path.of("mnist.safetensors"));
 * }</pre>
 *
 * <p><b>Optimizer state</b> (momentum's velocity; Adam's moment estimates and step count) is
 * averaged like the weights by default: each round's optimizers start from the average of the
 * previous round's, so that velocities and moments build up over the whole training and Adam's
 * step count goes on (with one partition, exactly as one optimizer's). {@link #optimizerState} can reset
 * it instead, each partition's k steps then starting a new optimizer (for an optimizer that is not
 * one of nn's, which cannot give out its state); that costs accuracy at small k.
 *
 * <p><b>Reproducible</b>: the same network, data (in the same partitions), settings and seed give
 * bit-identical weights run after run. Each partition's order of samples and dropout masks come
 * from (seed, pass or round, partition), the results are collected in partition order whichever
 * task finishes first, and the average is summed in that order; nn's kernels give the same bits
 * for any thread count.
 *
 * <p><b>Threads</b>: each task trains with {@code spark.task.cpus} of nn's kernel threads; the
 * trainer sets nn's thread count ({@link dev.nn.core.Backend#setThreads}) on each executor to it
 * (in local mode, on the driver too). nn's thread pool is one per JVM, so with more than one
 * thread per task give each executor {@code spark.task.cpus} cores, one task at a time.
 * Speculative execution is refused: with synchronous rounds every task is on the critical path,
 * and a second copy of one only takes cores from the others.
 *
 * <p>Epochs: partition p takes its samples in a new shuffled order each pass over them, and every
 * step takes a full batch, the next pass's first samples completing a pass's last batch. An epoch
 * is the rounds it takes the largest partition to pass over its samples once.
 *
 * <p>The network must not be used elsewhere while {@link #fit} trains it.
 */
public final class SparkTrainer {
    /**
     * Steps each partition takes between two averagings unless {@link #averageEvery} says
     * otherwise: chosen by measurement (nn-bench/HISTORY.md), as the accuracy of the reference MLP
     * stays that of one process while Spark's overhead per round falls to a small part of it.
     */
    public static final int DEFAULT_AVERAGE_EVERY = 64;

    /** What each round's optimizers start from. */
    public enum OptimizerState {
        /** The average of the previous round's optimizers' states, in partition order: the default. */
        AVERAGED,
        /** A new optimizer's state (zero velocities and moments, step count 0), every round. */
        RESET
    }

    private final Network network;
    private final OptimizerFactory optimizer;
    private int epochs = 1;
    private int batchSize = 64;
    private int averageEvery = DEFAULT_AVERAGE_EVERY;
    private long seed;
    private int[] inputShape;
    private OptimizerState optimizerState = OptimizerState.AVERAGED;
    private Consumer<RoundStats> onRound = stats -> { };

    /**
     * A trainer of the network, built on the driver with its loss, with the optimizer the factory
     * makes (on the executors, one per partition and round).
     *
     * @param network the network, whose weights are the starting point and, after {@link #fit},
     *     the result
     * @param optimizer makes the optimizer, e.g. {@code () -> Optimizer.momentum(0.01f, 0.9f)}
     * @throws IllegalArgumentException if either is null
     */
    public SparkTrainer(Network network, OptimizerFactory optimizer) {
        if (network == null || optimizer == null) {
            throw new IllegalArgumentException((network == null ? "the network" : "the optimizer factory") + " is null");
        }
        this.network = network;
        this.optimizer = optimizer;
    }

    /**
     * How many epochs to train for, 1 unless set.
     *
     * @param value at least 1
     * @return this trainer
     * @throws IllegalArgumentException if value is below 1
     */
    public SparkTrainer epochs(int value) {
        epochs = atLeastOne(value, "epochs");
        return this;
    }

    /**
     * Samples per step in each partition, 64 unless set.
     *
     * @param value at least 1
     * @return this trainer
     * @throws IllegalArgumentException if value is below 1
     */
    public SparkTrainer batchSize(int value) {
        batchSize = atLeastOne(value, "batch size");
        return this;
    }

    /**
     * k: the steps each partition takes between two averagings, {@link #DEFAULT_AVERAGE_EVERY}
     * unless set. Each round costs Spark tens of milliseconds besides the training, so a k that is
     * too small leaves the cores idle; one that is too large lets the copies drift apart.
     *
     * @param steps at least 1
     * @return this trainer
     * @throws IllegalArgumentException if steps is below 1
     */
    public SparkTrainer averageEvery(int steps) {
        averageEvery = atLeastOne(steps, "steps between averagings");
        return this;
    }

    /**
     * The seed of the partitions' orders of samples and of dropout masks, 0 unless set.
     *
     * @param value the seed
     * @return this trainer
     */
    public SparkTrainer seed(long value) {
        seed = value;
        return this;
    }

    /**
     * The shape one sample's features are given to the network in, e.g. {@code (1, 28, 28)} for a
     * convolutional network on flat MNIST rows; unless set, a flat vector of the features.
     *
     * @param sampleShape the shape, whose size must be the number of features
     * @return this trainer
     * @throws IllegalArgumentException if a dimension is below 1
     */
    public SparkTrainer inputShape(int... sampleShape) {
        for (int d : sampleShape) {
            atLeastOne(d, "input dimension in " + Arrays.toString(sampleShape));
        }
        inputShape = sampleShape.clone();
        return this;
    }

    /**
     * What each round's optimizers start from: the previous round's states averaged
     * ({@link OptimizerState#AVERAGED}, the default: chosen by measurement, see docs/spark.md), or a
     * new optimizer's ({@link OptimizerState#RESET}). Averaging sends the state with the weights,
     * so a round moves twice the bytes with momentum and three times with Adam.
     *
     * @param value averaged or reset
     * @return this trainer
     * @throws IllegalArgumentException if value is null
     */
    public SparkTrainer optimizerState(OptimizerState value) {
        if (value == null) {
            throw new IllegalArgumentException("the optimizer state choice is null: AVERAGED or RESET");
        }
        optimizerState = value;
        return this;
    }

    /**
     * Called on the driver after each round with its figures, e.g. {@code System.out::println}.
     *
     * @param listener the listener
     * @return this trainer
     */
    public SparkTrainer onRound(Consumer<RoundStats> listener) {
        onRound = listener == null ? stats -> { } : listener;
        return this;
    }

    /**
     * Trains the network on the data; the network then holds the averaged weights of the last
     * round, ready for {@link Network#save}. Before the first round, the driver checks the data's
     * summary against the network and trains one step on a copy of the network, so that what
     * would fail in every task fails here, by an exception that says what is wrong.
     *
     * @param data the training data
     * @return the figures of every round, in order
     * @throws IllegalArgumentException if the data has no samples, partitions hold samples of
     *     different lengths, the samples do not fit the network's input or the input shape, a label
     *     is not below the network's number of outputs, the optimizer factory fails, makes null or
     *     cannot be serialized, or a sample is malformed (the message names its partition and index
     *     in it; it arrives wrapped in Spark's exception when found on an executor, a
     *     {@code org.apache.spark.SparkException}, as is any failure of a task, e.g. training that
     *     runs into a NaN)
     * @throws IllegalStateException if the Spark configuration turns on speculative execution, the
     *     network has no loss (or one that does not fit its last layer), or the optimizer state is
     *     averaged and the optimizer is not one of nn's
     */
    public List<RoundStats> fit(SparkData data) {
        JavaRDD<SampleBlock> blocks = data.blocks().persist(StorageLevel.MEMORY_ONLY());
        // Kept in the executors' memory, its lineage cut: otherwise every round's tasks would carry
        // the parent partitions, e.g. a parallelized list's samples, to the executors again.
        blocks.rdd().localCheckpoint();
        JavaSparkContext spark = JavaSparkContext.fromSparkContext(blocks.context());
        Broadcast<byte[]> model = null;
        try {
            SparkConf conf = spark.getConf();
            if (conf.getBoolean("spark.speculation", false)) {
                throw new IllegalStateException("spark.speculation is on: set it to false for training (every task "
                        + "of a synchronous round is on the critical path, a speculative copy only takes cores)");
            }
            DataShape shape = DataShape.check(blocks.map(SampleBlock::summary).collect(), network, inputShape);
            TrainingPlan plan = new TrainingPlan(optimizer, batchSize, shape.inputShape(), shape.classes(), seed,
                    conf.getInt("spark.task.cpus", 1), optimizerState == OptimizerState.AVERAGED);
            long stepsPerEpoch = (shape.largestPartition() + batchSize - 1) / batchSize;
            byte[] modelBytes = ModelBytes.of(network);
            NetworkState state = NetworkState.of(network, null);
            TrialStep.run(modelBytes, state, plan);
            model = spark.broadcast(modelBytes);
            List<RoundStats> rounds = new ArrayList<>();
            for (int epoch = 0; epoch < epochs; epoch++) {
                // The epoch's last round takes the steps left, so that an epoch is as long whatever k is.
                for (long step = 0; step < stepsPerEpoch; step += averageEvery) {
                    int steps = (int) Math.min(averageEvery, stepsPerEpoch - step);
                    Round round = new Round(rounds.size(), epoch + 1, epoch * stepsPerEpoch + step, steps);
                    long start = System.nanoTime();
                    List<RoundResult> results = train(spark, blocks, model, plan, round, state);
                    state = NetworkState.average(results.stream().map(RoundResult::state).toList());
                    state.copyInto(network);
                    RoundStats stats = RoundStats.of(round, results, System.nanoTime() - start);
                    rounds.add(stats);
                    onRound.accept(stats);
                }
            }
            return rounds;
        } finally {
            blocks.unpersist(false);
            if (model != null) {
                model.destroy();
            }
        }
    }

    /** One round's tasks: the state broadcast, every partition's steps from it, the results in partition order. */
    private static List<RoundResult> train(JavaSparkContext spark, JavaRDD<SampleBlock> blocks, Broadcast<byte[]> model,
                                           TrainingPlan plan, Round round, NetworkState state) {
        Broadcast<NetworkState> start = spark.broadcast(state);
        try {
            return blocks.mapPartitionsWithIndex(new LocalRound(model, start, plan, round), true).collect();
        } finally {
            start.destroy();
        }
    }

    private static int atLeastOne(int value, String what) {
        if (value < 1) {
            throw new IllegalArgumentException("the " + what + " must be at least 1, got " + value);
        }
        return value;
    }
}
