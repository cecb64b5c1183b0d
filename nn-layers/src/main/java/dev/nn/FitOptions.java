package dev.nn;

import dev.nn.data.DataSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * How {@link Network#fit(DataSet, FitOptions)} trains: epochs, batch size, optimizer, shuffling,
 * validation data, what it prints, and callbacks. Setters return this, for chaining:
 * {@code new FitOptions().epochs(5).batchSize(64).optimizer(Optimizer.adam(1e-3f))}.
 *
 * <p>Not thread-safe: set the options on one thread, and leave them alone while a fit that uses
 * them runs.
 */
public final class FitOptions {
    private int epochs = 1;
    private int batchSize = 32;
    private Optimizer optimizer;
    private boolean shuffle = true;
    private Long seed;
    private DataSet validation;
    private Consumer<EpochStats> onEpoch = stats -> { };
    private final List<Callback> callbacks = new ArrayList<>();
    private Verbosity verbosity = Verbosity.AUTO;
    private Path checkpoint;
    private boolean skipNonFinite;

    /**
     * Options with every default: 1 epoch, batches of 32, the network's optimizer (see
     * {@link #optimizer}), shuffled, no validation, no checkpoints.
     */
    public FitOptions() {
    }

    /**
     * Sets the number of passes over the training data (default 1).
     *
     * @param value the number of epochs
     * @return these options
     * @throws IllegalArgumentException if value is below 1
     */
    public FitOptions epochs(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + value);
        }
        epochs = value;
        return this;
    }

    /**
     * Sets the number of samples per gradient step (default 32); the last batch of an epoch may be
     * smaller.
     *
     * @param value the batch size
     * @return these options
     * @throws IllegalArgumentException if value is below 1
     */
    public FitOptions batchSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + value);
        }
        batchSize = value;
        return this;
    }

    /**
     * Sets the optimizer; its state carries over between fits. By default a fit goes on with the
     * optimizer of the network's last training (or the one a checkpoint restored, see
     * {@link Network#load}), or uses {@code Optimizer.adam(1e-3f)} if the network has none: on the
     * README's networks and the embedded digits it reached 0.94 (dense) and 0.954–0.957 (convolutional)
     * test accuracy in 5 epochs, where {@code sgd(0.01f)} reached 0.887–0.891 and 0.914–0.915.
     *
     * @param value the optimizer
     * @return these options
     * @throws IllegalArgumentException if value is null
     */
    public FitOptions optimizer(Optimizer value) {
        if (value == null) {
            throw new IllegalArgumentException("optimizer is null");
        }
        optimizer = value;
        return this;
    }

    /**
     * Sets a file to which every epoch's end saves a checkpoint ({@link Network#saveCheckpoint}),
     * replacing the previous one atomically: a run stopped at any moment leaves the checkpoint of
     * its last whole epoch, which {@link Network#load} resumes exactly.
     *
     * @param file the checkpoint file, or null for none (the default)
     * @return these options
     */
    public FitOptions checkpoint(Path file) {
        checkpoint = file;
        return this;
    }

    /**
     * Sets what a batch whose loss, a layer's output or a gradient is NaN or infinite does: by
     * default (false) training stops with a {@link NonFiniteException} naming the epoch, the batch
     * and the layer, its weights those from before the batch; with true the batch is skipped — no
     * step is taken — and counted in {@link EpochStats#skippedBatches()}.
     *
     * @param value true to skip such batches, false to stop
     * @return these options
     */
    public FitOptions skipNonFiniteBatches(boolean value) {
        skipNonFinite = value;
        return this;
    }

    /**
     * Sets whether each epoch visits the samples in a new random order (default true).
     *
     * @param value true to shuffle, false for the samples in order
     * @return these options
     */
    public FitOptions shuffle(boolean value) {
        shuffle = value;
        return this;
    }

    /**
     * Sets the seed of the shuffling order for this fit (default: the network's generator of the
     * training order, drawn from its seed at its first fit and continued by later fits and by a
     * resumed checkpoint).
     *
     * @param value the seed
     * @return these options
     */
    public FitOptions seed(long value) {
        seed = value;
        return this;
    }

    /**
     * Sets data evaluated after every epoch, reported as validation loss and accuracy (default none).
     *
     * @param value the validation data, or null for none
     * @return these options
     */
    public FitOptions validation(DataSet value) {
        validation = value;
        return this;
    }

    /** What a fit prints as it trains. */
    public enum Verbosity {
        /** Nothing. */
        SILENT,
        /** One plain line per epoch, without control characters: for logs, CI and pipes. */
        EPOCHS,
        /**
         * {@code Epoch 3/10}, then one line redrawn as the epoch goes (batches done, a bar, the
         * time left, the time per step, the running loss and accuracy), which the validation
         * figures join at the epoch's end.
         */
        LIVE,
        /** {@link #LIVE} on an interactive terminal, else {@link #EPOCHS} (the default). */
        AUTO
    }

    /**
     * Sets what the fit prints to {@code System.out} (default {@link Verbosity#AUTO}: a live
     * progress line on a terminal, one line per epoch elsewhere).
     *
     * @param value the verbosity
     * @return these options
     * @throws IllegalArgumentException if value is null
     */
    public FitOptions verbosity(Verbosity value) {
        if (value == null) {
            throw new IllegalArgumentException("verbosity is null");
        }
        verbosity = value;
        return this;
    }

    /**
     * Adds callbacks, called in the order added after the progress output: early stopping,
     * checkpoints, logs and learning-rate schedules of {@code dev.nn.callbacks}, or your own.
     *
     * @param values the callbacks
     * @return these options
     * @throws IllegalArgumentException if a callback is null
     */
    public FitOptions callbacks(Callback... values) {
        for (Callback c : values) {
            if (c == null) {
                throw new IllegalArgumentException("a callback is null");
            }
        }
        callbacks.addAll(List.of(values));
        return this;
    }

    /**
     * Sets a listener called after every epoch, e.g. {@code stats -> System.out.println(stats)}.
     *
     * @param listener receives each epoch's statistics
     * @return these options
     * @throws IllegalArgumentException if listener is null
     */
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

    /** The optimizer of a network that has none yet and options that set none. */
    static Optimizer defaultOptimizer() {
        return Optimizer.adam(1e-3f);
    }

    /** The optimizer set, or null for the network's. */
    Optimizer optimizer() {
        return optimizer;
    }

    Path checkpoint() {
        return checkpoint;
    }

    boolean skipNonFiniteBatches() {
        return skipNonFinite;
    }

    /** What the fit calls: the progress output for the verbosity, the callbacks, then the listener. */
    List<Callback> callbacks() {
        List<Callback> all = new ArrayList<>();
        Verbosity v = verbosity == Verbosity.AUTO ? (ProgressLine.onTerminal() ? Verbosity.LIVE : Verbosity.EPOCHS) : verbosity;
        if (v != Verbosity.SILENT) {
            all.add(new ProgressLine(System.out, v == Verbosity.LIVE));
        }
        all.addAll(callbacks);
        Consumer<EpochStats> listener = onEpoch;
        all.add(new Callback() {
            @Override
            public void onEpochEnd(Training training, EpochStats epoch) {
                listener.accept(epoch);
            }
        });
        return all;
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
