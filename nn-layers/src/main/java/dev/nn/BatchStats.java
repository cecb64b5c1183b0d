package dev.nn;

/**
 * What one training batch measured, as {@link Callback#onBatchEnd} receives it.
 *
 * <p>Immutable, so safe to share between threads.
 *
 * @param epoch the epoch's number
 * @param batch the batch's number, from 1 within the epoch
 * @param batches the number of batches in the epoch
 * @param loss the batch's mean loss, before its step; NaN for a skipped batch
 * @param accuracy the fraction of the batch's samples that were right
 * @param samples the samples in the batch
 * @param skipped whether the batch was skipped for a NaN or an infinity ({@link FitOptions#skipNonFiniteBatches})
 */
public record BatchStats(int epoch, int batch, int batches, double loss, double accuracy, int samples, boolean skipped) {
}
