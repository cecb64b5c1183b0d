/**
 * The optimizers' update rules over flat arrays, one class per optimizer behind
 * {@link dev.nn.optim.UpdateRule}, and the gradient clippings, one class each behind
 * {@link dev.nn.optim.GradientClipping}; each cites its paper and runs on nn-core's
 * parameter-update kernels. {@code dev.nn.Optimizer}'s factories wrap them in an optimizer that owns
 * the per-parameter state; this package is not exported from the module.
 *
 * <p>May use: nn-core only.
 */
package dev.nn.optim;
