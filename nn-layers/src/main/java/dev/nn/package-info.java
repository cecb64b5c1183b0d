/**
 * The API of nn: a {@link dev.nn.Network} of {@link dev.nn.Layer}s trained with a
 * {@link dev.nn.Loss} and an {@link dev.nn.Optimizer}, the {@link dev.nn.Parameter}s they update,
 * {@link dev.nn.Init} schemes, {@link dev.nn.FitOptions} and what training reports
 * ({@link dev.nn.EpochStats}, {@link dev.nn.Evaluation}), and {@link dev.nn.GradientCheck}. The
 * factories {@code Loss.mse()}, {@code Optimizer.adam(…)} and their kin wrap the formulas of
 * {@code dev.nn.losses} and the update rules of {@code dev.nn.optim} in package-private adapters
 * that own the buffers and per-parameter state.
 *
 * <p>May use: nn-core, {@code dev.nn.losses}, {@code dev.nn.optim}, {@link dev.nn.metrics} and
 * {@link dev.nn.data}. Not {@link dev.nn.layers}, which builds on this package: a check that needs
 * to know about a layer asks the {@code Layer} interface (e.g.
 * {@link dev.nn.Layer#outputsProbabilities()}).
 */
package dev.nn;
