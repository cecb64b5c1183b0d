/**
 * The values every part of nn works on: {@link dev.nn.core.Tensor} (a flat {@code float[]} and a
 * shape, row-major, batch first, images NCHW), {@link dev.nn.core.Rng} (every random draw),
 * {@link dev.nn.core.ConvShape} (the geometry of a batched convolution), and
 * {@link dev.nn.core.Backend} (whether the SIMD kernels run, and on how many threads).
 *
 * <p>May use: the JDK and {@code dev.nn.core.runtime}. The kernels ({@code dev.nn.core.kernels})
 * build on this package, never the other way round.
 */
package dev.nn.core;
