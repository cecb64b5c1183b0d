/**
 * Matrix products (GEMM): the family interface {@code GemmKernels}, its Vector API implementation
 * ({@code VectorGemm}: B packed into aligned panels by {@code GemmPack}, the 8×2-vector register
 * tiles of {@code GemmTiles}, rows split over the thread pool in fixed blocks) and its scalar twin; and
 * {@code Transpose}, the 16×16 register transpose that packing and the convolutions' layout
 * changes use.
 *
 * <p>May use: {@code dev.nn.core.runtime}. Used by the convolution kernels.
 */
package dev.nn.core.kernels.gemm;
