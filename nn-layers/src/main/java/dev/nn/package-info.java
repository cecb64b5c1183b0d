/**
 * The API of nn: a {@link dev.nn.Network} of {@link dev.nn.layers.Layer}s trained with a
 * {@link dev.nn.Loss} and an {@link dev.nn.Optimizer}, {@link dev.nn.FitOptions} and what training
 * reports ({@link dev.nn.EpochStats}, {@link dev.nn.Evaluation}), and {@link dev.nn.GradientCheck}.
 * The factories {@code Loss.mse()}, {@code Optimizer.adam(…)} and their kin wrap the formulas of
 * {@code dev.nn.losses} and the update rules of {@code dev.nn.optim} in package-private adapters
 * that own the buffers and per-parameter state; model files are read and written by
 * {@code dev.nn.io}.
 *
 * <p>May use: nn-core and every other package of nn-layers but {@link dev.nn.callbacks}, which
 * builds on this package (the only one that does).
 */
package dev.nn;
