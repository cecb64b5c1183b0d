package dev.nn;

/**
 * The mean loss and the accuracy of a network on a data set. Accuracy counts a sample as right when
 * the largest output is at the position of the largest target value, or, for a single output, when
 * output and target are on the same side of 0.5 ({@link dev.nn.metrics.Accuracy}).
 *
 * @param loss the mean loss over the samples
 * @param accuracy the fraction of the samples that were right, from 0 to 1
 * @param samples the number of samples
 *
 * <p>Immutable, so safe to share between threads.
 */
public record Evaluation(double loss, double accuracy, int samples) {
}
