package dev.nn.callbacks;

import dev.nn.Callback;
import dev.nn.EpochStats;
import dev.nn.History;
import dev.nn.Metric;
import dev.nn.Training;

/**
 * Stops training when a metric has not improved for {@code patience} epochs, and by default puts
 * back the weights of the best epoch, as Keras's {@code EarlyStopping(restore_best_weights=True)}:
 *
 * <pre>{@code
 * net.fit(train, new FitOptions().epochs(100).validation(test)
 *         .callbacks(new EarlyStopping(Metric.VALIDATION_LOSS, 5)));
 * }</pre>
 *
 * <p>Not thread-safe: it keeps the best value and weights of the fit it is passed to; use one per fit.
 */
public final class EarlyStopping implements Callback {
    private final Metric metric;
    private final int patience;
    private final double minDelta;
    private final boolean restoreBest;
    private double best;
    private int bestEpoch;
    private int waited;
    private float[][] bestWeights;

    /**
     * Stops after {@code patience} epochs without any improvement, restoring the best weights.
     *
     * @param metric the metric to watch
     * @param patience the epochs without improvement to allow, at least 1
     * @throws IllegalArgumentException if metric is null or patience is below 1
     */
    public EarlyStopping(Metric metric, int patience) {
        this(metric, patience, 0, true);
    }

    /**
     * Stops after {@code patience} epochs without an improvement of more than {@code minDelta}.
     *
     * @param metric the metric to watch
     * @param patience the epochs without improvement to allow, at least 1
     * @param minDelta the smallest change that counts as an improvement, at least 0
     * @param restoreBest whether to put back the weights of the best epoch when training ends
     * @throws IllegalArgumentException if metric is null, patience is below 1, or minDelta is
     *     negative or NaN
     */
    public EarlyStopping(Metric metric, int patience, double minDelta, boolean restoreBest) {
        if (metric == null || patience < 1 || !(minDelta >= 0)) {
            throw new IllegalArgumentException("EarlyStopping needs a metric, a patience of at least 1 and a minDelta "
                    + "of at least 0, got " + metric + ", " + patience + ", " + minDelta);
        }
        this.metric = metric;
        this.patience = patience;
        this.minDelta = minDelta;
        this.restoreBest = restoreBest;
    }

    @Override
    public void onTrainingStart(Training training) {
        best = Double.NaN;
        bestEpoch = 0;
        waited = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(Training training, EpochStats epoch) {
        double value = metric.of(epoch);
        if (Double.isNaN(value)) {
            throw new IllegalStateException("EarlyStopping watches " + metric + ", which epoch " + epoch.epoch()
                    + " does not have: pass validation data to fit, or watch a training metric");
        }
        if (metric.improves(value, best, minDelta)) {
            best = value;
            bestEpoch = epoch.epoch();
            waited = 0;
            if (restoreBest) {
                bestWeights = training.weights();
            }
        } else if (++waited >= patience) {
            training.stop();
        }
    }

    @Override
    public void onTrainingEnd(Training training, History history) {
        if (restoreBest && bestWeights != null && bestEpoch != history.get(history.size() - 1).epoch()) {
            training.setWeights(bestWeights);
        }
    }

    /**
     * The epoch with the best value of the last fit.
     *
     * @return its number, or 0 before any epoch
     */
    public int bestEpoch() {
        return bestEpoch;
    }
}
