package dev.nn.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How often each class was predicted for each true class, and the scores read from it: per-class
 * precision, recall and F1 with their support, and their macro (plain mean) and weighted (by
 * support) averages, as scikit-learn's {@code classification_report} gives them. A class that is
 * never predicted has precision 0 (and one that never occurs, recall 0), as scikit-learn's
 * {@code zero_division=0}.
 *
 * <p>Immutable, so safe to share between threads.
 */
public final class ConfusionMatrix {
    private final long[][] counts; // [actual][predicted]
    private final List<String> names;

    /**
     * A matrix of counts.
     *
     * @param counts {@code counts[actual][predicted]}, square, copied
     * @param names the classes' names, one per class, or null for their indices
     * @throws IllegalArgumentException if counts is not square, holds a negative count, or names
     *     has another length
     */
    public ConfusionMatrix(long[][] counts, List<String> names) {
        int k = counts.length;
        this.counts = new long[k][];
        for (int i = 0; i < k; i++) {
            if (counts[i].length != k) {
                throw new IllegalArgumentException("a confusion matrix is square, but row " + i + " has " + counts[i].length
                        + " counts for " + k + " classes");
            }
            for (long c : counts[i]) {
                if (c < 0) {
                    throw new IllegalArgumentException("a count is negative: " + c);
                }
            }
            this.counts[i] = counts[i].clone();
        }
        if (names != null && names.size() != k) {
            throw new IllegalArgumentException(k + " classes but " + names.size() + " names");
        }
        this.names = names == null ? null : List.copyOf(names);
    }

    /**
     * The number of classes.
     *
     * @return k
     */
    public int classes() {
        return counts.length;
    }

    /**
     * How many samples of one class were predicted as another.
     *
     * @param actual the true class
     * @param predicted the predicted class
     * @return the count
     */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    /**
     * The samples counted.
     *
     * @return the sum of all counts
     */
    public long total() {
        return Arrays.stream(counts).flatMapToLong(Arrays::stream).sum();
    }

    /**
     * The fraction of samples predicted as their class.
     *
     * @return the diagonal's sum over the total (0 when empty)
     */
    public double accuracy() {
        long right = 0;
        for (int c = 0; c < counts.length; c++) {
            right += counts[c][c];
        }
        return ratio(right, total());
    }

    /**
     * The samples of a class.
     *
     * @param c the class
     * @return its row's sum
     */
    public long support(int c) {
        return Arrays.stream(counts[c]).sum();
    }

    /**
     * Of the samples predicted as c, the fraction that are c.
     *
     * @param c the class
     * @return the precision, 0 if c was never predicted
     */
    public double precision(int c) {
        long predicted = 0;
        for (long[] row : counts) {
            predicted += row[c];
        }
        return ratio(counts[c][c], predicted);
    }

    /**
     * Of the samples of class c, the fraction predicted as c.
     *
     * @param c the class
     * @return the recall, 0 if c never occurs
     */
    public double recall(int c) {
        return ratio(counts[c][c], support(c));
    }

    /**
     * The harmonic mean of precision and recall.
     *
     * @param c the class
     * @return F1, 0 when both are 0
     */
    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /**
     * The plain mean of a score over the classes.
     *
     * @param score the score, e.g. {@code ConfusionMatrix::f1}
     * @return its macro average
     */
    public double macro(Score score) {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += score.of(this, c);
        }
        return counts.length == 0 ? 0 : sum / counts.length;
    }

    /**
     * The mean of a score over the classes, weighted by their support.
     *
     * @param score the score, e.g. {@code ConfusionMatrix::recall}
     * @return its weighted average
     */
    public double weighted(Score score) {
        double sum = 0;
        for (int c = 0; c < counts.length; c++) {
            sum += score.of(this, c) * support(c);
        }
        long total = total();
        return total == 0 ? 0 : sum / total;
    }

    /** A per-class score, e.g. {@code ConfusionMatrix::precision}. */
    @FunctionalInterface
    public interface Score {
        /**
         * The score of one class.
         *
         * @param matrix the matrix
         * @param c the class
         * @return the score
         */
        double of(ConfusionMatrix matrix, int c);
    }

    /**
     * The name of a class.
     *
     * @param c the class
     * @return its name, or its index as text
     */
    public String name(int c) {
        return names == null ? Integer.toString(c) : names.get(c);
    }

    /**
     * The matrix (rows: true class; columns: predicted) and the per-class report, as text tables.
     *
     * @return the tables, lines ending in a newline
     */
    @Override
    public String toString() {
        int k = counts.length, nameWidth = "weighted avg".length();
        for (int c = 0; c < k; c++) {
            nameWidth = Math.max(nameWidth, name(c).length());
        }
        int cell = Math.max(6, Long.toString(total()).length() + 1);
        for (int c = 0; c < k; c++) {
            cell = Math.max(cell, name(c).length() + 1);
        }
        StringBuilder out = new StringBuilder("true \\ predicted\n").append(" ".repeat(nameWidth));
        for (int c = 0; c < k; c++) {
            out.append(pad(name(c), cell));
        }
        out.append('\n');
        for (int a = 0; a < k; a++) {
            out.append(String.format(Locale.ROOT, "%-" + nameWidth + "s", name(a)));
            for (int p = 0; p < k; p++) {
                out.append(pad(Long.toString(counts[a][p]), cell));
            }
            out.append('\n');
        }
        out.append('\n').append(String.format(Locale.ROOT, "%-" + nameWidth + "s%10s%10s%10s%10s%n", "", "precision",
                "recall", "f1", "support"));
        for (int c = 0; c < k; c++) {
            out.append(row(name(c), nameWidth, precision(c), recall(c), f1(c), support(c)));
        }
        long total = total();
        out.append('\n').append(String.format(Locale.ROOT, "%-" + nameWidth + "s%10s%10s%10.4f%10d%n", "accuracy", "", "",
                accuracy(), total));
        out.append(row("macro avg", nameWidth, macro(ConfusionMatrix::precision), macro(ConfusionMatrix::recall),
                macro(ConfusionMatrix::f1), total));
        out.append(row("weighted avg", nameWidth, weighted(ConfusionMatrix::precision), weighted(ConfusionMatrix::recall),
                weighted(ConfusionMatrix::f1), total));
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfusionMatrix m && Arrays.deepEquals(counts, m.counts) && Objects.equals(names, m.names);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(counts);
    }

    private static String row(String name, int width, double p, double r, double f, long support) {
        return String.format(Locale.ROOT, "%-" + width + "s%10.4f%10.4f%10.4f%10d%n", name, p, r, f, support);
    }

    private static String pad(String s, int width) {
        return " ".repeat(Math.max(1, width - s.length())) + s;
    }

    private static double ratio(long a, long b) {
        return b == 0 ? 0 : (double) a / b;
    }
}
