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

class SparkTrainerTest {
    private static final OptimizerFactory MOMENTUM = () -> Optimizer.momentum(0.01f, 0.9f);
    private static Mnist digits;
    private static List<Sample> train;

    @BeforeAll
    static void load() throws IOException {
        digits = EmbeddedDigits.load();
        train = LocalSpark.samples(digits.train());
    }

    @Test
    void trainsTheReferenceMlpToTheAccuracyOfOneProcess() {
        int epochs = 3;
        Network single = LocalSpark.referenceMlp(1);
        single.fit(digits.train(), new FitOptions().epochs(epochs).batchSize(64).seed(1).optimizer(MOMENTUM.create())
                .verbosity(FitOptions.Verbosity.SILENT));
        Network onSpark = LocalSpark.referenceMlp(1);
        // Averaging two copies' k steps moves the weights about half as far as one process's 2k
        // steps: the learning rate scales with the partitions (docs/spark.md).
        List<RoundStats> rounds = new SparkTrainer(onSpark, () -> Optimizer.momentum(0.02f, 0.9f)).epochs(epochs)
                .batchSize(64).seed(1)
                .fit(SparkData.of(LocalSpark.context().parallelize(train, 2)));

        double expected = single.evaluate(digits.test()).accuracy();
        double actual = onSpark.evaluate(digits.test()).accuracy();
        assertEquals(expected, actual, 0.01, "test accuracy on Spark " + actual + " vs one process " + expected);
        assertEquals(epochs, rounds.getLast().epoch());
        assertTrue(rounds.getLast().loss() < rounds.getFirst().loss(), rounds.toString());
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
        return NetworkState.of(net).values();
    }
}
