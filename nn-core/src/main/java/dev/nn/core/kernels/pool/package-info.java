/**
 * Max pooling: the family interface {@code PoolingKernels}, its Vector API implementation (which
 * also offers the convolutions the pooling of a wide row and the routing of a pooled gradient back
 * through argmax) and its scalar twin, equal to the bit.
 *
 * <p>May use: {@code dev.nn.core.runtime} and {@code elementwise}.
 */
package dev.nn.core.kernels.pool;
