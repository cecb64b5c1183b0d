package dev.nn.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.Loss;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.layers.Activation;
import dev.nn.layers.Dense;
import dev.nn.layers.Flatten;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What would fail in every training task fails on the driver before the first round, as a plain
 * IllegalArgumentException or IllegalStateException that says what is wrong, not a Spark error
 * wrapping a task's.
 */
class DriverChecksTest {
    private static SparkData data;

    @BeforeAll
    static void data() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            samples.add(new Sample(new float[784], i % 10));
        }
        data = SparkData.of(LocalSpark.context().parallelize(samples, 2));
    }

    @Test
    void aNetworkWithoutALossIsRefused() {
        Network noLoss = new Network(0).add(new Flatten()).add(new Dense(784, 10));
        assertFailsBeforeTraining(IllegalStateException.class, new SparkTrainer(noLoss, () -> Optimizer.sgd(0.1f)),
                "no loss: call use(loss)");
    }

    @Test
    void aSoftmaxLayerBeforeALossThatAppliesItIsRefused() {
        Network twice = new Network(0).add(new Flatten()).add(new Dense(784, 10)).add(new Activation(Activation.Kind.SOFTMAX))
                .use(Loss.softmaxCrossEntropy());
        assertFailsBeforeTraining(IllegalArgumentException.class, new SparkTrainer(twice, () -> Optimizer.sgd(0.1f)),
                "applies the softmax itself");
    }

    @Test
    void anInputShapeThatDoesNotFitTheNetworkIsRefused() {
        Network flat = new Network(0).add(new Dense(784, 10)).use(Loss.softmaxCrossEntropy());
        assertFailsBeforeTraining(IllegalArgumentException.class,
                new SparkTrainer(flat, () -> Optimizer.sgd(0.1f)).inputShape(28, 28), "as [28, 28], do not fit the network");
        assertFailsBeforeTraining(IllegalArgumentException.class,
                new SparkTrainer(flat, () -> Optimizer.sgd(0.1f)).inputShape(27, 28), "the input shape [27, 28] does not hold the 784 features");
    }

    @Test
    void anOptimizerFactoryThatFailsOrMakesNullIsRefused() {
        assertFailsBeforeTraining(IllegalArgumentException.class,
                new SparkTrainer(LocalSpark.referenceMlp(0), () -> Optimizer.momentum(-0.1f, 0.9f)),
                "learning rate must be in (0.0, Infinity) but was -0.1");
        assertFailsBeforeTraining(IllegalArgumentException.class, new SparkTrainer(LocalSpark.referenceMlp(0), () -> null),
                "the optimizer factory made null");
    }

    @Test
    void anOptimizerFactoryThatCannotBeSentToTheExecutorsIsRefused() {
        Object notSerializable = new Object();
        OptimizerFactory holdsIt = () -> notSerializable.hashCode() > 0 ? Optimizer.sgd(0.1f) : Optimizer.sgd(0.2f);
        assertFailsBeforeTraining(IllegalArgumentException.class, new SparkTrainer(LocalSpark.referenceMlp(0), holdsIt),
                "cannot be sent to the executors: it holds a java.lang.Object");
    }

    @Test
    void averagingTheStateOfAnOptimizerThatIsNotNnsIsRefusedAndResettingItTrains() {
        OptimizerFactory own = () -> parameters -> { };
        assertFailsBeforeTraining(IllegalStateException.class, new SparkTrainer(LocalSpark.referenceMlp(0), own),
                "optimizerState(OptimizerState.RESET)");
        List<RoundStats> rounds = new SparkTrainer(LocalSpark.referenceMlp(0), own)
                .optimizerState(SparkTrainer.OptimizerState.RESET).fit(data);
        assertEquals(1, rounds.size());
    }

    /** The trainer's fit fails with exactly this type (not Spark's) and message, before any round. */
    private static void assertFailsBeforeTraining(Class<? extends RuntimeException> type, SparkTrainer trainer, String message) {
        List<RoundStats> rounds = new ArrayList<>();
        Executable fit = () -> trainer.onRound(rounds::add).fit(data);
        RuntimeException e = assertThrows(type, fit);
        assertEquals(type, e.getClass(), "not wrapped");
        assertTrue(e.getMessage().contains(message), "no \"" + message + "\" in: " + e.getMessage());
        assertTrue(rounds.isEmpty(), "a round ran: " + rounds);
    }
}
