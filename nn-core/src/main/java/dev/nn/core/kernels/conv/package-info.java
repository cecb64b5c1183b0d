/**
 * Convolutions: the family interface {@code ConvKernels} (plain and with fused max pooling), its
 * Vector API implementation {@code VectorConv}, which picks a kernel per shape, and its scalar
 * twin. The kernels it picks: {@code WideConv} (stride 1 over wide output rows, with
 * {@code ImagePanelGemm} for the forward product and {@code VectorDots} for a first layer's weight
 * gradient), {@code RowConv} (a first layer's forward pass, straight into the output rows), im2col
 * on the GEMM for larger strides, and Winograd's algorithm ({@code conv.winograd}) for 3×3
 * kernels. {@code ConvThenPool} pools through a buffer where no kernel fuses the pooling.
 *
 * <p>May use: {@code dev.nn.core} (for {@code ConvShape}), {@code dev.nn.core.runtime},
 * {@code gemm}, {@code elementwise}, {@code pool} and {@code conv.winograd}.
 */
package dev.nn.core.kernels.conv;
