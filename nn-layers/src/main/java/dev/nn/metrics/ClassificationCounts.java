package dev.nn.metrics;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import dev.nn.data.OneHot;
import java.util.List;

/**
 * Counts, batch after batch, what a classifier predicted for each true class and how it ranked the
 * true class, for the {@link ConfusionMatrix} and top-k accuracy of a whole data set. Classes are
 * the positions of the largest output and target value ({@link OneHot#argmax}), or, for a single
 * output, which side of 0.5 it is on. A sample whose outputs hold a NaN or an infinity names no
 * class: it is left out of the matrix and never within the top k.
 *
 * <p>Not thread-safe: one per evaluation.
 */
public final class ClassificationCounts {
    private final int classes;
    private final long[][] counts; // [actual][predicted]
    private final long[] ranks;    // ranks[r]: samples whose true class came r-th
    private long samples;

    /**
     * Empty counts for outputs of {@code outputs} values per sample.
     *
     * @param outputs the values per sample: the classes, or 1 for a binary classifier
     * @throws IllegalArgumentException if outputs is below 1
     */
    public ClassificationCounts(int outputs) {
        if (outputs < 1) {
            throw new IllegalArgumentException("a classifier has at least 1 output, got " + outputs);
        }
        this.classes = outputs == 1 ? 2 : outputs;
        this.counts = new long[classes][classes];
        this.ranks = new long[classes];
    }

    /**
     * Adds a batch.
     *
     * @param outputs the network's outputs, [batch, outputs]
     * @param targets the targets, of the same shape
     * @throws IllegalArgumentException if the shapes differ from each other or from these counts'
     */
    public void add(Tensor outputs, Tensor targets) {
        int rows = outputs.dim(0), cols = outputs.size() / Math.max(rows, 1);
        if (!outputs.sameShape(targets) || (cols == 1 ? 2 : cols) != classes) {
            throw new IllegalArgumentException("expected outputs and targets of " + (classes == 2 ? "1 or 2" : classes)
                    + " values per sample, of the same shape");
        }
        float[] o = outputs.data(), t = targets.data();
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            samples++;
            if (Elementwise.firstNonFinite(cols, o, base) >= 0) {
                continue;
            }
            int actual, predicted, rank = 0;
            if (cols == 1) {
                actual = t[base] >= 0.5f ? 1 : 0;
                predicted = o[base] >= 0.5f ? 1 : 0;
                rank = actual == predicted ? 0 : 1;
            } else {
                actual = OneHot.argmax(t, base, cols);
                predicted = OneHot.argmax(o, base, cols);
                for (int c = 0; c < cols; c++) {
                    if (o[base + c] > o[base + actual]) {
                        rank++;
                    }
                }
            }
            counts[actual][predicted]++;
            ranks[rank]++;
        }
    }

    /**
     * The confusion matrix of what was added.
     *
     * @param names the classes' names, or null for their indices
     * @return the matrix
     */
    public ConfusionMatrix confusion(List<String> names) {
        return new ConfusionMatrix(counts, names);
    }

    /**
     * The fraction of samples whose true class is among their k highest outputs.
     *
     * @param k how many of the highest outputs count, at least 1
     * @return the top-k accuracy, 0 when nothing was added
     * @throws IllegalArgumentException if k is below 1
     */
    public double topK(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        long within = 0;
        for (int r = 0; r < Math.min(k, classes); r++) {
            within += ranks[r];
        }
        return samples == 0 ? 0 : (double) within / samples;
    }
}
