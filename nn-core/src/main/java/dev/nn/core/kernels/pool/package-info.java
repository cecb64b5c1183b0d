/**
 * Max and average pooling: the family interface {@code PoolingKernels}, its Vector API
 * implementation (average pooling in {@code VectorAvgPooling}; the implementation
 * also offers the convolutions the pooling of a wide row and the routing of a pooled gradient back
 * through argmax) and its scalar twin, equal to the bit but for whole-plane averages, which they sum
 * in different orders.
 *
 * <p>May use: {@code dev.nn.core.runtime} and {@code elementwise}.
 */
package dev.nn.core.kernels.pool;
