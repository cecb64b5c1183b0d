package dev.nn;

import java.util.Locale;

/**
 * What one epoch of training measured: the mean training loss and accuracy over its batches (as
 * the weights changed), the validation loss and accuracy after it (NaN without validation data),
 * and its wall-clock time, which excludes validation.
 */
public record EpochStats(int epoch, int epochs, double loss, double accuracy,
                         double validationLoss, double validationAccuracy, double seconds, int samples) {

    /** Training samples per second. */
    public double samplesPerSecond() {
        return samples / seconds;
    }

    /** One line: epoch, loss, accuracy, validation figures when present, seconds and samples/s. */
    @Override
    public String toString() {
        String validation = Double.isNaN(validationLoss) ? ""
                : String.format(Locale.ROOT, "  val_loss %.4f  val_accuracy %.4f", validationLoss, validationAccuracy);
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  accuracy %.4f%s  %.2f s  %.0f samples/s",
                epoch, epochs, loss, accuracy, validation, seconds, samplesPerSecond());
    }
}
