package dev.nn.data;

import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Samples for supervised learning: inputs [N, ...] and targets [N, ...], paired by their first
 * dimension, with {@linkplain #batches mini-batches} drawn in a shuffled order.
 *
 * <p>The tensors are held, not copied: a data set is a view over them. Every value must be finite:
 * a NaN or an infinity is refused, naming the first sample that holds one. Immutable once made if
 * its tensors are left alone; any number of threads may read it at once.
 *
 * <pre>{@code
 * DataSet all = new DataSet(images, OneHot.encode(labels, 10));   // [N, 1, 28, 28] and [N, 10]
 * DataSet train = all.slice(0, 50_000), validation = all.slice(50_000, all.size());
 * }</pre>
 */
public final class DataSet {
    private final Tensor inputs;
    private final Tensor targets;

    /**
     * Pairs sample {@code i} of {@code inputs} with sample {@code i} of {@code targets}.
     *
     * @param inputs the inputs, [N, ...]
     * @param targets the targets, [N, ...]
     * @throws IllegalArgumentException if either is null, their first dimensions differ, or a value
     *     is NaN or infinite (the message names the first such sample)
     */
    public DataSet(Tensor inputs, Tensor targets) {
        if (inputs == null || targets == null) {
            throw new IllegalArgumentException((inputs == null ? "inputs" : "targets") + " must not be null");
        }
        if (inputs.dim(0) != targets.dim(0)) {
            throw new IllegalArgumentException("inputs " + Arrays.toString(inputs.shape()) + " and targets "
                    + Arrays.toString(targets.shape()) + " must have the same first dimension, the number of samples");
        }
        this.inputs = inputs;
        this.targets = targets;
        requireFinite();
    }

    /**
     * Checks that every value is finite, as the constructor did: the tensors are views, which their
     * owner may have changed since.
     *
     * @throws IllegalArgumentException naming the first sample that holds a NaN or an infinity
     */
    public void requireFinite() {
        requireFinite(inputs, "inputs");
        requireFinite(targets, "targets");
    }

    /**
     * Checks that every value of a batch of samples is finite.
     *
     * @param samples the samples, [N, ...]
     * @param what what to call them in the message, e.g. {@code "inputs"}
     * @throws IllegalArgumentException naming the first sample that holds a NaN or an infinity,
     *     and the value
     */
    public static void requireFinite(Tensor samples, String what) {
        requireFinite(samples, 0, what);
    }

    /**
     * Checks that every value of a batch cut from a larger set of samples is finite, e.g. while
     * the batch is in cache, right after it was copied out of the set.
     *
     * @param batch the batch's samples, [B, ...]
     * @param firstSample the index in the set of the batch's first sample
     * @param what what to call the set in the message, e.g. {@code "inputs"}
     * @throws IllegalArgumentException naming the first sample that holds a NaN or an infinity by
     *     its index in the set, and the value
     */
    public static void requireFinite(Tensor batch, int firstSample, String what) {
        int at = Elementwise.firstNonFinite(batch.size(), batch.data(), 0);
        if (at >= 0) {
            int perSample = batch.size() / batch.dim(0);
            throw new IllegalArgumentException(what + ": sample " + (firstSample + at / perSample) + " holds "
                    + batch.data()[at] + " (its value " + at % perSample + "); nn trains and predicts on finite values only");
        }
    }

    /**
     * The number of samples.
     *
     * @return N
     */
    public int size() {
        return inputs.dim(0);
    }

    /**
     * All inputs.
     *
     * @return the inputs, [N, ...]
     */
    public Tensor inputs() {
        return inputs;
    }

    /**
     * All targets.
     *
     * @return the targets, [N, ...]
     */
    public Tensor targets() {
        return targets;
    }

    /**
     * The shape of one input sample.
     *
     * @return the inputs' shape without N, a new array
     */
    public int[] inputShape() {
        return sampleShape(inputs);
    }

    /**
     * The shape of one target sample.
     *
     * @return the targets' shape without N, a new array
     */
    public int[] targetShape() {
        return sampleShape(targets);
    }

    /**
     * This data set with each input sample reshaped, e.g. [N, 1, 28, 28] → [N, 784] for
     * {@code withInputShape(784)}. The values are shared, not copied; one dimension may be -1.
     *
     * @param sampleShape the new shape of one input sample
     * @return a data set over the same values
     * @throws IllegalArgumentException if the new sample shape holds a different number of values
     */
    public DataSet withInputShape(int... sampleShape) {
        int[] shape = new int[sampleShape.length + 1];
        shape[0] = size();
        System.arraycopy(sampleShape, 0, shape, 1, sampleShape.length);
        return new DataSet(inputs.reshape(shape), targets);
    }

    /**
     * A copy of samples {@code from} (inclusive) to {@code to} (exclusive), e.g. to hold some out
     * for validation.
     *
     * @param from the first sample
     * @param to the sample after the last
     * @return a new data set holding copies of those samples
     * @throws IllegalArgumentException unless {@code 0 <= from < to <= size()}
     */
    public DataSet slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") of a data set of " + size()
                    + " samples: expected 0 <= from < to <= " + size());
        }
        return new DataSet(rows(inputs, from, to), rows(targets, from, to));
    }

    private static Tensor rows(Tensor t, int from, int to) {
        int row = t.size() / t.dim(0);
        int[] shape = t.shape();
        shape[0] = to - from;
        return Tensor.wrap(Arrays.copyOfRange(t.data(), from * row, to * row), shape);
    }

    /**
     * Mini-batches of {@code batchSize} samples covering every sample once per pass; the last batch
     * holds the remainder when the size is not a multiple (8000 samples make 125 batches of 64).
     * Each {@link Batches#iterator()} starts a new pass, shuffled by {@code rng}.
     *
     * <p>The batches are gathered into two buffers owned by the returned object, so make it once and
     * iterate it once per epoch; see {@link Batches} for how long a batch stays valid.
     *
     * @param batchSize the samples per batch
     * @param rng the order of each pass, or null for the samples in order
     * @return the batches
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public Batches batches(int batchSize, Rng rng) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        return new Batches(this, batchSize, rng);
    }

    private static int[] sampleShape(Tensor t) {
        int[] s = t.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /**
     * One mini-batch, row {@code i} of the inputs paired with row {@code i} of the targets.
     *
     * @param inputs the batch's inputs, [batch, ...]
     * @param targets the batch's targets, [batch, ...]
     */
    public record Batch(Tensor inputs, Tensor targets) {
    }

    /**
     * The mini-batches of a data set, pass after pass. Each {@link #iterator()} starts a new pass
     * in a new order drawn from the generator, so only one pass should be in progress at a time.
     *
     * <p>Every batch is gathered into the same two buffers, so a pass allocates nothing per batch
     * and never copies the whole data set. Hence a {@link Batch} and its tensors are valid only
     * until the next one is drawn: copy what must outlive that.
     */
    public static final class Batches implements Iterable<Batch> {
        private final Tensor inputs;
        private final Tensor targets;
        private final int batchSize;
        private final Rng rng;
        private final int[] order;
        private final int inputRow;
        private final int targetRow;
        private final Batch full;
        /** The last, smaller batch (views over the same buffers), or null if batches divide N. */
        private final Batch last;

        private Batches(DataSet data, int batchSize, Rng rng) {
            this.inputs = data.inputs;
            this.targets = data.targets;
            this.rng = rng;
            int n = data.size();
            this.batchSize = Math.min(batchSize, n);
            this.order = new int[n];
            resetOrder();
            this.inputRow = inputs.size() / n;
            this.targetRow = targets.size() / n;
            int[] inputShape = data.inputShape();
            int[] targetShape = data.targetShape();
            Tensor x = Tensor.reuse(null, this.batchSize, inputShape);
            Tensor y = Tensor.reuse(null, this.batchSize, targetShape);
            this.full = new Batch(x, y);
            int rest = n % this.batchSize;
            this.last = rest == 0 ? null
                    : new Batch(Tensor.reuse(x, rest, inputShape), Tensor.reuse(y, rest, targetShape));
        }

        /**
     * The number of batches in a pass.
     *
     * @return N divided by the batch size, rounded up
     */
        public int count() {
            return (order.length + batchSize - 1) / batchSize;
        }

        /**
     * Starts a pass: shuffles the sample order with the generator (if any) and yields its batches.
     *
     * @return the pass's batches, each valid until the next is drawn
     */
        @Override
        public Iterator<Batch> iterator() {
            if (rng != null) {
                // From the identity each time, so that a pass's order depends on the generator alone.
                resetOrder();
                rng.shuffle(order);
            }
            return new Iterator<>() {
                private int start;

                @Override
                public boolean hasNext() {
                    return start < order.length;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException("all " + count() + " batches of this pass were drawn");
                    }
                    Batch b = order.length - start < batchSize ? last : full;
                    gather(start, b);
                    start += b.inputs().dim(0);
                    return b;
                }
            };
        }

        private void resetOrder() {
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
        }

        private void gather(int start, Batch b) {
            float[] x = inputs.data();
            float[] y = targets.data();
            float[] bx = b.inputs().data();
            float[] by = b.targets().data();
            int rows = b.inputs().dim(0);
            Elementwise.gatherRows(rows, inputRow, x, order, start, bx, 0);
            Elementwise.gatherRows(rows, targetRow, y, order, start, by, 0);
        }
    }
}
