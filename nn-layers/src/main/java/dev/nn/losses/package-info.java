/**
 * The loss formulas, one class per loss behind {@link dev.nn.losses.LossFunction}: pure functions
 * of predictions and targets that return the loss and write its gradient into a buffer the caller
 * gives. {@code dev.nn.Loss}'s factories wrap them; this package is not exported from the module.
 *
 * <p>May use: nn-core only.
 */
package dev.nn.losses;
