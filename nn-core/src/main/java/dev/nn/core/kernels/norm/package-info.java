/**
 * Batch normalization: the family interface {@code NormalizationKernels}, its Vector API
 * implementation and its scalar twin, equal to the bit but for the per-channel sums over image
 * planes, which they take in different orders.
 *
 * <p>May use: {@code dev.nn.core.runtime}.
 */
package dev.nn.core.kernels.norm;
