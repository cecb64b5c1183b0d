package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;
import jdk.incubator.vector.FloatVector;

/**
 * How a convolution's outputs are cut into m×m tiles, and its batch into blocks of images.
 *
 * @param transform   the algorithm, F(2×2, 3×3) or F(4×4, 3×3)
 * @param tilesHigh   rows of tiles: over all outputs, or for the fused pooling over those under its
 *                    2×2 windows only
 * @param tilesWide   columns of tiles, likewise
 * @param blockImages images per block
 */
record Tiling(TileTransform transform, int tilesHigh, int tilesWide, int blockImages) {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    /** About 1 MiB of transformed inputs and products per block: they stay in L2 between the passes over them. */
    private static final int BLOCK_FLOATS = 256 * 1024;

    /**
     * The tiling of a shape's outputs, or with {@code pooled} of those under the 2×2 windows.
     * Blocks hold as many images in both cases, and the tiles are the same: the pooled outputs are
     * those of the plain pass to the bit.
     */
    static Tiling of(ConvShape s, boolean pooled) {
        TileTransform t = transformFor(s);
        int m = t.m();
        int perImage = positions(m) * (s.inChannels() + s.outChannels()) * tiles(s.outHeight(), m) * tiles(s.outWidth(), m);
        int images = Math.max(1, Math.min(s.batch(), BLOCK_FLOATS / perImage));
        int oh = pooled ? s.outHeight() / 2 * 2 : s.outHeight(), ow = pooled ? s.outWidth() / 2 * 2 : s.outWidth();
        return new Tiling(t, tiles(oh, m), tiles(ow, m), images);
    }

    /**
     * Whichever of F(2×2) and F(4×4) takes fewer multiply-adds over the grid of tiles that covers
     * the outputs (F(4×4) for 11×11 outputs: 324 tile positions against 576; F(2×2) for 5×5 and
     * 6×6); ties go to F(2×2), which rounds less.
     */
    private static TileTransform transformFor(ConvShape s) {
        int oh = s.outHeight(), ow = s.outWidth();
        long two = 16L * tiles(oh, 2) * tiles(ow, 2), four = 36L * tiles(oh, 4) * tiles(ow, 4);
        return four < two ? F4x4.INSTANCE : F2x2.INSTANCE;
    }

    private static int tiles(int outputs, int m) {
        return (outputs + m - 1) / m;
    }

    private static int positions(int m) {
        return (m + 2) * (m + 2);
    }

    /** Outputs per side of a tile. */
    int m() {
        return transform.m();
    }

    /** Positions ξ of a transformed tile, (m + 2)². */
    int positions() {
        return positions(m());
    }

    /** Tiles per image. */
    int tiles() {
        return tilesHigh * tilesWide;
    }

    /** Blocks of images in a batch. */
    int blocks(int batch) {
        return (batch + blockImages - 1) / blockImages;
    }

    /**
     * Floats from one ξ to the next in the transformed inputs and the products, [ξ][tile][channel]:
     * the k tiles' rows and one vector more, so that the positions of a tile, which its transforms
     * read or write together, are not a multiple of 4 KiB apart: they would all fall in one set of
     * L1 (k·channels·4 bytes is one for 144 tiles of 64 filters, 4 images of 6×6 tiles).
     */
    static int slab(int k, int channels) {
        return k * channels + L;
    }
}
