package dev.nn;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;

/**
 * Every epoch of a fit, in order: what {@link Network#fit} returns. A list of {@link EpochStats},
 * with each figure also as an array for plotting, e.g. {@code history.of(Metric.VALIDATION_LOSS)}.
 *
 * <p>Not thread-safe while its fit runs (the fit appends to it); safe to share once it has returned.
 */
public final class History extends AbstractList<EpochStats> {
    private final List<EpochStats> epochs = new ArrayList<>();

    History() {
    }

    void append(EpochStats epoch) {
        epochs.add(epoch);
    }

    @Override
    public EpochStats get(int index) {
        return epochs.get(index);
    }

    @Override
    public int size() {
        return epochs.size();
    }

    /**
     * One metric over the epochs.
     *
     * @param metric the metric
     * @return its value at each epoch, in order (NaN where the epoch has none)
     */
    public double[] of(Metric metric) {
        return epochs.stream().mapToDouble(metric::of).toArray();
    }

    /**
     * The learning rate of each epoch's last step.
     *
     * @return the rates, in order (NaN for an optimizer without one)
     */
    public double[] learningRates() {
        return epochs.stream().mapToDouble(EpochStats::learningRate).toArray();
    }

    /**
     * Each epoch's training time, without validation.
     *
     * @return the seconds, in order
     */
    public double[] seconds() {
        return epochs.stream().mapToDouble(EpochStats::seconds).toArray();
    }
}
