/**
 * Parameter updates: the optimizers' rules (SGD with momentum or Nesterov, Adam) as fused kernels,
 * one pass over weights, gradient and state; the family interface {@code UpdateKernels}, its
 * Vector API implementation and its scalar twin, rounding alike.
 *
 * <p>May use: the JDK only.
 */
package dev.nn.core.kernels.update;
