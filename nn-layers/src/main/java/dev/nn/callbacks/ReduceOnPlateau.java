package dev.nn.callbacks;

import dev.nn.Callback;
import dev.nn.EpochStats;
import dev.nn.Metric;
import dev.nn.Training;

/**
 * Multiplies the learning rate by {@code factor} when a metric has not improved for
 * {@code patience} epochs, down to {@code min}, as PyTorch's {@code ReduceLROnPlateau} and Keras's
 * {@code ReduceLROnPlateau} do. The optimizer keeps its state.
 *
 * <p>Not thread-safe: it keeps the best value of the fit it is passed to; use one per fit.
 */
public final class ReduceOnPlateau implements Callback {
    private final Metric metric;
    private final float factor;
    private final int patience;
    private final float min;
    private double best;
    private int waited;

    /**
     * A reduction by {@code factor} after {@code patience} epochs without improvement.
     *
     * @param metric the metric to watch
     * @param factor what a reduction multiplies the rate by, in (0, 1)
     * @param patience the epochs without improvement before a reduction, at least 1
     * @param min the smallest rate, at least 0
     * @throws IllegalArgumentException if a value is out of its range
     */
    public ReduceOnPlateau(Metric metric, float factor, int patience, float min) {
        if (metric == null || !(factor > 0 && factor < 1) || patience < 1 || !(min >= 0)) {
            throw new IllegalArgumentException("ReduceOnPlateau needs a metric, a factor in (0, 1), a patience of at least 1 "
                    + "and a min of at least 0, got " + metric + ", " + factor + ", " + patience + ", " + min);
        }
        this.metric = metric;
        this.factor = factor;
        this.patience = patience;
        this.min = min;
    }

    @Override
    public void onTrainingStart(Training training) {
        best = Double.NaN;
        waited = 0;
    }

    @Override
    public void onEpochEnd(Training training, EpochStats epoch) {
        double value = metric.of(epoch);
        if (metric.improves(value, best, 0)) {
            best = value;
            waited = 0;
        } else if (++waited >= patience) {
            float rate = training.optimizer().learningRate();
            float reduced = Math.max(min, rate * factor);
            if (reduced < rate && reduced > 0) {
                training.optimizer().setLearningRate(reduced);
            }
            waited = 0;
        }
    }
}
