package dev.nn;

/**
 * A figure of an epoch that callbacks watch (early stopping, checkpoints of the best epoch,
 * reduce-on-plateau) and that a {@link History} lists.
 *
 * <p>Thread-safe: the constants hold no state.
 */
public enum Metric {
    /** The mean training loss; lower is better. */
    LOSS(false),
    /** The training accuracy; higher is better. */
    ACCURACY(true),
    /** The loss on the validation data; lower is better. */
    VALIDATION_LOSS(false),
    /** The accuracy on the validation data; higher is better. */
    VALIDATION_ACCURACY(true);

    private final boolean higherIsBetter;

    Metric(boolean higherIsBetter) {
        this.higherIsBetter = higherIsBetter;
    }

    /**
     * Whether a larger value is an improvement.
     *
     * @return true for accuracies, false for losses
     */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /**
     * This metric's value for an epoch.
     *
     * @param epoch the epoch's figures
     * @return the value; NaN for a validation metric of a fit without validation data
     */
    public double of(EpochStats epoch) {
        return switch (this) {
            case LOSS -> epoch.loss();
            case ACCURACY -> epoch.accuracy();
            case VALIDATION_LOSS -> epoch.validationLoss();
            case VALIDATION_ACCURACY -> epoch.validationAccuracy();
        };
    }

    /**
     * Whether {@code value} improves on {@code best} by more than {@code minDelta}.
     *
     * @param value the new value
     * @param best the best value so far (NaN: none yet, so any finite value improves)
     * @param minDelta the smallest change that counts, at least 0
     * @return true if value is better than best by more than minDelta
     */
    public boolean improves(double value, double best, double minDelta) {
        if (Double.isNaN(best)) {
            return !Double.isNaN(value);
        }
        return higherIsBetter ? value > best + minDelta : value < best - minDelta;
    }
}
