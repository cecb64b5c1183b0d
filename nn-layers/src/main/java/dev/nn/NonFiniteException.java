package dev.nn;

/**
 * Training met a NaN or an infinity: in the loss, in a layer's output, or in a parameter's
 * gradient. {@link Network#fit} throws it at the first such batch, before the optimizer's step, so
 * that the weights and the optimizer's state are those from before that batch (unless the
 * message says that the weights themselves had already become non-finite, through an update
 * that overflowed). {@link FitOptions#skipNonFiniteBatches} skips such batches instead.
 *
 * <p>Immutable, so safe to share between threads.
 */
public final class NonFiniteException extends ArithmeticException {
    private static final long serialVersionUID = 1L;

    /** The epoch of the batch; 0 for trainBatch. */
    private final int epoch;
    /** The batch, from 1 within its epoch; 0 for trainBatch. */
    private final int batch;
    /** The layer that went non-finite; −1 for the loss. */
    private final int layer;

    NonFiniteException(int epoch, int batch, int layer, String message) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.layer = layer;
    }

    /**
     * The epoch of the batch, as {@link EpochStats#epoch()} numbers it.
     *
     * @return the epoch, or 0 for a batch of {@link Network#trainBatch}
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The batch, counted from 1 within its epoch.
     *
     * @return the batch's number, or 0 for a batch of {@link Network#trainBatch}
     */
    public int batch() {
        return batch;
    }

    /**
     * The index of the first layer whose output, gradient or weights went non-finite.
     *
     * @return the layer's index in {@link Network#layers()}, or −1 if only the loss did
     */
    public int layer() {
        return layer;
    }
}
