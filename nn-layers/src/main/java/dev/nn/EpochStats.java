package dev.nn;

import java.util.Locale;

/**
 * What one epoch of training measured: the mean training loss and accuracy over its batches (as
 * the weights changed), the validation loss and accuracy after it (NaN without validation data),
 * and its wall-clock time, which excludes validation.
 *
 * @param epoch the epoch's number, from 1, counting the network's earlier fits (and those before
 *     the checkpoint it was loaded from): see {@link Network#epochsTrained()}
 * @param epochs the number the last epoch of the fit will have
 * @param loss the mean training loss over the epoch's samples
 * @param accuracy the fraction of the epoch's training samples that were right
 * @param validationLoss the mean loss on the validation data after the epoch, or NaN
 * @param validationAccuracy the accuracy on the validation data after the epoch, or NaN
 * @param seconds the epoch's wall-clock time, without validation
 * @param samples the number of training samples
 * @param skippedBatches the batches skipped for a NaN or an infinity
 *     ({@link FitOptions#skipNonFiniteBatches}); loss and accuracy are over the others
 *
 * <p>Immutable, so safe to share between threads.
 * @param learningRate the optimizer's learning rate at the epoch's last step (NaN for an optimizer
 *     without one)
 */
public record EpochStats(int epoch, int epochs, double loss, double accuracy,
                         double validationLoss, double validationAccuracy, double seconds, int samples,
                         int skippedBatches, double learningRate) {

    /**
     * Training samples per second.
     *
     * @return samples divided by seconds
     */
    public double samplesPerSecond() {
        return samples / seconds;
    }

    /** One line: epoch, loss, accuracy, validation figures when present, learning rate, seconds and samples/s. */
    @Override
    public String toString() {
        String validation = Double.isNaN(validationLoss) ? ""
                : String.format(Locale.ROOT, "  val_loss %.4f  val_accuracy %.4f", validationLoss, validationAccuracy);
        String rate = Double.isNaN(learningRate) ? "" : String.format(Locale.ROOT, "  lr %.3g", learningRate);
        String skipped = skippedBatches == 0 ? "" : "  skipped " + skippedBatches + " non-finite batches";
        return String.format(Locale.ROOT, "epoch %d/%d  loss %.4f  accuracy %.4f%s%s  %.2f s  %.0f samples/s%s",
                epoch, epochs, loss, accuracy, validation, rate, seconds, samplesPerSecond(), skipped);
    }
}
