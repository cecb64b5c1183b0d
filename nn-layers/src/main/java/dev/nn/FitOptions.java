package dev.nn;

import dev.nn.data.DataSet;
import java.util.function.Consumer;

/**
 * How {@link Network#fit(DataSet, FitOptions)} trains: epochs, batch size, optimizer, shuffling,
 * validation data and a per-epoch listener. Setters return this, for chaining:
 * {@code new FitOptions().epochs(5).batchSize(64).optimizer(Optimizer.adam(1e-3f))}.
 */
public final class FitOptions {
    private int epochs = 1;
    private int batchSize = 32;
    private Optimizer optimizer;
    private boolean shuffle = true;
    private Long seed;
    private DataSet validation;
    private Consumer<EpochStats> onEpoch = stats -> { };

    /** Options with every default: 1 epoch, batches of 32, {@code Optimizer.sgd(0.01f)}, shuffled, no validation. */
    public FitOptions() {
    }

    /** Passes over the training data (default 1). */
    public FitOptions epochs(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + value);
        }
        epochs = value;
        return this;
    }

    /** Samples per gradient step (default 32); the last batch of an epoch may be smaller. */
    public FitOptions batchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + value);
        }
        batchSize = value;
        return this;
    }

    /** The optimizer (default {@code Optimizer.sgd(0.01f)}); its state carries over between fits. */
    public FitOptions optimizer(Optimizer value) {
        if (value == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        optimizer = value;
        return this;
    }

    /** Whether each epoch visits the samples in a new random order (default true). */
    public FitOptions shuffle(boolean value) {
        shuffle = value;
        return this;
    }

    /** The seed of the shuffling order (default: drawn from the network's seed). */
    public FitOptions seed(long value) {
        seed = value;
        return this;
    }

    /** Data evaluated after every epoch, reported as validation loss and accuracy (default none). */
    public FitOptions validation(DataSet value) {
        validation = value;
        return this;
    }

    /** Called after every epoch, e.g. {@code stats -> System.out.println(stats)}. */
    public FitOptions onEpoch(Consumer<EpochStats> listener) {
        if (listener == null) {
            throw new IllegalArgumentException("listener is null");
        }
        onEpoch = listener;
        return this;
    }

    int epochs() {
        return epochs;
    }

    int batchSize() {
        return batchSize;
    }

    Optimizer optimizer() {
        if (optimizer == null) {
            optimizer = Optimizer.sgd(0.01f);
        }
        return optimizer;
    }

    boolean shuffle() {
        return shuffle;
    }

    Long seed() {
        return seed;
    }

    DataSet validation() {
        return validation;
    }

    Consumer<EpochStats> onEpoch() {
        return onEpoch;
    }
}
