/**
 * The kernels' public facades: {@link dev.nn.core.kernels.Gemm} (matrix products),
 * {@link dev.nn.core.kernels.Conv} (convolutions, the tutorial's {@code correlate2d} and
 * {@code convolve2d} among them), {@link dev.nn.core.kernels.ConvPool} (convolution, ReLU and max
 * pooling as one operation), {@link dev.nn.core.kernels.Pooling},
 * {@link dev.nn.core.kernels.Elementwise} (arithmetic, bias, activations) and
 * {@link dev.nn.core.kernels.ParameterUpdates} (fused optimizer steps).
 *
 * <p>Each facade checks its arguments, naming the one that is wrong, and makes one call into its
 * family's implementation. Each family is an interface in its own sub-package with a Vector API
 * implementation and a scalar twin; which of the two runs is chosen once for all families, in one
 * place, when the first kernel is used. The two give the same results, to the bit or within a
 * stated rounding, and property tests hold them to it.
 *
 * <p>May use: {@code dev.nn.core}, {@code dev.nn.core.runtime} and the family packages
 * ({@code gemm}, {@code conv}, {@code conv.winograd}, {@code pool}, {@code elementwise},
 * {@code update}); nothing uses this package but callers of the library.
 */
package dev.nn.core.kernels;
