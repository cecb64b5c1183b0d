package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.gemm.Transpose;
import dev.nn.core.runtime.FloatScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The 2×2 max pooling fused into Winograd's passes, over the tiles under the windows only: forward,
 * each tile's outputs are pooled as they leave the transform, and only the pooled values and
 * argmax are written; backward, each window's gradient goes to the output its argmax names, the
 * other three outputs of the window getting zero, before the tiles are transformed.
 */
final class PooledTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** One tile's outputs for L filters, channels-last. */
    private static final FloatScratch TILE = new FloatScratch();
    /** One image's pooled values then which output of each window holds them, channels-last. */
    private static final FloatScratch CODES = new FloatScratch();
    /** One image's pooled gradients [f × windows] then its corners, before they are transposed. */
    private static final FloatScratch PLANES = new FloatScratch();
    /** The same, transposed to channels-last. */
    private static final FloatScratch LANES = new FloatScratch();

    private PooledTiles() {
    }

    /**
     * The pooled outputs of images n0 … n0 + images − 1 from their products M [ξ][tile][filter]:
     * each tile's outputs (shift added, at least floor, as in {@link Tiles#outputs}) go channels-last
     * into scratch, its windows are pooled, and the pooled values and corners are transposed into
     * the planes of pooled and argmax (the index of each maximum in the convolution's output).
     */
    static void outputs(ConvShape s, Tiling g, float[] products, int n0, int images, float[] shift, int shiftAt,
                        float[] floor, float[] pooled, int[] argmax) {
        TileTransform transform = g.transform();
        int m = g.m(), th = g.tilesHigh(), tw = g.tilesWide(), tiles = g.tiles(), k = images * tiles;
        int f = s.outChannels(), oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        int ph = oh / 2, pw = ow / 2, pooledPlane = ph * pw, half = m / 2;
        float[] codes = CODES.get(2 * pooledPlane * f);
        float[] outs = TILE.get(m * m * L);
        for (int i = 0; i < images; i++) {
            int p = (n0 + i) * f;
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * tiles + ty * tw + tx) * f;
                    for (int o = 0; o < f; o += L) {
                        transform.untile(products, at + o, Tiling.slab(k, f), shift, shiftAt + o, floor, outs, 0, m * L, L);
                        for (int wy = 0; wy < half && half * ty + wy < ph; wy++) {
                            for (int wx = 0; wx < half && half * tx + wx < pw; wx++) {
                                int q = ((half * ty + wy) * pw + half * tx + wx) * f + o;
                                pool(outs, (2 * wy * m + 2 * wx) * L, m * L, codes, q, pooledPlane * f + q);
                            }
                        }
                    }
                }
            }
            Transpose.transpose(pooledPlane, f, codes, 0, f, pooled, p * pooledPlane, pooledPlane);
            Transpose.transpose(pooledPlane, f, codes, pooledPlane * f, f, codes, 0, pooledPlane);
            for (int o = 0, q = 0; o < f; o++) {
                for (int py = 0; py < ph; py++) {
                    for (int px = 0; px < pw; px++, q++) {
                        int code = (int) codes[q];
                        argmax[p * pooledPlane + q] = (p + o) * plane + (2 * py + (code >> 1)) * ow + 2 * px + (code & 1);
                    }
                }
            }
        }
    }

    /**
     * The 2×2 max pooling of one window for L filters, its outputs channels-last from outs[from]
     * (positions L and rows {@code row} floats apart, from {@link TileTransform#untile}): the maximum to
     * values[at], and which output holds it (row·2 + column, as a float) to values[codeAt]. Ties and NaN as in
     * {@link VectorPooling}'s 2×2 windows: right beats left, then bottom beats top, only if larger or NaN in place of a number.
     */
    private static void pool(float[] outs, int from, int row, float[] values, int at, int codeAt) {
        FloatVector topLeft = FloatVector.fromArray(S, outs, from), topRight = FloatVector.fromArray(S, outs, from + L);
        FloatVector botLeft = FloatVector.fromArray(S, outs, from + row);
        FloatVector botRight = FloatVector.fromArray(S, outs, from + row + L);
        // v beats max where !(v ≤ max) and max is not NaN (VectorPooling.beats, written out here).
        VectorMask<Float> topRightWins = topRight.compare(VectorOperators.LE, topLeft)
                .or(topLeft.test(VectorOperators.IS_NAN)).not();
        VectorMask<Float> botRightWins = botRight.compare(VectorOperators.LE, botLeft)
                .or(botLeft.test(VectorOperators.IS_NAN)).not();
        FloatVector top = topLeft.blend(topRight, topRightWins), bot = botLeft.blend(botRight, botRightWins);
        VectorMask<Float> botWins = bot.compare(VectorOperators.LE, top).or(top.test(VectorOperators.IS_NAN)).not();
        top.blend(bot, botWins).intoArray(values, at);
        FloatVector topCode = FloatVector.zero(S).blend(1f, topRightWins);
        FloatVector botCode = FloatVector.broadcast(S, 2f).blend(3f, botRightWins);
        topCode.blend(botCode, botWins).intoArray(values, codeAt);
    }

    /**
     * The unpooled ∂E/∂Y of image n, channels-last into rows of bordered: each window's gradient
     * (zero where relu is not positive) at the corner argmax names, zero at its other three.
     * Gradients and corners are transposed to channels-last first.
     */
    static void unpooledGradient(ConvShape s, float[] dPooled, float[] relu, int[] argmax, int n,
                                         float[] bordered, int row) {
        int f = s.outChannels(), oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        int pw = ow / 2, windows = (oh / 2) * pw;
        // The gradients [f × windows], then the corners (row·2 + column, as floats).
        float[] planes = PLANES.get(2 * f * windows);
        float[] lanes = LANES.get(2 * windows * f);
        int p = n * f, from = p * windows;
        for (int o = 0, q = 0; o < f; o++) {
            for (int wy = 0; wy < oh / 2; wy++) {
                for (int wx = 0; wx < pw; wx++, q++) {
                    planes[q] = relu == null || relu[from + q] > 0f ? dPooled[from + q] : 0f;
                    // argmax − the window's top-left: 0, 1, ow or ow + 1.
                    int offset = argmax[from + q] - (p + o) * plane - 2 * wy * ow - 2 * wx, r = offset >= ow ? 1 : 0;
                    planes[f * windows + q] = 2 * r + offset - r * ow;
                }
            }
        }
        Transpose.transpose(f, windows, planes, 0, windows, lanes, 0, f);
        Transpose.transpose(f, windows, planes, f * windows, windows, lanes, windows * f, f);
        for (int q = 0; q < windows; q++) {
            int to = 2 * (q / pw) * row + 2 * (q % pw) * f;
            for (int o = 0; o < f; o += L) {
                windowCorners(lanes, q * f + o, windows * f + q * f + o, bordered, to + o, f, row);
            }
        }
    }

    /**
     * A window's gradient for L filters into its four outputs, at out[to], positions col and rows
     * {@code row} floats apart: lanes[g] at the corner lanes[corner] names (row·2 + column),
     * zero at the other three.
     */
    private static void windowCorners(float[] lanes, int g, int corner, float[] out, int to, int col, int row) {
        FloatVector d = FloatVector.fromArray(S, lanes, g), which = FloatVector.fromArray(S, lanes, corner);
        FloatVector zero = FloatVector.zero(S);
        zero.blend(d, which.compare(VectorOperators.EQ, 0f)).intoArray(out, to);
        zero.blend(d, which.compare(VectorOperators.EQ, 1f)).intoArray(out, to + col);
        zero.blend(d, which.compare(VectorOperators.EQ, 2f)).intoArray(out, to + row);
        zero.blend(d, which.compare(VectorOperators.EQ, 3f)).intoArray(out, to + row + col);
    }
}
