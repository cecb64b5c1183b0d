package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.FitOptions;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.data.Mnist;
import dev.nn.digits.EmbeddedDigits;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SparkTrainerTest {
    private static final OptimizerFactory MOMENTUM = () -> Optimizer.momentum(0.01f, 0.9f);
    private static Mnist digits;
    private static List<Sample> train;

    @BeforeAll
    static void load() throws IOException {
        digits = EmbeddedDigits.load();
        train = LocalSpark.samples(digits.train());
    }

    /**
     * With the optimizer state averaged, two partitions train the reference MLP as far as one
     * process does, at the default k and at a small one (where a reset state loses several points).
     * The one process's rate, 0.02, trains this MLP well in 3 epochs; at 0.01 it is still far from
     * done, and one process at batch 64 then gains more from its extra steps than the rate's
     * scaling makes up (docs/spark.md).
     */
    @ParameterizedTest
    @ValueSource(ints = {SparkTrainer.DEFAULT_AVERAGE_EVERY, 4})
    void trainsTheReferenceMlpToTheAccuracyOfOneProcess(int k) {
        int epochs = 3;
        Network single = LocalSpark.referenceMlp(1);
        single.fit(digits.train(), new FitOptions().epochs(epochs).batchSize(64).seed(1).optimizer(Optimizer.momentum(0.02f, 0.9f))
                .verbosity(FitOptions.Verbosity.SILENT));
        Network onSpark = LocalSpark.referenceMlp(1);
        // Averaging two copies' k steps moves the weights about half as far as one process's 2k
        // steps: the learning rate scales with the partitions (docs/spark.md).
        List<RoundStats> rounds = new SparkTrainer(onSpark, () -> Optimizer.momentum(0.04f, 0.9f)).epochs(epochs)
                .batchSize(64).averageEvery(k).seed(1)
                .fit(SparkData.of(LocalSpark.context().parallelize(train, 2)));

        double expected = single.evaluate(digits.test()).accuracy();
        double actual = onSpark.evaluate(digits.test()).accuracy();
        assertEquals(expected, actual, 0.01, "test accuracy on Spark " + actual + " vs one process " + expected);
        assertEquals(epochs, rounds.getLast().epoch());
        assertTrue(rounds.getLast().loss() < rounds.getFirst().loss(), rounds.toString());
    }

    /**
     * One partition with the optimizer state carried from round to round trains exactly as one
     * optimizer on the same batches: Adam's moments and step count (its bias corrections) go on
     * where the last round left them.
     */
    @Test
    void onePartitionAveragingItsOptimizerStateTrainsAsOneOptimizerBitForBit() {
        List<Sample> samples = train.subList(0, 640);
        int steps = 10; // an epoch of 640 samples in batches of 64: rounds of 4, 4 and 2 steps
        OptimizerFactory adam = () -> Optimizer.adam(1e-3f);
        Network onSpark = LocalSpark.referenceMlp(5);
        new SparkTrainer(onSpark, adam).epochs(2).averageEvery(4).seed(3)
                .fit(SparkData.of(LocalSpark.context().parallelize(samples, 1)));

        SampleBlock.Builder block = new SampleBlock.Builder(0);
        samples.forEach(s -> block.add(s.features(), s.label()));
        Network alone = LocalSpark.referenceMlp(5);
        alone.fit(block.build().stepsFrom(3, 0, 2 * steps, 64, new int[] {784}, 10), new FitOptions().epochs(1).batchSize(64)
                .shuffle(false).optimizer(adam.create()).verbosity(FitOptions.Verbosity.SILENT));
        assertArrayEquals(NetworkState.of(alone, null).values(), NetworkState.of(onSpark, null).values());
    }

    @Test
    void sameDataPartitionsAndSeedGiveTheSameWeightsBitForBit() {
        // Partitions of different sizes on two cores: tasks finish in a different order each round.
        SparkData data = SparkData.of(LocalSpark.context().parallelize(train.subList(0, 3000), 5));
        float[] first = trainedWeights(data, 7);
        float[] again = trainedWeights(data, 7);
        assertArrayEquals(first, again);
        assertFalse(java.util.Arrays.equals(first, trainedWeights(data, 8)), "another seed, another order of samples");
    }

    private static float[] trainedWeights(SparkData data, long seed) {
        Network net = LocalSpark.referenceMlp(3);
        new SparkTrainer(net, MOMENTUM).epochs(1).averageEvery(4).seed(seed).fit(data);
        return NetworkState.of(net, null).values();
    }
}
