package dev.nn;

import dev.nn.metrics.ConfusionMatrix;
import dev.nn.metrics.RegressionScores;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * How a network does on a data set: the mean loss and the accuracy (a sample is right when its
 * largest output is at the position of its largest target value, or, for a single output, when
 * output and target are on the same side of 0.5: {@link dev.nn.metrics.Accuracy}); for a
 * classifier also the {@link ConfusionMatrix} (per-class precision, recall and F1 with their
 * averages) and the top-k accuracy; for a network trained on the mean squared error also MAE, RMSE
 * and R². {@link #toString()} prints them as tables.
 *
 * <pre>{@code
 * Evaluation e = net.evaluate(test);
 * System.out.println(e);                   // loss, accuracy, top-5, the matrix and the report
 * double f1 = e.confusion().f1(3);
 * }</pre>
 *
 * <p>Immutable, so safe to share between threads.
 */
public final class Evaluation {
    private final double loss;
    private final double accuracy;
    private final int samples;
    private final ConfusionMatrix confusion;
    private final double[] topK; // topK[k - 1]: the top-k accuracy, k = 1 .. classes
    private final RegressionScores regression;

    Evaluation(double loss, double accuracy, int samples, ConfusionMatrix confusion, double[] topK,
            RegressionScores regression) {
        this.loss = loss;
        this.accuracy = accuracy;
        this.samples = samples;
        this.confusion = confusion;
        this.topK = topK;
        this.regression = regression;
    }

    /**
     * The mean loss over the samples.
     *
     * @return the loss
     */
    public double loss() {
        return loss;
    }

    /**
     * The fraction of the samples that were right.
     *
     * @return the accuracy, from 0 to 1
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * The number of samples.
     *
     * @return the samples evaluated
     */
    public int samples() {
        return samples;
    }

    /**
     * The confusion matrix, with per-class precision, recall and F1 and their averages. Samples
     * whose outputs hold a NaN or an infinity are left out of it (accuracy counts them wrong).
     *
     * @return the matrix
     */
    public ConfusionMatrix confusion() {
        return confusion;
    }

    /**
     * The fraction of samples whose true class is among the network's k highest outputs.
     *
     * @param k how many of the highest outputs count, at least 1
     * @return the top-k accuracy (1 for k at least the number of classes, but for non-finite outputs)
     * @throws IllegalArgumentException if k is below 1
     */
    public double topKAccuracy(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, got " + k);
        }
        return topK[Math.min(k, topK.length) - 1];
    }

    /**
     * MAE, RMSE and R² over every output value, for a network whose loss is the mean squared error.
     *
     * @return the scores, or null for other losses
     */
    public RegressionScores regression() {
        return regression;
    }

    /** The figures, then the confusion matrix and the per-class report (or the regression scores). */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d samples: loss %.4f  accuracy %.4f", samples,
                loss, accuracy));
        if (topK.length >= 5) {
            out.append(String.format(Locale.ROOT, "  top-5 accuracy %.4f", topKAccuracy(5)));
        }
        if (regression != null) {
            out.append("\n").append(regression);
        }
        return out.append("\n\n").append(confusion).toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Evaluation e && Double.compare(loss, e.loss) == 0 && Double.compare(accuracy, e.accuracy) == 0
                && samples == e.samples && confusion.equals(e.confusion) && Arrays.equals(topK, e.topK)
                && Objects.equals(regression, e.regression);
    }

    @Override
    public int hashCode() {
        return Objects.hash(loss, accuracy, samples, confusion);
    }
}
