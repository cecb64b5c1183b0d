/**
 * Element-wise kernels: the family interface {@code ElementwiseKernels} (arithmetic, bias and its
 * gradient, activations and their derivatives), its Vector API implementation with
 * {@code VectorMath} (exp and tanh from basic arithmetic, so that they round the same compiled or
 * not) and its scalar twin; and {@code VectorRows}, the row copies between narrow and wide layouts
 * that the convolution and pooling kernels make.
 *
 * <p>May use: {@code dev.nn.core.runtime}.
 */
package dev.nn.core.kernels.elementwise;
