package dev.nn.core;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering F(2×2, 3×3): each 2×2 block of
 * outputs (a tile) is {@code Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A}, with d the 4×4 inputs under it and g the
 * kernel. Summed over channels, the product ⊙ becomes 16 matrix products, one per position ξ of
 * the 4×4 transformed tile: M[ξ] = V[ξ]·U[ξ], with V[ξ] [tiles × inChannels] the transformed
 * inputs and U[ξ] [inChannels × outChannels] the transformed weights. That is 16 multiply-adds
 * per channel pair and tile where direct convolution takes 36 (4 outputs × 9 taps): the products
 * shrink by 2.25× (1.9× when odd-sized outputs leave half-used tiles at the edges; the full 2.25×
 * under a 2×2 pooling, which needs only the tiles under its windows). The transforms are
 * additions only; the rounding error is a few times that of direct convolution (they add up to
 * four values, and G halves them).
 *
 * <p>The forward pass, plain or pooled; and the gradients of the pooled one: ∂E/∂M = A·∂E/∂Y·Aᵀ
 * per window's tile (∂E/∂Y is the window's gradient at its argmax), the input gradient
 * B·(∂E/∂M[ξ]·U[ξ]ᵀ)·Bᵀ with the overlapping tiles (4×4 inputs, 2 apart) added up, the weight
 * gradient Gᵀ·(Σ over tiles of ∂E/∂M[ξ]ᵀ·V[ξ])·G, and the bias gradient Σ ∂E/∂M at ξ = (1, 1),
 * which is the sum of a tile's four output gradients. The gradients of the plain pass stay
 * {@link WideConv}'s: computed the same way, they ran 3 % and 17 % slower for 32→64 channels on
 * 13×13 (SideBySide, one thread), as transposing the whole ∂E/∂Y and ReLU's derivative as a pass
 * of its own cost what the products saved; the pooled ones read a quarter of that, and run a
 * third faster than WideConv's (see the benchmark report).
 *
 * <p>The lanes of every transform are L channels of one tile: each image is transposed to
 * channels-last (16×16 blocks in registers), so that the 16 inputs of a tile are 16 plain loads
 * and every lane does useful work; hence both channel counts must be multiples of L. Lanes over
 * the tiles of a tile row left 10 of 16 lanes idle on 11×11 outputs, and the transforms took
 * longer than the products.
 *
 * <p>Images go through in blocks whose size depends only on the shape. Forward and input-gradient
 * blocks are independent tasks for the thread pool; the weight gradient adds the blocks up in
 * order, its 16 products per block being the tasks: every result is summed in the same order
 * whatever the thread count.
 */
