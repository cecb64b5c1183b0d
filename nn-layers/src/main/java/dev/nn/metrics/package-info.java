/**
 * Measures of how well a network does, computed from its outputs and the targets:
 * {@link dev.nn.metrics.Accuracy}.
 *
 * <p>May use: {@link dev.nn.data} and nn-core.
 */
package dev.nn.metrics;
