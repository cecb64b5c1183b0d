/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering, F(2×2, 3×3) or F(4×4, 3×3), all three
 * passes (the weight gradient as an opt-in, {@code runtime.WinogradWeightGradient}), plain or with
 * the fused 2×2 max pooling: {@code Winograd} (the driver: blocks of images,
 * the products per transformed position, threads), {@code Tiling} (tile size and blocks) with
 * {@code TilingCache} (a thread's recent tilings, so that steady passes allocate none),
 * {@code TileTransform} with {@code F2x2} and {@code F4x4} (the per-tile and weight transforms),
 * {@code Tiles} (images to transformed tiles and back) and {@code PooledTiles} (the fused pooling).
 * Vector API only: the scalar twin of these passes is the scalar convolution.
 *
 * <p>May use: {@code dev.nn.core} (for {@code ConvShape}), {@code dev.nn.core.runtime},
 * {@code gemm}, {@code elementwise} and {@code pool}.
 */
package dev.nn.core.kernels.conv.winograd;
