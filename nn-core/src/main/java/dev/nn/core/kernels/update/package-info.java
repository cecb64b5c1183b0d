/**
 * Parameter updates: the optimizers' rules (SGD with weight decay, momentum or Nesterov; Adam and
 * AdamW; RMSprop) as fused kernels, one pass over weights, gradient and state, and the gradient
 * clipping kernels (clamping by value, the sum of squares for the global norm); the family
 * interface {@code UpdateKernels}, its Vector API implementation and its scalar twin, rounding alike.
 *
 * <p>May use: the JDK only.
 */
package dev.nn.core.kernels.update;