final class Winograd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Positions of a transformed tile. */
    private static final int XI = 16;
    /** ξ = (1, 1): ∂E/∂M there is the sum of a tile's four output gradients. */
    private static final int SUM = 5;
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
        float[] u = transformWeights(s, w, true);
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

    /**
     * The input gradient of the fused pooling ({@link #forward} with argmax): overwrites dx with
     * ∂E/∂x, given dPooled = ∂E/∂pooled, read as zero where relu (the pooled output, or null for
     * no ReLU) is not positive, and argmax. Only the tiles under the windows carry a gradient; a
     * tile's ∂E/∂Y is its window's gradient at the corner argmax names, zero elsewhere.
     */
    static void backwardInputPooled(ConvShape s, float[] dPooled, float[] relu, int[] argmax, float[] w, float[] dx) {
        float[] u = transformWeights(s, w, false);
        int blocks = blocks(s);
        if (ThreadPool.size() == 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                backwardInputBlock(s, dPooled, relu, argmax, u, dx, b);
            }
        } else {
            ThreadPool.run(blocks, b -> backwardInputBlock(s, dPooled, relu, argmax, u, dx, b));
        }
    }

    /**
     * The weight and bias gradients of the fused pooling: adds ∂E/∂W into dw and, unless db is
     * null, ∂E/∂bias into db, given the input x and dPooled, relu and argmax as in
     * {@link #backwardInputPooled}. The blocks are added up in order, each block's 16 products
     * being the tasks: the rounding does not depend on the thread count.
     */
    static void backwardWeightsPooled(ConvShape s, float[] x, float[] dPooled, float[] relu, int[] argmax,
                                      float[] dw, float[] db) {
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        // ∂E/∂U[ξ] [f × c], then Σ over the tiles of ∂E/∂M at ξ = SUM: the bias gradient.
        float[] du = Scratch.floats(Scratch.WINOGRAD_GRADIENT, XI * pairs + f);
        Arrays.fill(du, 0, XI * pairs + f, 0f);
        int th = s.outHeight() / 2, tw = s.outWidth() / 2, count = blockImages(s);
        for (int n0 = 0; n0 < s.batch(); n0 += count) {
            int images = Math.min(count, s.batch() - n0), k = images * th * tw;
            float[] v = inputTiles(s, x, n0, images, th, tw);
            float[] dm = gradientTiles(s, dPooled, relu, argmax, n0, images);
            if (ThreadPool.size() == 1) {
                for (int xi = 0; xi < XI; xi++) {
                    weightProduct(c, f, k, v, dm, du, xi);
                }
            } else {
                ThreadPool.run(XI, xi -> weightProduct(c, f, k, v, dm, du, xi));
            }
            if (db != null) {
                for (int t = 0; t < k; t++) {
                    VectorElementwise.axpy(f, 1f, dm, (SUM * k + t) * f, du, XI * pairs);
                }
            }
        }
        transformWeightGradient(s, du, dw);
        if (db != null) {
            for (int o = 0; o < f; o++) {
                db[o] += du[XI * pairs + o];
            }
        }
    }

    /** du[ξ] += dm[ξ]ᵀ·v[ξ] over k tiles: [f × c] (the smaller of the two operands is the one packed). */
    private static void weightProduct(int c, int f, int k, float[] v, float[] dm, float[] du, int xi) {
        VectorGemm.gemm(true, false, f, c, k, 1f, dm, xi * k * f, f, v, xi * k * c, c, 1f, du, xi * f * c, c);
    }

    private static void backwardInputBlock(ConvShape s, float[] dPooled, float[] relu, int[] argmax, float[] u,
                                           float[] dx, int b) {
        int f = s.outChannels(), c = s.inChannels(), count = blockImages(s), n0 = b * count;
        int th = s.outHeight() / 2, tw = s.outWidth() / 2, tiles = th * tw;
        int images = Math.min(count, s.batch() - n0), k = images * tiles;
        int h = s.height(), w = s.width(), pad = s.padding();
        float[] dm = gradientTiles(s, dPooled, relu, argmax, n0, images);
        // ∂E/∂V[ξ] = ∂E/∂M[ξ]·U[ξ]ᵀ, [tiles × c], U[ξ]ᵀ laid out [f × c].
        float[] dv = Scratch.floats(Scratch.WINOGRAD_TILES, XI * k * c);
        for (int xi = 0; xi < XI; xi++) {
            VectorGemm.gemm(false, false, k, c, f, 1f, dm, xi * k * f, f, u, xi * f * c, c, 0f, dv, xi * k * c, c);
        }
        float[] image = Scratch.floats(Scratch.WINOGRAD_IMAGE, h * w * c);
        for (int i = 0; i < images; i++) {
            Arrays.fill(image, 0, h * w * c, 0f);
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * tiles + ty * tw + tx) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        fold(dv, at + ch, k * c, 2 * ty - pad, 2 * tx - pad, h, w, c, image, ch);
                    }
                }
            }
            GemmPack.transpose(h * w, c, image, 0, c, dx, (n0 + i) * c * h * w, h * w);
        }
    }

    /**
     * ∂E/∂M [ξ][tile][filter] of images n0 … n0 + images − 1, one tile per pooling window:
     * A·∂E/∂Y·Aᵀ, where ∂E/∂Y is the window's gradient (zero where relu is not positive) at the
     * corner argmax names. Gradients and corners are transposed to channels-last first.
     */
    private static float[] gradientTiles(ConvShape s, float[] dPooled, float[] relu, int[] argmax, int n0,
                                         int images) {
        int f = s.outChannels(), oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        int tw = ow / 2, tiles = (oh / 2) * tw, k = images * tiles;
        float[] dm = Scratch.floats(Scratch.WINOGRAD_PRODUCTS, XI * k * f);
        // Per image: the gradients [f × tiles], then the corners (row·2 + column, as floats).
        float[] planes = Scratch.floats(Scratch.WINOGRAD_OUTPUT, 2 * f * tiles);
        float[] lanes = Scratch.floats(Scratch.WINOGRAD_IMAGE, 2 * tiles * f);
        // The top-left output of each window of an image, from the image's first output.
        int[] corners = Scratch.ints(Scratch.WINOGRAD_CORNERS, f * tiles);
        for (int o = 0, q = 0; o < f; o++) {
            for (int t = 0; t < tiles; t++, q++) {
                corners[q] = o * plane + 2 * (t / tw) * ow + 2 * (t % tw);
            }
        }
        for (int i = 0; i < images; i++) {
            int p = (n0 + i) * f, from = p * tiles;
            for (int q = 0, n = f * tiles; q < n; q++) {
                planes[q] = relu == null || relu[from + q] > 0f ? dPooled[from + q] : 0f;
                // argmax − the window's top-left: 0, 1, ow or ow + 1.
                int offset = argmax[from + q] - p * plane - corners[q], row = offset >= ow ? 1 : 0;
                planes[n + q] = 2 * row + offset - row * ow;
            }
            GemmPack.transpose(f, tiles, planes, 0, tiles, lanes, 0, f);
            GemmPack.transpose(f, tiles, planes, f * tiles, tiles, lanes, tiles * f, f);
            for (int t = 0; t < tiles; t++) {
                for (int o = 0; o < f; o += L) {
                    gradientTile(lanes, t * f + o, tiles * f + t * f + o, dm, (i * tiles + t) * f + o, k * f);
                }
            }
        }
        return dm;
    }

    /**
     * A·∂E/∂Y·Aᵀ of one window's tile for L filters, to dm[at + ξ·step]: ∂E/∂Y is the gradient
     * lanes[g] at the corner lanes[corner] names (row·2 + column), zero at the other three.
     */
    private static void gradientTile(float[] lanes, int g, int corner, float[] dm, int at, int step) {
        FloatVector d = FloatVector.fromArray(S, lanes, g), which = FloatVector.fromArray(S, lanes, corner);
        FloatVector zero = FloatVector.zero(S);
        FloatVector g00 = zero.blend(d, which.compare(VectorOperators.EQ, 0f));
        FloatVector g01 = zero.blend(d, which.compare(VectorOperators.EQ, 1f));
        FloatVector g10 = zero.blend(d, which.compare(VectorOperators.EQ, 2f));
        FloatVector g11 = zero.blend(d, which.compare(VectorOperators.EQ, 3f));
        for (int i = 0; i < 4; i++) {
            FloatVector r0 = a(i, g00, g10), r1 = a(i, g01, g11);
            for (int j = 0; j < 4; j++) {
                a(j, r0, r1).intoArray(dm, at + (4 * i + j) * step);
            }
        }
    }

    /**
     * B·∂E/∂V·Bᵀ of one tile for channels ch … ch + L − 1 (dv[at + ξ·step]), added into the
     * channels-last image at the tile's inputs, whose top-left is (y, x); those outside h × w are padding.
     */
    private static void fold(float[] dv, int at, int step, int y, int x, int h, int w, int c, float[] image, int ch) {
        for (int a = 0; a < 4; a++) {
            if (y + a < 0 || y + a >= h) {
                continue;
            }
            FloatVector e0 = b(a, dv, at, step), e1 = b(a, dv, at + step, step);
            FloatVector e2 = b(a, dv, at + 2 * step, step), e3 = b(a, dv, at + 3 * step, step);
            for (int q = 0; q < 4; q++) {
                if (x + q >= 0 && x + q < w) {
                    int to = ((y + a) * w + x + q) * c + ch;
                    FloatVector.fromArray(S, image, to).add(b(q, e0, e1, e2, e3)).intoArray(image, to);
                }
            }
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

    /** Row i of B times four values: B = [1 0 0 0; 0 1 −1 1; −1 1 1 0; 0 0 0 −1]. */
    private static FloatVector b(int i, FloatVector v0, FloatVector v1, FloatVector v2, FloatVector v3) {
        return switch (i) {
            case 0 -> v0;
            case 1 -> v1.sub(v2).add(v3);
            case 2 -> v1.add(v2).sub(v0);
            default -> v3.neg();
        };
    }

    /** Row i of B times column j of a tile, v[at + 4·r·step] for r = 0 … 3. */
    private static FloatVector b(int i, float[] v, int at, int step) {
        return b(i, FloatVector.fromArray(S, v, at), FloatVector.fromArray(S, v, at + 4 * step),
                FloatVector.fromArray(S, v, at + 8 * step), FloatVector.fromArray(S, v, at + 12 * step));
    }

    /** Row i of A times two values: A = [1 0; 1 1; 1 −1; 0 −1]. */
    private static FloatVector a(int i, FloatVector v0, FloatVector v1) {
        return switch (i) {
            case 0 -> v0;
            case 1 -> v0.add(v1);
            case 2 -> v0.sub(v1);
            default -> v1.neg();
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
     * U[ξ] = (G·g·Gᵀ)[ξ] for every kernel g = w[o][c], in scratch, laid out as the operand of the
     * products: [inChannels × outChannels] for the forward pass, [outChannels × inChannels] for
     * the input gradient (so that neither is transposed as it is packed). Row i of G·g, then that
     * row times Gᵀ, four ξ at a time over all kernels: all 16 ξ per kernel wrote 16 streams
     * 4·pairs bytes apart, which fell in the same few sets of L1 (6 % of a forward pass).
     */
    private static float[] transformWeights(ConvShape s, float[] w, boolean forward) {
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        int oStep = forward ? 1 : c, cStep = forward ? f : 1;
        float[] u = Scratch.floats(Scratch.WINOGRAD_WEIGHTS, XI * pairs);
        for (int i = 0; i < 4; i++) {
            for (int o = 0, k = 0; o < f; o++) {
                for (int ch = 0, at = 4 * i * pairs + o * oStep; ch < c; ch++, k += 9, at += cStep) {
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

    /** dw[o][c] += Gᵀ·∂E/∂U[·][o][c]·G, from du [ξ][o][c]. */
    private static void transformWeightGradient(ConvShape s, float[] du, float[] dw) {
        int pairs = s.outChannels() * s.inChannels();
        for (int at = 0, k = 0; at < pairs; at++, k += 9) {
            for (int r = 0; r < 3; r++) {
                float p0 = gt(r, du[at], du[4 * pairs + at], du[8 * pairs + at], du[12 * pairs + at]);
                float p1 = gt(r, du[pairs + at], du[5 * pairs + at], du[9 * pairs + at], du[13 * pairs + at]);
                float p2 = gt(r, du[2 * pairs + at], du[6 * pairs + at], du[10 * pairs + at], du[14 * pairs + at]);
                float p3 = gt(r, du[3 * pairs + at], du[7 * pairs + at], du[11 * pairs + at], du[15 * pairs + at]);
                for (int q = 0; q < 3; q++) {
                    dw[k + 3 * r + q] += gt(q, p0, p1, p2, p3);
                }
            }
        }
    }

    /** Row r of Gᵀ times four values: Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1]. */
    private static float gt(int r, float v0, float v1, float v2, float v3) {
        return switch (r) {
            case 0 -> v0 + 0.5f * (v1 + v2);
            case 1 -> 0.5f * (v1 - v2);
            default -> 0.5f * (v1 + v2) + v3;
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
