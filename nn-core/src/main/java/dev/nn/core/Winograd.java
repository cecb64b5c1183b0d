package dev.nn.core;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of 3×3 stride-1 convolutions by Winograd's minimal filtering F(2×2, 3×3): each
 * 2×2 block of outputs (a tile) is {@code Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A}, with d the 4×4 inputs under
 * it and g the kernel. Summed over channels, the product ⊙ becomes 16 matrix products, one per
 * position ξ of the 4×4 transformed tile: M[ξ] = V[ξ]·U[ξ], with V[ξ] [tiles × inChannels] the
 * transformed inputs and U[ξ] [inChannels × outChannels] the transformed weights. That is 16
 * multiply-adds per channel pair and tile where direct convolution takes 36 (4 outputs × 9 taps):
 * the products shrink by 2.25× (1.9× when odd-sized outputs leave half-used tiles at the edges;
 * the full 2.25× under a 2×2 pooling, which needs only the tiles under its windows). The transforms
 * are additions only; the rounding error is a few times that of direct convolution (they add up
 * to four values, and G halves them).
 *
 * <p>The lanes of every transform are L channels of one tile: each image is transposed to
 * channels-last (16×16 blocks in registers), so that the 16 inputs of a tile are 16 plain loads
 * and every lane does useful work; hence both channel counts must be multiples of L. Lanes over
 * the tiles of a tile row left 10 of 16 lanes idle on 11×11 outputs, and the transforms took
 * longer than the products.
 *
 * <p>Only the forward pass: the gradients the same way (∂E/∂V[ξ] = ∂E/∂M[ξ]·U[ξ] and Σ over
 * tiles of ∂E/∂M[ξ]ᵀ·V[ξ]) ran 3 % and 17 % slower than {@link WideConv}'s for 32→64 channels
 * on 13×13 (SideBySide, one thread): their transposes of ∂E/∂Y and of the result, and ReLU's
 * derivative as a pass of its own, cost what the products saved.
 *
 * <p>Images go through in blocks whose size depends only on the shape, each block an independent
 * task for the thread pool; every output is summed in the same order whatever the thread count.
 */
