/**
 * Measures of how well a network does, computed from its outputs and the targets:
 * {@link dev.nn.metrics.Accuracy}, the {@link dev.nn.metrics.ConfusionMatrix} with per-class
 * precision, recall and F1 (counted over batches by {@link dev.nn.metrics.ClassificationCounts},
 * with top-k accuracy), and {@link dev.nn.metrics.RegressionScores}.
 *
 * <p>May use: {@link dev.nn.data} and nn-core.
 */
package dev.nn.metrics;
