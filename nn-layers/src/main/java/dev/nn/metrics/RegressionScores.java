package dev.nn.metrics;

import dev.nn.core.Tensor;
import java.util.Locale;

/**
 * Regression scores over every predicted value: mean absolute error, root mean squared error, and
 * the coefficient of determination R² = 1 − Σ(y − ŷ)² / Σ(y − ȳ)² (1 for a perfect fit, 0 for
 * predicting the mean; 0 when the targets are all equal and the fit is not perfect), as
 * scikit-learn's {@code mean_absolute_error}, {@code root_mean_squared_error} and {@code r2_score}
 * compute them over the flattened values.
 *
 * <p>Immutable, so safe to share between threads.
 *
 * @param mae the mean absolute error
 * @param rmse the root mean squared error
 * @param r2 R²
 */
public record RegressionScores(double mae, double rmse, double r2) {
    /**
     * The scores of outputs against targets of the same shape, summed in double.
     *
     * @param outputs the predictions
     * @param targets the targets
     * @return the scores; NaN when there are no values
     * @throws IllegalArgumentException if the shapes differ
     */
    public static RegressionScores of(Tensor outputs, Tensor targets) {
        if (!outputs.sameShape(targets)) {
            throw new IllegalArgumentException("outputs and targets differ in shape");
        }
        float[] o = outputs.data(), t = targets.data();
        int n = outputs.size();
        double absolute = 0, squared = 0, sum = 0;
        for (int i = 0; i < n; i++) {
            double e = (double) o[i] - t[i];
            absolute += Math.abs(e);
            squared += e * e;
            sum += t[i];
        }
        double mean = sum / n, total = 0;
        for (int i = 0; i < n; i++) {
            double d = t[i] - mean;
            total += d * d;
        }
        double r2 = total == 0 ? (squared == 0 ? 1 : 0) : 1 - squared / total;
        return new RegressionScores(absolute / n, Math.sqrt(squared / n), r2);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MAE %.6g  RMSE %.6g  R² %.6f", mae, rmse, r2);
    }
}
