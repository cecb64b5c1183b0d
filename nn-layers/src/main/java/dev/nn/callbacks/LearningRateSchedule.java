package dev.nn.callbacks;

import dev.nn.Callback;
import dev.nn.Training;

/**
 * Sets the optimizer's learning rate before every batch from the epoch and the step within it,
 * keeping the optimizer's state, as PyTorch's {@code lr_scheduler}s do. The rate is a function of
 * the network's epoch count ({@link dev.nn.Network#epochsTrained()}), so a fit resumed from a
 * checkpoint goes on where the schedule was.
 *
 * <pre>{@code
 * net.fit(train, new FitOptions().epochs(30).optimizer(Optimizer.adam(1e-3f))
 *         .callbacks(LearningRateSchedule.cosine(1e-3f, 1e-5f, 2, 30)));
 * }</pre>
 *
 * <p>Thread-safe: a schedule holds no state of its own.
 */
public final class LearningRateSchedule implements Callback {
    /** The rate at a point of training. */
    @FunctionalInterface
    private interface Rate {
        /** The rate at {@code epochs} epochs done (a fraction within an epoch), counted from 0. */
        double at(double epochs);
    }

    private final String description;
    private final Rate rate;

    private LearningRateSchedule(String description, Rate rate) {
        this.description = description;
        this.rate = rate;
    }

    /**
     * Step decay: {@code initial·factor^⌊epoch / every⌋}, as PyTorch's {@code StepLR}.
     *
     * @param initial the rate of the first epochs, above 0
     * @param every the epochs between two decays, at least 1
     * @param factor what each decay multiplies the rate by, in (0, 1]
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of its range
     */
    public static LearningRateSchedule step(float initial, int every, float factor) {
        check(initial, factor);
        if (every < 1) {
            throw new IllegalArgumentException("step: the epochs between decays must be at least 1, got " + every);
        }
        return new LearningRateSchedule("step(" + initial + ", " + every + ", " + factor + ")",
                epochs -> initial * Math.pow(factor, Math.floor(Math.floor(epochs) / every)));
    }

    /**
     * Exponential decay once per epoch: {@code initial·factor^epoch}, as PyTorch's {@code ExponentialLR}.
     *
     * @param initial the rate of the first epoch, above 0
     * @param factor what each epoch multiplies the rate by, in (0, 1]
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of its range
     */
    public static LearningRateSchedule exponential(float initial, float factor) {
        check(initial, factor);
        return new LearningRateSchedule("exponential(" + initial + ", " + factor + ")",
                epochs -> initial * Math.pow(factor, Math.floor(epochs)));
    }

    /**
     * Linear warm-up from near 0 to {@code peak} over {@code warmupEpochs}, then cosine annealing
     * down to {@code min} at {@code totalEpochs} (I. Loshchilov and F. Hutter, "SGDR: Stochastic
     * Gradient Descent with Warm Restarts", ICLR 2017, without restarts; the warm-up of P. Goyal et
     * al., "Accurate, Large Minibatch SGD", 2017), changed at every step; {@code min} after the end.
     *
     * @param peak the rate at the end of the warm-up, above 0
     * @param min the rate at the end, in [0, peak]
     * @param warmupEpochs the epochs of warm-up, at least 0
     * @param totalEpochs the epochs of the whole schedule, above warmupEpochs
     * @return the schedule
     * @throws IllegalArgumentException if a value is out of its range
     */
    public static LearningRateSchedule cosine(float peak, float min, int warmupEpochs, int totalEpochs) {
        check(peak, 1f);
        if (!(min >= 0 && min <= peak) || warmupEpochs < 0 || totalEpochs <= warmupEpochs) {
            throw new IllegalArgumentException("cosine: expected 0 <= min <= peak and 0 <= warmupEpochs < totalEpochs, got min "
                    + min + ", peak " + peak + ", warmup " + warmupEpochs + ", total " + totalEpochs);
        }
        return new LearningRateSchedule("cosine(" + peak + ", " + min + ", " + warmupEpochs + ", " + totalEpochs + ")",
                epochs -> {
                    if (epochs < warmupEpochs) {
                        return peak * Math.max(epochs / warmupEpochs, 1e-3);
                    }
                    double progress = Math.min(1, (epochs - warmupEpochs) / (totalEpochs - warmupEpochs));
                    return min + (peak - min) * (1 + Math.cos(Math.PI * progress)) / 2;
                });
    }

    /**
     * The rate this schedule gives after a number of epochs.
     *
     * @param epochs the epochs done, with a fraction for the steps done in the current one
     * @return the learning rate
     */
    public float rateAt(double epochs) {
        return (float) rate.at(epochs);
    }

    @Override
    public void onBatchStart(Training training, int epoch, int batch) {
        training.optimizer().setLearningRate(rateAt(epoch - 1 + (double) (batch - 1) / training.batchesPerEpoch()));
    }

    @Override
    public String toString() {
        return description;
    }

    private static void check(float initial, float factor) {
        if (!(initial > 0 && Float.isFinite(initial)) || !(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("a schedule needs a rate above 0 and a factor in (0, 1], got " + initial
                    + " and " + factor);
        }
    }
}
