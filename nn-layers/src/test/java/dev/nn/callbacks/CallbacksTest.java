package dev.nn.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.Callback;
import dev.nn.EpochStats;
import dev.nn.FitOptions;
import dev.nn.History;
import dev.nn.Loss;
import dev.nn.Metric;
import dev.nn.Network;
import dev.nn.Optimizer;
import dev.nn.Training;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.data.DataSet;
import dev.nn.data.OneHot;
import dev.nn.layers.Dense;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CallbacksTest {
    @TempDir
    Path dir;

    /** Records the weights and learning rate at every epoch's end. */
    private static final class Recorder implements Callback {
        final List<float[][]> weights = new ArrayList<>();
        final List<Float> batchRates = new ArrayList<>();

        @Override
        public void onBatchEnd(Training training, dev.nn.BatchStats batch) {
            batchRates.add(training.optimizer().learningRate());
        }

        @Override
        public void onEpochEnd(Training training, EpochStats epoch) {
            weights.add(training.weights());
        }
    }

    private static Network net() {
        return new Network(5).add(new Dense(6, 16).withRelu()).add(new Dense(16, 3)).use(Loss.softmaxCrossEntropy());
    }

    /** A small problem the network overfits: validation loss falls, then rises. */
    private static DataSet data(int n, long seed) {
        Tensor x = Tensor.uniform(new Rng(seed), -1f, 1f, n, 6);
        float[] labels = new float[n];
        Rng noise = new Rng(seed + 1);
        for (int i = 0; i < n; i++) {
            labels[i] = noise.nextInt(4) == 0 ? noise.nextInt(3) : OneHot.argmax(x.data(), i * 6, 3);
        }
        return new DataSet(x, OneHot.encode(Tensor.wrap(labels, n), 3));
    }

    private static FitOptions options() {
        return new FitOptions().batchSize(8).optimizer(Optimizer.adam(0.02f)).verbosity(FitOptions.Verbosity.SILENT);
    }

    @Test
    void earlyStoppingStopsAfterPatienceAndRestoresTheBestEpochsWeights() {
        Network network = net();
        Recorder recorder = new Recorder();
        EarlyStopping stopping = new EarlyStopping(Metric.VALIDATION_LOSS, 3);
        History history = network.fit(data(64, 1), options().epochs(200).validation(data(200, 7)).callbacks(recorder, stopping));
        assertTrue(history.size() < 200, "never stopped");
        double[] losses = history.of(Metric.VALIDATION_LOSS);
        int best = 0;
        for (int i = 1; i < losses.length; i++) {
            if (losses[i] < losses[best]) {
                best = i;
            }
        }
        assertEquals(best + 1, stopping.bestEpoch());
        assertEquals(best + 1 + 3, history.size(), "stops 3 epochs after the best");
        assertArrayEquals(recorder.weights.get(best), weightsOf(network), "the best epoch's weights were not restored");
    }

    @Test
    void earlyStoppingOnAMissingMetricSaysSo() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> net().fit(data(16, 1), options().epochs(2).callbacks(new EarlyStopping(Metric.VALIDATION_LOSS, 1))));
        assertTrue(e.getMessage().contains("pass validation data to fit"), e.getMessage());
    }

    @Test
    void schedulesSetTheRateAtEveryStepAndTheOptimizerKeepsItsState() {
        LearningRateSchedule step = LearningRateSchedule.step(0.1f, 2, 0.5f);
        assertEquals(List.of(0.1f, 0.1f, 0.05f, 0.05f, 0.025f), List.of(step.rateAt(0), step.rateAt(1.9), step.rateAt(2),
                step.rateAt(3.5), step.rateAt(4)));
        LearningRateSchedule exponential = LearningRateSchedule.exponential(1f, 0.9f);
        assertEquals(0.81f, exponential.rateAt(2.7), 1e-6f);
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1f, 0.1f, 2, 10);
        assertEquals(0.5f, cosine.rateAt(1), 1e-6f, "half-way through the warm-up");
        assertEquals(1f, cosine.rateAt(2), 1e-6f, "the peak");
        assertEquals(0.55f, cosine.rateAt(6), 1e-6f, "half-way down: min + (peak − min)/2");
        assertEquals(0.1f, cosine.rateAt(10), 1e-6f);
        assertEquals(0.1f, cosine.rateAt(50), 1e-6f);

        Recorder recorder = new Recorder();
        DataSet train = data(32, 2); // 4 batches of 8 per epoch
        History history = net().fit(train, options().epochs(4).callbacks(step, recorder));
        assertEquals(List.of(0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f,
                0.05f, 0.05f), recorder.batchRates);
        assertArrayEquals(new double[] {0.1f, 0.1f, 0.05f, 0.05f}, history.learningRates());
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(1f, 2f, 0, 5));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.step(0.1f, 0, 0.5f));
    }

    @Test
    void aScheduleGoesOnWhereItWasAfterACheckpoint() throws IOException {
        LearningRateSchedule schedule = LearningRateSchedule.exponential(0.1f, 0.5f);
        Path file = dir.resolve("run.safetensors");
        Network first = net();
        first.fit(data(32, 3), options().epochs(2).callbacks(schedule, Checkpoints.everyEpoch(file)));
        Network resumed = Network.load(file);
        History more = resumed.fit(data(32, 3), options().epochs(1).callbacks(schedule));
        assertArrayEquals(new double[] {0.025f}, more.learningRates());
    }

    @Test
    void reduceOnPlateauHalvesTheRateAfterPatienceEpochsWithoutImprovement() {
        ReduceOnPlateau reduce = new ReduceOnPlateau(Metric.VALIDATION_LOSS, 0.5f, 2, 0.001f);
        History history = net().fit(data(64, 1), options().epochs(60).validation(data(200, 7)).callbacks(reduce));
        double[] rates = history.learningRates(), losses = history.of(Metric.VALIDATION_LOSS);
        double best = Double.NaN, rate = 0.02;
        int waited = 0;
        for (int i = 0; i < rates.length; i++) {
            assertEquals(rate, rates[i], 1e-9, "epoch " + (i + 1));
            if (Double.isNaN(best) || losses[i] < best) {
                best = losses[i];
                waited = 0;
            } else if (++waited >= 2) {
                rate = Math.max(0.001, (float) (rate * 0.5f));
                waited = 0;
            }
        }
        assertTrue(rates[rates.length - 1] < 0.02, "never reduced");
    }

    @Test
    void bestOnlyCheckpointsHoldTheBestEpoch() throws IOException {
        Path file = dir.resolve("best.safetensors");
        Network network = net();
        History history = network.fit(data(64, 1), options().epochs(25).validation(data(200, 7))
                .callbacks(Checkpoints.bestOnly(file, Metric.VALIDATION_ACCURACY)));
        double[] accuracies = history.of(Metric.VALIDATION_ACCURACY);
        int best = 0;
        for (int i = 1; i < accuracies.length; i++) {
            if (accuracies[i] > accuracies[best]) {
                best = i;
            }
        }
        assertEquals(best + 1, Network.load(file).epochsTrained());
    }

    @Test
    void theCsvLogHasAHeaderAndARowPerEpoch() throws IOException {
        Path file = dir.resolve("log.csv");
        History history = net().fit(data(32, 1), options().epochs(3).callbacks(new CsvLog(file)));
        List<String> lines = Files.readAllLines(file);
        assertEquals("epoch,loss,accuracy,val_loss,val_accuracy,learning_rate,seconds,skipped_batches", lines.get(0));
        assertEquals(4, lines.size());
        String[] row = lines.get(3).split(",", -1);
        assertEquals("3", row[0]);
        assertEquals(history.get(2).loss(), Double.parseDouble(row[1]), 1e-5 * history.get(2).loss());
        assertEquals("", row[3], "no validation: an empty cell");
        assertEquals(0.02, Double.parseDouble(row[5]), 1e-7);
    }

    private static float[][] weightsOf(Network network) {
        return network.parameters().stream().map(p -> p.value().toArray()).toArray(float[][]::new);
    }
}
