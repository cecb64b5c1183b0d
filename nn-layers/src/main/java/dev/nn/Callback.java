package dev.nn;

/**
 * Called by {@link Network#fit} as training goes: at its start and end, and at the start and end of
 * every epoch and every batch, on the training thread. A callback can stop training
 * ({@link Training#stop()}), change the learning rate ({@link Training#optimizer()}), or save and
 * restore weights; the built-in ones are in {@code dev.nn.callbacks} (early stopping, checkpoints,
 * a CSV log, learning-rate schedules). Every method does nothing by default.
 *
 * <pre>{@code
 * net.fit(train, new FitOptions().epochs(50).validation(test)
 *         .callbacks(new EarlyStopping(Metric.VALIDATION_LOSS, 3), LearningRateSchedule.step(1e-3f, 10, 0.5f)));
 * }</pre>
 *
 * <p>Not thread-safe unless an implementation says so: a fit calls it from its one thread.
 */
public interface Callback {
    /**
     * Training starts.
     *
     * @param training the fit's state
     */
    default void onTrainingStart(Training training) {
    }

    /**
     * An epoch starts.
     *
     * @param training the fit's state
     * @param epoch the epoch's number, as {@link EpochStats#epoch()} will give it
     */
    default void onEpochStart(Training training, int epoch) {
    }

    /**
     * A batch starts: a schedule that changes the learning rate at every step does it here.
     *
     * @param training the fit's state
     * @param epoch the epoch's number
     * @param batch the batch's number, from 1 within the epoch
     */
    default void onBatchStart(Training training, int epoch, int batch) {
    }

    /**
     * A batch has ended (its optimizer step taken, or the batch skipped).
     *
     * @param training the fit's state
     * @param batch what the batch measured
     */
    default void onBatchEnd(Training training, BatchStats batch) {
    }

    /**
     * An epoch has ended, its validation included.
     *
     * @param training the fit's state
     * @param epoch what the epoch measured
     */
    default void onEpochEnd(Training training, EpochStats epoch) {
    }

    /**
     * Training has ended: all its epochs done, or stopped.
     *
     * @param training the fit's state
     * @param history every epoch of this fit
     */
    default void onTrainingEnd(Training training, History history) {
    }
}
