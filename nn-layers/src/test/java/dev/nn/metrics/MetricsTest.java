package dev.nn.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scores against scikit-learn's documented examples, worked by hand. */
class MetricsTest {
    /** One-hot rows for class labels. */
    private static Tensor oneHot(int classes, int... labels) {
        float[] v = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            v[i * classes + labels[i]] = 1;
        }
        return Tensor.wrap(v, labels.length, classes);
    }

    @Test
    void theClassificationReportOfScikitLearnsExample() {
        // classification_report's example: y_true = [0, 1, 2, 2, 2], y_pred = [0, 0, 2, 2, 1]
        ClassificationCounts counts = new ClassificationCounts(3);
        counts.add(oneHot(3, 0, 0, 2, 2, 1), oneHot(3, 0, 1, 2, 2, 2));
        ConfusionMatrix m = counts.confusion(List.of("class 0", "class 1", "class 2"));
        assertEquals(2, m.count(2, 2));
        assertEquals(1, m.count(1, 0));
        assertEquals(0.5, m.precision(0), 1e-12);
        assertEquals(1.0, m.recall(0), 1e-12);
        assertEquals(0.0, m.precision(1), 1e-12);
        assertEquals(1.0, m.precision(2), 1e-12);
        assertEquals(2.0 / 3, m.recall(2), 1e-12);
        assertEquals(0.8, m.f1(2), 1e-12);
        assertEquals(0.6, m.accuracy(), 1e-12);
        // scikit-learn prints: macro avg 0.50 0.56 0.49; weighted avg 0.70 0.60 0.61
        assertEquals(0.5, m.macro(ConfusionMatrix::precision), 1e-12);
        assertEquals(5.0 / 9, m.macro(ConfusionMatrix::recall), 1e-12);
        assertEquals((2.0 / 3 + 0 + 0.8) / 3, m.macro(ConfusionMatrix::f1), 1e-12);
        assertEquals(0.7, m.weighted(ConfusionMatrix::precision), 1e-12);
        assertEquals(0.6, m.weighted(ConfusionMatrix::recall), 1e-12);
        assertEquals((2.0 / 3 + 3 * 0.8) / 5, m.weighted(ConfusionMatrix::f1), 1e-12);
        String table = m.toString();
        assertTrue(table.contains("class 2" + " ".repeat(12) + "0       1       2\n"), table);
        assertTrue(table.contains("class 2         1.0000    0.6667    0.8000         3\n"), table);
        assertTrue(table.contains("weighted avg    0.7000    0.6000    0.6133         5\n"), table);
    }

    @Test
    void topKCountsTheTrueClassAmongTheHighestOutputs() {
        Tensor outputs = Tensor.wrap(new float[] {
            0.1f, 0.5f, 0.4f,    // true 2: second
            0.7f, 0.2f, 0.1f,    // true 0: first
            0.2f, 0.3f, 0.5f,    // true 0: third
            Float.NaN, 1, 0}, 4, 3); // a NaN row names no class
        ClassificationCounts counts = new ClassificationCounts(3);
        counts.add(outputs, oneHot(3, 2, 0, 0, 1));
        assertEquals(0.25, counts.topK(1), 1e-12);
        assertEquals(0.5, counts.topK(2), 1e-12);
        assertEquals(0.75, counts.topK(3), 1e-12);
        assertEquals(3, counts.confusion(null).total(), "the NaN row is left out of the matrix");
    }

    @Test
    void aSingleOutputIsABinaryClassifier() {
        ClassificationCounts counts = new ClassificationCounts(1);
        counts.add(Tensor.wrap(new float[] {0.9f, 0.2f, 0.6f, 0.4f}, 4, 1), Tensor.wrap(new float[] {1, 0, 0, 1}, 4, 1));
        ConfusionMatrix m = counts.confusion(null);
        assertEquals(List.of(1L, 1L, 1L, 1L), List.of(m.count(0, 0), m.count(0, 1), m.count(1, 0), m.count(1, 1)));
    }

    @Test
    void regressionScoresOfScikitLearnsExample() {
        // r2_score's example: y_true = [3, -0.5, 2, 7], y_pred = [2.5, 0.0, 2, 8] → 0.948...
        RegressionScores s = RegressionScores.of(Tensor.wrap(new float[] {2.5f, 0f, 2f, 8f}, 4, 1),
                Tensor.wrap(new float[] {3f, -0.5f, 2f, 7f}, 4, 1));
        assertEquals(0.5, s.mae(), 1e-12);
        assertEquals(Math.sqrt(0.375), s.rmse(), 1e-12);
        assertEquals(1 - 1.5 / 29.1875, s.r2(), 1e-12);
    }
}