final class Winograd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Positions of a transformed tile. */
    private static final int XI = 16;
    /** About 1 MiB of transformed inputs and products per block: they stay in L2 between the passes over them. */
    private static final int BLOCK_FLOATS = 256 * 1024;

    private Winograd() {
    }

    /** Whether a shape takes this algorithm: a 3×3 kernel at stride 1, both channel counts multiples of L. */
    static boolean applies(ConvShape s) {
        return s.kernelHeight() == 3 && s.kernelWidth() == 3 && s.stride() == 1
                && s.inChannels() % L == 0 && s.outChannels() % L == 0;
    }

    /**
     * With argmax null, writes the outputs to y, bias added and through ReLU when asked. Otherwise
     * y takes their 2×2 max pooling at stride 2 and argmax the index of each maximum, as
     * {@link VectorPooling#maxPool2Shifted} would; only the tiles under the windows are computed.
     */
    static void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y, int[] argmax) {
        float[] u = transformWeights(s, w);
        int th = argmax == null ? tilesHigh(s) : s.outHeight() / 2;
        int tw = argmax == null ? tilesWide(s) : s.outWidth() / 2;
        int blocks = blocks(s);
        if (ThreadPool.size() == 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                forwardBlock(s, x, u, bias, relu, y, argmax, th, tw, b);
            }
        } else {
            ThreadPool.run(blocks, b -> forwardBlock(s, x, u, bias, relu, y, argmax, th, tw, b));
        }
    }

    private static void forwardBlock(ConvShape s, float[] x, float[] u, float[] bias, boolean relu, float[] y,
                                     int[] argmax, int th, int tw, int b) {
        int f = s.outChannels(), c = s.inChannels(), count = blockImages(s), n0 = b * count;
        int images = Math.min(count, s.batch() - n0), tiles = th * tw, k = images * tiles;
        float[] v = inputTiles(s, x, n0, images, th, tw);
        float[] m = Scratch.floats(Scratch.WINOGRAD_PRODUCTS, XI * k * f);
        for (int xi = 0; xi < XI; xi++) {
            VectorGemm.gemm(false, false, k, f, c, 1f, v, xi * k * c, c, u, xi * f * c, f, 0f, m, xi * k * f, f);
        }
        int oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow, pooledPlane = (oh / 2) * (ow / 2);
        float[] out = Scratch.floats(Scratch.WINOGRAD_IMAGE, plane * f);
        for (int i = 0; i < images; i++) {
            int p = (n0 + i) * f;
            if (argmax == null) {
                untileImage(m, i * tiles * f, k * f, th, tw, oh, ow, f, bias, relu, out);
                GemmPack.transpose(plane, f, out, 0, f, y, p * plane, plane);
                continue;
            }
            // Each tile is a window: pooled channels-last, then transposed into planes.
            float[] codes = Scratch.floats(Scratch.WINOGRAD_OUTPUT, 2 * pooledPlane * f);
            for (int t = 0; t < tiles; t++) {
                for (int o = 0; o < f; o += L) {
                    untile(m, (i * tiles + t) * f + o, k * f, 0, 0, 2, 2, bias, o, relu, out, 0, L);
                    pool(out, codes, t * f + o, pooledPlane * f + t * f + o);
                }
            }
            GemmPack.transpose(pooledPlane, f, codes, 0, f, y, p * pooledPlane, pooledPlane);
            GemmPack.transpose(pooledPlane, f, codes, pooledPlane * f, f, codes, 0, pooledPlane);
            for (int o = 0, q = 0; o < f; o++) {
                for (int ty = 0; ty < th; ty++) {
                    for (int tx = 0; tx < tw; tx++, q++) {
                        int code = (int) codes[q];
                        argmax[p * pooledPlane + q] = (p + o) * plane + (2 * ty + (code >> 1)) * ow + 2 * tx + (code & 1);
                    }
                }
            }
        }
    }

    /**
     * The 2×2 max pooling of a tile's four outputs for L filters ([row][column][filter] at
     * corners[0 …]): the maximum to values[at], and which corner holds it (row·2 + column, as a
     * float) to values[codeAt]. Ties and NaN as in {@link VectorPooling}'s 2×2 windows: right
     * beats left, then bottom beats top, only if larger or NaN. Float masks only, and arrays in
     * and out: with the corners' index in an int vector (a mask cast to int lanes) and a scatter
     * into the planes, C2 boxed the vectors, 3–10 MB per call.
     */
    private static void pool(float[] corners, float[] values, int at, int codeAt) {
        FloatVector topLeft = FloatVector.fromArray(S, corners, 0), topRight = FloatVector.fromArray(S, corners, L);
        FloatVector botLeft = FloatVector.fromArray(S, corners, 2 * L);
        FloatVector botRight = FloatVector.fromArray(S, corners, 3 * L);
        VectorMask<Float> topRightWins = VectorPooling.beats(topRight, topLeft);
        VectorMask<Float> botRightWins = VectorPooling.beats(botRight, botLeft);
        FloatVector top = topLeft.blend(topRight, topRightWins), bot = botLeft.blend(botRight, botRightWins);
        VectorMask<Float> botWins = VectorPooling.beats(bot, top);
        top.blend(bot, botWins).intoArray(values, at);
        FloatVector topCode = FloatVector.zero(S).blend(1f, topRightWins);
        FloatVector botCode = FloatVector.broadcast(S, 2f).blend(3f, botRightWins);
        topCode.blend(botCode, botWins).intoArray(values, codeAt);
    }

    /** The outputs of one image's tiles (from m[at + ξ·step]), bias added and through ReLU when asked, channels-last into out. */
    private static void untileImage(float[] m, int at, int step, int th, int tw, int oh, int ow, int f, float[] bias,
                                    boolean relu, float[] out) {
        for (int ty = 0; ty < th; ty++) {
            for (int tx = 0; tx < tw; tx++) {
                for (int o = 0; o < f; o += L) {
                    untile(m, at + (ty * tw + tx) * f + o, step, ty, tx, oh, ow, bias, o, relu, out, o, f);
                }
            }
        }
    }

    /** V [ξ][tile][channel] of images n0 … n0 + images − 1, the tiles of image i from row i·th·tw. */
    private static float[] inputTiles(ConvShape s, float[] x, int n0, int images, int th, int tw) {
        int c = s.inChannels(), h = s.height(), w = s.width(), pad = s.padding(), k = images * th * tw;
        float[] v = Scratch.floats(Scratch.WINOGRAD_TILES, XI * k * c);
        float[] image = Scratch.floats(Scratch.WINOGRAD_IMAGE, h * w * c);
        for (int i = 0; i < images; i++) {
            GemmPack.transpose(c, h * w, x, (n0 + i) * c * h * w, h * w, image, 0, c);
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * th * tw + ty * tw + tx) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        tile(image, 2 * ty - pad, 2 * tx - pad, h, w, c, ch, v, at + ch, k * c);
                    }
                }
            }
        }
        return v;
    }

    /**
     * Bᵀ·d·B for channels ch … ch + L − 1 of the tile whose top-left input is (y, x) of a
     * channels-last image (zero outside it), to v[at + ξ·step].
     */
    private static void tile(float[] image, int y, int x, int h, int w, int c, int ch, float[] v, int at, int step) {
        FloatVector d00 = in(image, y, x, h, w, c, ch), d01 = in(image, y, x + 1, h, w, c, ch);
        FloatVector d02 = in(image, y, x + 2, h, w, c, ch), d03 = in(image, y, x + 3, h, w, c, ch);
        FloatVector d10 = in(image, y + 1, x, h, w, c, ch), d11 = in(image, y + 1, x + 1, h, w, c, ch);
        FloatVector d12 = in(image, y + 1, x + 2, h, w, c, ch), d13 = in(image, y + 1, x + 3, h, w, c, ch);
        FloatVector d20 = in(image, y + 2, x, h, w, c, ch), d21 = in(image, y + 2, x + 1, h, w, c, ch);
        FloatVector d22 = in(image, y + 2, x + 2, h, w, c, ch), d23 = in(image, y + 2, x + 3, h, w, c, ch);
        FloatVector d30 = in(image, y + 3, x, h, w, c, ch), d31 = in(image, y + 3, x + 1, h, w, c, ch);
        FloatVector d32 = in(image, y + 3, x + 2, h, w, c, ch), d33 = in(image, y + 3, x + 3, h, w, c, ch);
        for (int i = 0; i < 4; i++) {
            // Row i of Bᵀ·d, then that row times B.
            FloatVector e0 = bt(i, d00, d10, d20, d30), e1 = bt(i, d01, d11, d21, d31);
            FloatVector e2 = bt(i, d02, d12, d22, d32), e3 = bt(i, d03, d13, d23, d33);
            for (int j = 0; j < 4; j++) {
                bt(j, e0, e1, e2, e3).intoArray(v, at + (4 * i + j) * step);
            }
        }
    }

    /** The value at (y, x) of channels ch … ch + L − 1 of a channels-last image, or zeros outside it. */
    private static FloatVector in(float[] image, int y, int x, int h, int w, int c, int ch) {
        return y >= 0 && y < h && x >= 0 && x < w ? FloatVector.fromArray(S, image, (y * w + x) * c + ch)
                : FloatVector.zero(S);
    }

    /**
     * Aᵀ·M·A of one tile for L filters (m[at + ξ·step]), the bias (from bias[o], or 0 if null)
     * added and through ReLU when asked (as {@code VectorElementwise.addScalarRows}), into a
     * channels-last output (from out[to], f floats per position): the outputs of the tile that
     * lie inside oh × ow. (The bias is read here rather than passed in as a vector: a vector
     * argument of a call that C2 does not inline is boxed.)
     */
    private static void untile(float[] m, int at, int step, int ty, int tx, int oh, int ow, float[] bias, int o,
                               boolean relu, float[] out, int to, int f) {
        FloatVector b = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, o);
        for (int p = 0; p < 2 && 2 * ty + p < oh; p++) {
            FloatVector s0 = column(p, m, at, step), s1 = column(p, m, at + step, step);
            FloatVector s2 = column(p, m, at + 2 * step, step), s3 = column(p, m, at + 3 * step, step);
            int row = to + ((2 * ty + p) * ow + 2 * tx) * f;
            shifted(at(0, s0, s1, s2, s3), b, relu).intoArray(out, row);
            if (2 * tx + 1 < ow) {
                shifted(at(1, s0, s1, s2, s3), b, relu).intoArray(out, row + f);
            }
        }
    }

    /** Row i of Bᵀ times four values: Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1]. */
    private static FloatVector bt(int i, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        return switch (i) {
            case 0 -> v0.sub(v2);
            case 1 -> v1.add(v2);
            case 2 -> v2.sub(v1);
            default -> v1.sub(v3);
        };
    }

    /** Row p of Aᵀ times four values: Aᵀ = [1 1 1 0; 0 1 −1 −1]. */
    private static FloatVector at(int p, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        return p == 0 ? v0.add(v1).add(v2) : v1.sub(v2).sub(v3);
    }

    /** Row p of Aᵀ times column j of a tile, m[at + 4·r·step] for r = 0 … 3. */
    private static FloatVector column(int p, float[] m, int at, int step) {
        return at(p, FloatVector.fromArray(S, m, at), FloatVector.fromArray(S, m, at + 4 * step),
                FloatVector.fromArray(S, m, at + 8 * step), FloatVector.fromArray(S, m, at + 12 * step));
    }

    /** An output as it is written: the bias added, then ReLU (as {@code VectorElementwise.addScalarRows}). */
    private static FloatVector shifted(FloatVector v, FloatVector shift, boolean relu) {
        FloatVector s = v.add(shift);
        return relu ? s.max(0f) : s;
    }

    /**
     * U[ξ][c][o] = (G·g·Gᵀ)[ξ] for every kernel g = w[o][c], in scratch, each U[ξ] laid out as the
     * [inChannels × outChannels] operand of the products: row i of G·g, then that row times Gᵀ,
     * four ξ at a time over all kernels. (All 16 ξ per kernel wrote 16 streams 4·pairs bytes
     * apart, which fell in the same few sets of L1: 6 % of a forward pass.)
     */
    private static float[] transformWeights(ConvShape s, float[] w) {
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        float[] u = Scratch.floats(Scratch.WINOGRAD_WEIGHTS, XI * pairs);
        for (int i = 0; i < 4; i++) {
            for (int ch = 0, at = 4 * i * pairs; ch < c; ch++) {
                for (int o = 0, k = ch * 9; o < f; o++, k += 9 * c, at++) {
                    float a = g(i, w[k], w[k + 3], w[k + 6]);
                    float b = g(i, w[k + 1], w[k + 4], w[k + 7]);
                    float d = g(i, w[k + 2], w[k + 5], w[k + 8]);
                    u[at] = a;
                    u[at + pairs] = 0.5f * (a + b + d);
                    u[at + 2 * pairs] = 0.5f * (a - b + d);
                    u[at + 3 * pairs] = d;
                }
            }
        }
        return u;
    }

    /** Row i of G times three values: G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]. */
    private static float g(int i, float v0, float v1, float v2) {
        return switch (i) {
            case 0 -> v0;
            case 1 -> 0.5f * (v0 + v1 + v2);
            case 2 -> 0.5f * (v0 - v1 + v2);
            default -> v2;
        };
    }

    private static int tilesHigh(ConvShape s) {
        return (s.outHeight() + 1) / 2;
    }

    private static int tilesWide(ConvShape s) {
        return (s.outWidth() + 1) / 2;
    }

    /** Images per block: as many as keep a block's transformed inputs and products within BLOCK_FLOATS, at least one. */
    private static int blockImages(ConvShape s) {
        int perImage = XI * (s.inChannels() + s.outChannels()) * tilesHigh(s) * tilesWide(s);
        return Math.max(1, Math.min(s.batch(), BLOCK_FLOATS / perImage));
    }

    private static int blocks(ConvShape s) {
        int count = blockImages(s);
        return (s.batch() + count - 1) / count;
    }
}
