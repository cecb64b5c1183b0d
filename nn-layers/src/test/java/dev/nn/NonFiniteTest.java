package dev.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.layers.Dense;
import dev.nn.metrics.Accuracy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** NaN and infinity: refused where data enters, and stopping (or skipped by) training where they arise. */
class NonFiniteTest {
    @Test
    void dataWithANaNOrInfinityIsRefusedNamingTheFirstBadSample() {
        float[] x = new float[12];
        x[7] = Float.NaN;
        x[10] = Float.POSITIVE_INFINITY;
        Tensor inputs = Tensor.wrap(x, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DataSet(inputs, Tensor.zeros(4, 2)));
        assertEquals("inputs: sample 2 holds NaN (its value 1); nn trains and predicts on finite values only", e.getMessage());
        float[] y = new float[8];
        y[5] = Float.NEGATIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> new DataSet(Tensor.zeros(4, 3), Tensor.wrap(y, 4, 2)));
        assertTrue(e.getMessage().startsWith("targets: sample 2 holds -Infinity"), e.getMessage());

        Network net = new Network().add(new Dense(3, 2)).use(Loss.mse());
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(inputs));
        assertTrue(e.getMessage().startsWith("predict: inputs: sample 2 holds NaN"), e.getMessage());
        // predict checks each batch as it copies it: a sample in a later batch is named by its
        // index among all the inputs, and the first of two bad samples is the one named.
        float[] many = new float[30 * 3];
        many[22 * 3 + 2] = Float.NaN;
        many[27 * 3] = Float.POSITIVE_INFINITY;
        e = assertThrows(IllegalArgumentException.class, () -> net.predict(Tensor.wrap(many, 30, 3), 4));
        assertEquals("predict: inputs: sample 22 holds NaN (its value 2); nn trains and predicts on finite values only",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.trainBatch(inputs, Tensor.zeros(4, 2), Optimizer.sgd(0.1f)));
        assertTrue(e.getMessage().contains("sample 2 holds NaN"), e.getMessage());
    }

    @Test
    void dataChangedToNaNAfterItsDataSetWasMadeIsRefusedByFitAndEvaluate() {
        DataSet data = ModelFileTest.smallProblem(40, 1);
        Network net = ModelFileTest.dropoutMlp();
        data.inputs().data()[6 * 13 + 2] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.fit(data, new FitOptions()));
        assertTrue(e.getMessage().startsWith("inputs: sample 13 holds NaN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.evaluate(data));
        assertTrue(e.getMessage().startsWith("inputs: sample 13 holds NaN"), e.getMessage());
    }

    /** Sample 37 of 64 is finite but so large that the first layer's output overflows to infinity. */
    private static DataSet overflowingAt37() {
        DataSet data = ModelFileTest.smallProblem(64, 2);
        for (int j = 0; j < 6; j++) {
            data.inputs().data()[37 * 6 + j] = 3e38f;
        }
        return data;
    }

    @Test
    void aBatchThatOverflowsStopsTrainingNamingEpochBatchAndLayerWithTheWeightsFromBeforeIt() {
        DataSet data = overflowingAt37();
        Network net = ModelFileTest.dropoutMlp();
        FitOptions options = new FitOptions().epochs(2).batchSize(8).shuffle(false).optimizer(Optimizer.adam(0.01f));
        NonFiniteException e = assertThrows(NonFiniteException.class, () -> net.fit(data, options));
        // In order, batches of 8: sample 37 is in batch 5 (samples 32–39) of epoch 1.
        assertEquals(List.of(1, 5, 0), List.of(e.epoch(), e.batch(), e.layer()));
        assertTrue(e.getMessage().startsWith("epoch 1, batch 5: the output of layer 0 (Dense(6→12, ReLU)) went NaN or "
                + "infinite, at sample 5 of the batch"), e.getMessage());

        // The weights are those after batches 1–4: what training on samples 0–31 alone gives.
        Network reference = ModelFileTest.dropoutMlp();
        reference.fit(data.slice(0, 32), new FitOptions().epochs(1).batchSize(8).shuffle(false)
                .optimizer(Optimizer.adam(0.01f)));
        ModelFileTest.assertParametersEqual(reference, net);
        assertEquals(0, net.epochsTrained());
        net.fit(ModelFileTest.smallProblem(16, 3), new FitOptions()); // and the network trains on
    }

    @Test
    void trainingCanSkipSuchBatchesAndCountThem() {
        DataSet data = overflowingAt37();
        Network net = ModelFileTest.dropoutMlp();
        List<EpochStats> history = net.fit(data, new FitOptions().epochs(2).batchSize(8).shuffle(false)
                .optimizer(Optimizer.adam(0.01f)).skipNonFiniteBatches(true));
        for (EpochStats s : history) {
            assertEquals(1, s.skippedBatches());
            assertTrue(Double.isFinite(s.loss()), s.toString());
            assertTrue(s.toString().endsWith("skipped 1 non-finite batches"), s.toString());
        }
        for (float w : net.parameters().get(0).value().toArray()) {
            assertTrue(Float.isFinite(w));
        }
    }

    @Test
    void aDivergingLearningRateStopsWithAClearMessage() {
        DataSet data = ModelFileTest.smallProblem(256, 4);
        Network net = ModelFileTest.dropoutMlp();
        NonFiniteException e = assertThrows(NonFiniteException.class,
                () -> net.fit(data, new FitOptions().epochs(20).batchSize(8).optimizer(Optimizer.sgd(1e30f))));
        assertTrue(e.getMessage().contains("went NaN or infinite") || e.getMessage().contains("are NaN or infinite"),
                e.getMessage());
        assertTrue(e.epoch() >= 1 && e.batch() >= 1, e.getMessage());
    }

    @Test
    void aNaNOutputIsNeverRight() {
        Tensor outputs = Tensor.wrap(new float[] {Float.NaN, 0.1f, 0.2f, 0.9f, 0.05f, 0.05f}, 2, 3);
        Tensor targets = Tensor.wrap(new float[] {1, 0, 0, 1, 0, 0}, 2, 3);
        assertEquals(1, Accuracy.correct(outputs, targets), "the NaN row was counted as class 0");
        Tensor single = Tensor.wrap(new float[] {Float.NaN, Float.POSITIVE_INFINITY}, 2, 1);
        assertEquals(0, Accuracy.correct(single, Tensor.wrap(new float[] {0, 1}, 2, 1)));
    }
}
