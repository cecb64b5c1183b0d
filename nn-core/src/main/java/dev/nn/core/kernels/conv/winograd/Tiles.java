package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.elementwise.VectorElementwise;
import dev.nn.core.kernels.gemm.Transpose;
import dev.nn.core.runtime.FloatScratch;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * Moves a block of images between their planes (NCHW) and transformed tiles, [ξ][tile][channel]
 * with {@link Tiling#slab} floats from one ξ to the next: the inputs' transforms V, the output
 * gradients' transforms ∂E/∂M; and back, the products into output planes and ∂E/∂V into the input
 * gradient. Each image is transposed to channels-last first, with a zero border where tiles reach
 * past the image or into its padding, so that a tile's inputs are plain loads of L channels.
 */
final class Tiles {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    /** One image, or one image's output gradients, channels-last. */
    private static final FloatScratch IMAGE = new FloatScratch();
    /** One image channels-last with a zero border: the inputs of all its tiles. */
    private static final FloatScratch BORDERED = new FloatScratch();
    /** One image's output gradient through ReLU's derivative, before it is transposed. */
    private static final FloatScratch MASKED = new FloatScratch();
    /** The transforms' own scratch ({@link TileTransform#scratchFloats}). */
    private static final FloatScratch TRANSFORM = new FloatScratch();

    private Tiles() {
    }

    /** V [ξ][tile][channel] of images n0 … n0 + images − 1 into v, the tiles of image i from row i·tiles. */
    static void inputs(ConvShape s, Tiling g, float[] x, int n0, int images, float[] v) {
        TileTransform transform = g.transform();
        int m = g.m(), th = g.tilesHigh(), tw = g.tilesWide();
        int c = s.inChannels(), h = s.height(), w = s.width(), pad = s.padding(), k = images * g.tiles();
        float[] image = IMAGE.get(h * w * c);
        float[] t = TRANSFORM.get(transform.scratchFloats());
        // Channels-last with a zero border: the m·th + 2 × m·tw + 2 inputs of the tiles, the
        // padding and what lies past the image zero (written once; each image overwrites the rest).
        int pw = m * tw + 2, ph = m * th + 2, rows = Math.min(h, ph - pad), cols = Math.min(w, pw - pad);
        float[] bordered = BORDERED.get(ph * pw * c);
        Arrays.fill(bordered, 0, ph * pw * c, 0f);
        for (int i = 0; i < images; i++) {
            Transpose.transpose(c, h * w, x, (n0 + i) * c * h * w, h * w, image, 0, c);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(image, r * w * c, bordered, ((r + pad) * pw + pad) * c, cols * c);
            }
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * th * tw + ty * tw + tx) * c, from = (m * ty * pw + m * tx) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        transform.tile(bordered, from + ch, pw * c, c, v, at + ch, Tiling.slab(k, c), t);
                    }
                }
            }
        }
    }

    /**
     * ∂E/∂M [ξ][tile][filter] of images n0 … n0 + images − 1 into dm: A·∂E/∂Y·Aᵀ per tile, ∂E/∂Y
     * channels-last and bordered with zeros past the outputs (or past the windows). With argmax
     * null, dy is ∂E/∂Y, through ReLU's derivative when relu (the forward output) is given;
     * otherwise dy and relu are the fused pooling's, and ∂E/∂Y is each window's gradient at the
     * corner argmax names (see {@link PooledTiles#unpooledGradient}).
     */
    static void gradients(ConvShape s, Tiling g, float[] dy, float[] relu, int[] argmax, int n0, int images,
                          float[] dm) {
        TileTransform transform = g.transform();
        int m = g.m(), th = g.tilesHigh(), tw = g.tilesWide(), f = s.outChannels();
        int tiles = g.tiles(), k = images * tiles, row = m * tw * f;
        float[] bordered = BORDERED.get(m * th * row);
        // Each image writes the outputs (or the windows); what lies past them stays zero.
        Arrays.fill(bordered, 0, m * th * row, 0f);
        for (int i = 0; i < images; i++) {
            if (argmax == null) {
                outputGradient(s, dy, relu, n0 + i, bordered, row);
            } else {
                PooledTiles.unpooledGradient(s, dy, relu, argmax, n0 + i, bordered, row);
            }
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int from = m * ty * row + m * tx * f, to = (i * tiles + ty * tw + tx) * f;
                    for (int o = 0; o < f; o += L) {
                        transform.gradientTile(bordered, from + o, f, row, dm, to + o, Tiling.slab(k, f));
                    }
                }
            }
        }
    }

    /** ∂E/∂Y of image n through ReLU's derivative (relu not null), channels-last into rows of bordered. */
    private static void outputGradient(ConvShape s, float[] dy, float[] relu, int n, float[] bordered, int row) {
        int f = s.outChannels(), oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        float[] image = IMAGE.get(plane * f);
        float[] g = dy;
        int at = n * f * plane;
        if (relu != null) {
            g = MASKED.get(f * plane);
            VectorElementwise.INSTANCE.reluBackward(f * plane, relu, at, dy, at, g, 0);
            at = 0;
        }
        Transpose.transpose(f, plane, g, at, plane, image, 0, f);
        for (int r = 0; r < oh; r++) {
            System.arraycopy(image, r * ow * f, bordered, r * row, ow * f);
        }
    }

    /**
     * The outputs of images n0 … n0 + images − 1 from their products M [ξ][tile][filter], shift
     * (the bias, or zeros) added from shift[shiftAt] and at least floor[0 …] (0 for ReLU, −∞ for
     * none), into the planes of y.
     *
     * <p>Each image's outputs go channels-last, rows ow·f floats apart, then are transposed into
     * planes. The tiles write all m × m of their outputs: those of a last tile past column ow − 1
     * land at the start of the next row, which the row's first tile writes after it (tiles right to
     * left), and rows past oh − 1 after the plane; no bordered buffer and no copy of its rows.
     */
    static void outputs(ConvShape s, Tiling g, float[] products, int n0, int images, float[] shift, int shiftAt,
                        float[] floor, float[] y) {
        TileTransform transform = g.transform();
        int m = g.m(), th = g.tilesHigh(), tw = g.tilesWide(), tiles = g.tiles(), k = images * tiles;
        int f = s.outChannels(), ow = s.outWidth(), plane = s.outHeight() * ow, row = ow * f;
        float[] out = IMAGE.get((m * th * ow + m) * f);
        for (int i = 0; i < images; i++) {
            for (int ty = 0; ty < th; ty++) {
                for (int tx = tw - 1; tx >= 0; tx--) {
                    int at = (i * tiles + ty * tw + tx) * f, to = m * ty * row + m * tx * f;
                    for (int o = 0; o < f; o += L) {
                        transform.untile(products, at + o, Tiling.slab(k, f), shift, shiftAt + o, floor, out, to + o,
                                row, f);
                    }
                }
            }
            Transpose.transpose(plane, f, out, 0, f, y, (n0 + i) * f * plane, plane);
        }
    }

    /**
     * The input gradient of images n0 … n0 + images − 1 from ∂E/∂V [ξ][tile][channel], into the
     * planes of dx (overwritten): each image folded into a zero-bordered channels-last image (rows
     * of m·tw + 2 positions, the tiles' inputs, overlapping tiles added up), then its inputs moved
     * out and transposed into planes.
     */
    static void foldInputs(ConvShape s, Tiling g, float[] dv, int n0, int images, float[] dx) {
        TileTransform transform = g.transform();
        int m = g.m(), th = g.tilesHigh(), tw = g.tilesWide(), tiles = g.tiles(), k = images * tiles;
        int c = s.inChannels(), h = s.height(), w = s.width(), pad = s.padding();
        int pw = m * tw + 2, ph = m * th + 2;
        float[] bordered = BORDERED.get(ph * pw * c);
        float[] image = IMAGE.get(h * w * c);
        float[] t = TRANSFORM.get(transform.scratchFloats());
        for (int i = 0; i < images; i++) {
            Arrays.fill(bordered, 0, ph * pw * c, 0f);
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * tiles + ty * tw + tx) * c, to = (m * ty * pw + m * tx) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        transform.fold(dv, at + ch, Tiling.slab(k, c), bordered, to + ch, pw * c, c, t);
                    }
                }
            }
            // Inputs no tile reaches (past the last window) have no gradient.
            Arrays.fill(image, 0, h * w * c, 0f);
            for (int r = 0; r < h && r + pad < ph; r++) {
                System.arraycopy(bordered, ((r + pad) * pw + pad) * c, image, r * w * c, Math.min(w, pw - pad) * c);
            }
            Transpose.transpose(h * w, c, image, 0, c, dx, (n0 + i) * c * h * w, h * w);
        }
    }
}
