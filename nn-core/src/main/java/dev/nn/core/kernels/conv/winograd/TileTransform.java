package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;

/**
 * The transforms of one Winograd algorithm F(m×m, 3×3): an m×m tile of outputs is
 * {@code Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A} with d the (m+2)×(m+2) inputs under it and g the kernel.
 * Per-tile transforms work on L channels (or filters) at once: their lanes are channels of a
 * channels-last image, and position ξ of a transformed tile lies {@code step} floats after the
 * one before it. Some transforms go through {@code t}, {@link #scratchFloats} floats of this
 * thread's scratch that the caller gives (unused where that is 0).
 */
sealed interface TileTransform permits F2x2, F4x4 {
    /** Outputs per side of a tile. */
    int m();

    /** Floats of scratch that {@link #tile} and {@link #fold} need in t. */
    int scratchFloats();

    /**
     * Bᵀ·d·B for L channels of the tile whose inputs start at image[from] (rows {@code row} floats,
     * positions c floats apart, channels-last), to v[at + ξ·step].
     */
    void tile(float[] image, int from, int row, int c, float[] v, int at, int step, float[] t);

    /**
     * Aᵀ·M·A for L filters of one tile (m[at + ξ·step]), shift[o …] (the bias, or zeros) added
     * and the result at least floor[0 …] (0 for ReLU, −∞ for none), into the tile's m×m
     * channels-last outputs from out[to], rows {@code row} floats and positions f floats apart.
     */
    void untile(float[] m, int at, int step, float[] shift, int o, float[] floor, float[] out, int to, int row, int f);

    /**
     * A·∂E/∂Y·Aᵀ for L filters of one tile, to dm[at + ξ·step], ∂E/∂Y read from g: the tile's top
     * left output at g[from], positions col floats and rows row floats apart.
     */
    void gradientTile(float[] g, int from, int col, int row, float[] dm, int at, int step);

    /**
     * B·∂E/∂V·Bᵀ for L channels of one tile (dv[at + ξ·step]), added into a channels-last image at
     * the tile's inputs from image[to], rows {@code row} floats and positions c floats apart.
     */
    void fold(float[] dv, int at, int step, float[] image, int to, int row, int c, float[] t);

    /**
     * U[ξ] = (G·g·Gᵀ)[ξ] for every kernel g = w[o][c] into u, laid out as the operand of the
     * products: [ξ][c][o] for the forward pass, [ξ][o][c] for the input gradient (so that neither
     * is transposed as it is packed).
     */
    void transformWeights(ConvShape s, float[] w, boolean forward, float[] u);

    /** dw[o][c] += Gᵀ·∂E/∂U[·][o][c]·G, from du [ξ][o][c]. */
    void transformWeightGradient(ConvShape s, float[] du, float[] dw);
}
