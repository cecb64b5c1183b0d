package dev.nn.layers;

import dev.nn.core.Tensor;
import java.util.Arrays;

/**
 * A {@link BatchNorm} layer's running mean and variance, [channels] each (initially 0 and 1), and
 * the number of training batches that moved them: state saved and copied with the parameters, as
 * PyTorch's buffers {@code running_mean}, {@code running_var} and {@code num_batches_tracked}, but
 * not trained by an optimizer.
 *
 * <p>Thread-safe where it matters: a training batch's update and the snapshot a predicting twin
 * takes exclude each other; the setters are for building a network, before it is shared.
 */
public final class RunningStatistics {
    private final Tensor mean;
    private final Tensor variance;
    private long batches;

    RunningStatistics(int channels) {
        mean = Tensor.zeros(channels);
        variance = Tensor.zeros(channels);
        Arrays.fill(variance.data(), 0, channels, 1f);
    }

    /**
     * The running means, [channels], changed in place.
     *
     * @return the means
     */
    public Tensor mean() {
        return mean;
    }

    /**
     * The running variances, [channels], changed in place.
     *
     * @return the variances
     */
    public Tensor variance() {
        return variance;
    }

    /**
     * The number of training batches that moved the statistics.
     *
     * @return the count
     */
    public long batches() {
        return batches;
    }

    /**
     * Sets the number of training batches, e.g. read from a model file.
     *
     * @param batches the count
     * @throws IllegalArgumentException if it is negative
     */
    public void setBatches(long batches) {
        if (batches < 0) {
            throw new IllegalArgumentException("a count of training batches cannot be negative: " + batches);
        }
        this.batches = batches;
    }

    /**
     * Sets these statistics to {@code other}'s: its means, variances and count.
     *
     * @param other statistics of as many channels
     * @throws IllegalArgumentException if the channel counts differ
     */
    public synchronized void copyFrom(RunningStatistics other) {
        if (other.mean.size() != mean.size()) {
            throw new IllegalArgumentException("cannot copy the running statistics of " + other.mean.size()
                    + " channels into those of " + mean.size());
        }
        System.arraycopy(other.mean.data(), 0, mean.data(), 0, mean.size());
        System.arraycopy(other.variance.data(), 0, variance.data(), 0, variance.size());
        batches = other.batches;
    }

    /**
     * Copies the means and variances out at once: {@link #update} and this exclude each other, so
     * that a layer predicting on one thread never reads statistics that a training batch on another
     * has half moved.
     */
    synchronized void copyTo(float[] means, float[] variances) {
        System.arraycopy(mean.data(), 0, means, 0, mean.size());
        System.arraycopy(variance.data(), 0, variances, 0, variance.size());
    }

    /** Moves the statistics towards a batch's mean and biased variance over {@code count} values per channel. */
    synchronized void update(float[] batchMean, float[] batchVariance, float count, float momentum) {
        float[] m = mean.data(), v = variance.data();
        float unbiased = count / (count - 1f);
        for (int ch = 0, c = mean.size(); ch < c; ch++) {
            m[ch] = (1f - momentum) * m[ch] + momentum * batchMean[ch];
            v[ch] = (1f - momentum) * v[ch] + momentum * batchVariance[ch] * unbiased;
        }
        batches++;
    }
}
