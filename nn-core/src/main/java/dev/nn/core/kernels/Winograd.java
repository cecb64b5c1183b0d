package dev.nn.core.kernels;

import dev.nn.core.ConvShape;
import dev.nn.core.runtime.Scratch;
import dev.nn.core.runtime.ThreadPool;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering F(m×m, 3×3), m = 2 or 4: each m×m
 * block of outputs (a tile) is {@code Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A}, with d the (m+2)×(m+2) inputs
 * under it and g the kernel. Summed over channels, the product ⊙ becomes (m+2)² matrix products,
 * one per position ξ of the transformed tile: M[ξ] = V[ξ]·U[ξ], with V[ξ] [tiles × inChannels]
 * the transformed inputs and U[ξ] [inChannels × outChannels] the transformed weights. Per output
 * and channel pair that is 4 multiply-adds for F(2×2) and 2.25 for F(4×4), where direct
 * convolution takes 9; {@link #tileSize} picks whichever covers the outputs with fewer (F(4×4)
 * for 11×11 outputs: 324 tile positions against 576). F(2×2)'s transforms are written out here,
 * F(4×4)'s in {@link WinogradF4}. The transforms are additions and a few constant multiples. They
 * mix all the inputs of a tile, so an output's rounding error follows the magnitude of its whole
 * tile, not of its own terms only: near padding or on tiny maps it can be thousands of times
 * the rounding of direct convolution relative to those terms; relative to the tile's scale it
 * stays within some tens of units of rounding (see WinogradPropertyTest).
 *
 * <p>All three passes, plain or with the fused 2×2 pooling. Backwards: ∂E/∂M = A·∂E/∂Y·Aᵀ per
 * tile (pooled: ∂E/∂Y is each window's gradient at its argmax), the input gradient
 * B·(∂E/∂M[ξ]·U[ξ]ᵀ)·Bᵀ with the overlapping tiles added up, the weight gradient
 * Gᵀ·(Σ over tiles of ∂E/∂M[ξ]ᵀ·V[ξ])·G, and the bias gradient Σ ∂E/∂M at ξ = (1, 1), which is
 * the sum of a tile's output gradients. The pooled passes run over the tiles under the windows
 * only, the same tiles as the plain pass: the pooled outputs are those of the plain pass to the bit.
 *
 * <p>The lanes of every transform are L channels of one tile: each image is transposed to
 * channels-last (16×16 blocks in registers), so that the inputs of a tile are plain loads and
 * every lane does useful work; hence both channel counts must be multiples of L. Lanes over the
 * tiles of a tile row left 10 of 16 lanes idle on 11×11 outputs, and the transforms took longer
 * than the products. U is packed for the products once per pass ({@link VectorGemm#pack}).
 *
 * <p>Images go through in blocks whose size depends only on the shape. Forward and input-gradient
 * blocks are independent tasks for the thread pool; the weight gradient adds the blocks up in
 * order, its products per block being the tasks: every result is summed in the same order
 * whatever the thread count.
 */
final class Winograd {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
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
        int m = tileSize(s);
        MemorySegment u = packedWeights(s, w, true, m);
        int blocks = blocks(s, m);
        if (ThreadPool.size() == 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                forwardBlock(s, x, u, bias, relu, y, argmax, m, b);
            }
        } else {
            ThreadPool.run(blocks, b -> forwardBlock(s, x, u, bias, relu, y, argmax, m, b));
        }
    }

    /**
     * Overwrites dx with ∂E/∂x. With argmax null, dy is ∂E/∂y, read as zero where relu (the
     * forward pass's output, or null) is not positive. With argmax, those of the fused pooling
     * ({@link #forward} with argmax): dy is ∂E/∂pooled, relu the pooled output or null, and only
     * the tiles under the windows carry a gradient, ∂E/∂Y being each window's gradient at the
     * corner argmax names and zero at its other three.
     */
    static void backwardInput(ConvShape s, float[] dy, float[] relu, int[] argmax, float[] w, float[] dx) {
        int m = tileSize(s);
        MemorySegment u = packedWeights(s, w, false, m);
        int blocks = blocks(s, m);
        if (ThreadPool.size() == 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                backwardInputBlock(s, dy, relu, argmax, u, dx, m, b);
            }
        } else {
            ThreadPool.run(blocks, b -> backwardInputBlock(s, dy, relu, argmax, u, dx, m, b));
        }
    }

    /**
     * Adds ∂E/∂W into dw and, unless db is null, ∂E/∂bias into db, given the input x and dy,
     * relu and argmax as in {@link #backwardInput}. The blocks are added up in order, each
     * block's products being the tasks: the rounding does not depend on the thread count.
     */
    static void backwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, int[] argmax, float[] dw,
                                float[] db) {
        int m = tileSize(s), xis = positions(m);
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        // ∂E/∂U[ξ] [f × c], then Σ over the tiles of ∂E/∂M at ξ = (1, 1): the sum of a tile's
        // output gradients, the bias gradient.
        float[] du = Scratch.floats(Scratch.WINOGRAD_GRADIENT, xis * pairs + f);
        Arrays.fill(du, 0, xis * pairs + f, 0f);
        int th = tilesHigh(s, m, argmax != null), tw = tilesWide(s, m, argmax != null), count = blockImages(s, m);
        for (int n0 = 0; n0 < s.batch(); n0 += count) {
            int images = Math.min(count, s.batch() - n0), k = images * th * tw;
            float[] v = inputTiles(s, x, n0, images, m, th, tw);
            float[] dm = gradientTiles(s, dy, relu, argmax, n0, images, m);
            if (ThreadPool.size() == 1) {
                for (int xi = 0; xi < xis; xi++) {
                    weightProduct(c, f, k, v, dm, du, xi);
                }
            } else {
                ThreadPool.run(xis, xi -> weightProduct(c, f, k, v, dm, du, xi));
            }
            if (db != null) {
                for (int t = 0, sum = (m + 3) * slab(k, f); t < k; t++) {
                    VectorElementwise.axpy(f, 1f, dm, sum + t * f, du, xis * pairs);
                }
            }
        }
        if (m == 4) {
            WinogradF4.transformWeightGradient(s, du, dw);
        } else {
            transformWeightGradient(s, du, dw);
        }
        if (db != null) {
            for (int o = 0; o < f; o++) {
                db[o] += du[xis * pairs + o];
            }
        }
    }

    /** du[ξ] += dm[ξ]ᵀ·v[ξ] over k tiles: [f × c] (the smaller of the two operands is the one packed). */
    private static void weightProduct(int c, int f, int k, float[] v, float[] dm, float[] du, int xi) {
        VectorGemm.gemm(true, false, f, c, k, 1f, dm, xi * slab(k, f), f, v, xi * slab(k, c), c, 1f, du, xi * f * c, c);
    }

    private static void backwardInputBlock(ConvShape s, float[] dy, float[] relu, int[] argmax, MemorySegment u,
                                           float[] dx, int m, int b) {
        int f = s.outChannels(), c = s.inChannels(), count = blockImages(s, m), n0 = b * count, xis = positions(m);
        int th = tilesHigh(s, m, argmax != null), tw = tilesWide(s, m, argmax != null), tiles = th * tw;
        int images = Math.min(count, s.batch() - n0), k = images * tiles;
        int h = s.height(), w = s.width(), pad = s.padding();
        float[] dm = gradientTiles(s, dy, relu, argmax, n0, images, m);
        // ∂E/∂V[ξ] = ∂E/∂M[ξ]·U[ξ]ᵀ, [tiles × c], U[ξ]ᵀ [f × c].
        float[] dv = Scratch.floats(Scratch.WINOGRAD_TILES, xis * slab(k, c));
        for (int xi = 0, size = VectorGemm.packedSize(f, c); xi < xis; xi++) {
            VectorGemm.gemmPacked(k, c, f, 1f, dm, xi * slab(k, f), f, u, (long) xi * size, 0f, dv, xi * slab(k, c), c);
        }
        // Each image folded into a zero-bordered channels-last image (rows of m·tw + 2 positions,
        // the tiles' inputs), then its inputs moved out and transposed into planes.
        int pw = m * tw + 2, ph = m * th + 2;
        float[] bordered = Scratch.floats(Scratch.WINOGRAD_BORDERED, ph * pw * c);
        float[] image = Scratch.floats(Scratch.WINOGRAD_IMAGE, h * w * c);
        float[] t = Scratch.floats(Scratch.WINOGRAD_TRANSFORM, WinogradF4.SCRATCH);
        for (int i = 0; i < images; i++) {
            Arrays.fill(bordered, 0, ph * pw * c, 0f);
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * tiles + ty * tw + tx) * c, to = (m * ty * pw + m * tx) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        if (m == 4) {
                            WinogradF4.fold(dv, at + ch, slab(k, c), bordered, to + ch, pw * c, c, t);
                        } else {
                            fold(dv, at + ch, slab(k, c), bordered, to + ch, pw * c, c);
                        }
                    }
                }
            }
            // Inputs no tile reaches (past the last window) have no gradient.
            Arrays.fill(image, 0, h * w * c, 0f);
            for (int r = 0; r < h && r + pad < ph; r++) {
                System.arraycopy(bordered, ((r + pad) * pw + pad) * c, image, r * w * c, Math.min(w, pw - pad) * c);
            }
            GemmPack.transpose(h * w, c, image, 0, c, dx, (n0 + i) * c * h * w, h * w);
        }
    }

    /**
     * ∂E/∂M [ξ][tile][filter] of images n0 … n0 + images − 1: A·∂E/∂Y·Aᵀ per tile, ∂E/∂Y
     * channels-last and bordered with zeros past the outputs (or past the windows). With argmax
     * null, dy is ∂E/∂Y, through ReLU's derivative when relu is given; otherwise that of the fused
     * pooling, each window's gradient at the corner argmax names (see {@link #backwardInput}).
     */
    private static float[] gradientTiles(ConvShape s, float[] dy, float[] relu, int[] argmax, int n0, int images,
                                         int m) {
        int f = s.outChannels(), th = tilesHigh(s, m, argmax != null), tw = tilesWide(s, m, argmax != null);
        int tiles = th * tw, k = images * tiles, row = m * tw * f;
        float[] dm = Scratch.floats(Scratch.WINOGRAD_PRODUCTS, positions(m) * slab(k, f));
        float[] bordered = Scratch.floats(Scratch.WINOGRAD_BORDERED, m * th * row);
        // Each image writes the outputs (or the windows); what lies past them stays zero.
        Arrays.fill(bordered, 0, m * th * row, 0f);
        for (int i = 0; i < images; i++) {
            if (argmax == null) {
                outputGradient(s, dy, relu, n0 + i, bordered, row);
            } else {
                unpooledGradient(s, dy, relu, argmax, n0 + i, bordered, row);
            }
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int from = m * ty * row + m * tx * f, to = (i * tiles + ty * tw + tx) * f;
                    for (int o = 0; o < f; o += L) {
                        if (m == 4) {
                            WinogradF4.gradientTile(bordered, from + o, f, row, dm, to + o, slab(k, f));
                        } else {
                            gradientTile(bordered, from + o, f, row, dm, to + o, slab(k, f));
                        }
                    }
                }
            }
        }
        return dm;
    }

    /** ∂E/∂Y of image n through ReLU's derivative (relu not null), channels-last into rows of bordered. */
    private static void outputGradient(ConvShape s, float[] dy, float[] relu, int n, float[] bordered, int row) {
        int f = s.outChannels(), oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        float[] image = Scratch.floats(Scratch.WINOGRAD_IMAGE, plane * f);
        float[] g = dy;
        int at = n * f * plane;
        if (relu != null) {
            g = Scratch.floats(Scratch.WINOGRAD_OUTPUT, f * plane);
            VectorElementwise.reluBackward(f * plane, relu, at, dy, at, g, 0);
            at = 0;
        }
        GemmPack.transpose(f, plane, g, at, plane, image, 0, f);
        for (int r = 0; r < oh; r++) {
            System.arraycopy(image, r * ow * f, bordered, r * row, ow * f);
        }
    }

    /**
     * The unpooled ∂E/∂Y of image n, channels-last into rows of bordered: each window's gradient
     * (zero where relu is not positive) at the corner argmax names, zero at its other three.
     * Gradients and corners are transposed to channels-last first.
     */
    private static void unpooledGradient(ConvShape s, float[] dPooled, float[] relu, int[] argmax, int n,
                                         float[] bordered, int row) {
        int f = s.outChannels(), oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        int pw = ow / 2, windows = (oh / 2) * pw;
        // The gradients [f × windows], then the corners (row·2 + column, as floats).
        float[] planes = Scratch.floats(Scratch.WINOGRAD_OUTPUT, 2 * f * windows);
        float[] lanes = Scratch.floats(Scratch.WINOGRAD_IMAGE, 2 * windows * f);
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
        GemmPack.transpose(f, windows, planes, 0, windows, lanes, 0, f);
        GemmPack.transpose(f, windows, planes, f * windows, windows, lanes, windows * f, f);
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

    /**
     * A·∂E/∂Y·Aᵀ of one tile for L filters, to dm[at + ξ·step], ∂E/∂Y from g: top left at
     * g[from], top right col floats on, the bottom ones row floats below them.
     *
     * <p>This and the other per-tile transforms are written out in full, on zero-bordered
     * buffers: with small helpers that took or returned vectors (and loads that chose between a
     * vector and zeros), C2 boxed the vectors where it did not inline the helpers, 3–11 MB per
     * training step in some JVMs and none in others.
     */
    private static void gradientTile(float[] g, int from, int col, int row, float[] dm, int at, int step) {
        FloatVector g00 = FloatVector.fromArray(S, g, from), g01 = FloatVector.fromArray(S, g, from + col);
        FloatVector g10 = FloatVector.fromArray(S, g, from + row);
        FloatVector g11 = FloatVector.fromArray(S, g, from + row + col);
        // Row i of A·∂E/∂Y is (r0, r1), A's rows being (1 0), (1 1), (1 −1), (0 −1); times Aᵀ:
        // (r0, r0 + r1, r0 − r1, −r1).
        FloatVector r0 = g00, r1 = g01;
        r0.intoArray(dm, at);
        r0.add(r1).intoArray(dm, at + step);
        r0.sub(r1).intoArray(dm, at + 2 * step);
        r1.neg().intoArray(dm, at + 3 * step);
        r0 = g00.add(g10);
        r1 = g01.add(g11);
        r0.intoArray(dm, at + 4 * step);
        r0.add(r1).intoArray(dm, at + 5 * step);
        r0.sub(r1).intoArray(dm, at + 6 * step);
        r1.neg().intoArray(dm, at + 7 * step);
        r0 = g00.sub(g10);
        r1 = g01.sub(g11);
        r0.intoArray(dm, at + 8 * step);
        r0.add(r1).intoArray(dm, at + 9 * step);
        r0.sub(r1).intoArray(dm, at + 10 * step);
        r1.neg().intoArray(dm, at + 11 * step);
        r0 = g10.neg();
        r1 = g11.neg();
        r0.intoArray(dm, at + 12 * step);
        r0.add(r1).intoArray(dm, at + 13 * step);
        r0.sub(r1).intoArray(dm, at + 14 * step);
        r1.neg().intoArray(dm, at + 15 * step);
    }

    /**
     * B·∂E/∂V·Bᵀ of one tile for L channels (dv[at + ξ·step]), added into a zero-bordered
     * channels-last image at the tile's 4×4 inputs, from image[to], rows {@code row} floats and
     * positions c floats apart. B's rows are (1 0 0 0), (0 1 −1 1), (−1 1 1 0), (0 0 0 −1).
     */
    private static void fold(float[] dv, int at, int step, float[] image, int to, int row, int c) {
        FloatVector v00 = FloatVector.fromArray(S, dv, at), v01 = FloatVector.fromArray(S, dv, at + step);
        FloatVector v02 = FloatVector.fromArray(S, dv, at + 2 * step);
        FloatVector v03 = FloatVector.fromArray(S, dv, at + 3 * step);
        FloatVector v10 = FloatVector.fromArray(S, dv, at + 4 * step);
        FloatVector v11 = FloatVector.fromArray(S, dv, at + 5 * step);
        FloatVector v12 = FloatVector.fromArray(S, dv, at + 6 * step);
        FloatVector v13 = FloatVector.fromArray(S, dv, at + 7 * step);
        FloatVector v20 = FloatVector.fromArray(S, dv, at + 8 * step);
        FloatVector v21 = FloatVector.fromArray(S, dv, at + 9 * step);
        FloatVector v22 = FloatVector.fromArray(S, dv, at + 10 * step);
        FloatVector v23 = FloatVector.fromArray(S, dv, at + 11 * step);
        FloatVector v30 = FloatVector.fromArray(S, dv, at + 12 * step);
        FloatVector v31 = FloatVector.fromArray(S, dv, at + 13 * step);
        FloatVector v32 = FloatVector.fromArray(S, dv, at + 14 * step);
        FloatVector v33 = FloatVector.fromArray(S, dv, at + 15 * step);
        // Row a of B·∂E/∂V, (e0, e1, e2, e3), adds (e0, e1 − e2 + e3, e1 + e2 − e0, −e3) (its product
        // with Bᵀ) to input row a; written out row by row, no vector chosen by a condition.
        FloatVector e0, e1, e2, e3;
        int r = to;
        e0 = v00;
        e1 = v01;
        e2 = v02;
        e3 = v03;
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
        r += row;
        e0 = v10.sub(v20).add(v30);
        e1 = v11.sub(v21).add(v31);
        e2 = v12.sub(v22).add(v32);
        e3 = v13.sub(v23).add(v33);
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
        r += row;
        e0 = v10.add(v20).sub(v00);
        e1 = v11.add(v21).sub(v01);
        e2 = v12.add(v22).sub(v02);
        e3 = v13.add(v23).sub(v03);
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
        r += row;
        e0 = v30.neg();
        e1 = v31.neg();
        e2 = v32.neg();
        e3 = v33.neg();
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
    }

    private static void forwardBlock(ConvShape s, float[] x, MemorySegment u, float[] bias, boolean relu, float[] y,
                                     int[] argmax, int m, int b) {
        int f = s.outChannels(), c = s.inChannels(), count = blockImages(s, m), n0 = b * count, xis = positions(m);
        int th = tilesHigh(s, m, argmax != null), tw = tilesWide(s, m, argmax != null);
        int images = Math.min(count, s.batch() - n0), tiles = th * tw, k = images * tiles;
        float[] v = inputTiles(s, x, n0, images, m, th, tw);
        float[] products = Scratch.floats(Scratch.WINOGRAD_PRODUCTS, xis * slab(k, f));
        for (int xi = 0, size = VectorGemm.packedSize(c, f); xi < xis; xi++) {
            VectorGemm.gemmPacked(k, f, c, 1f, v, xi * slab(k, c), c, u, (long) xi * size, 0f, products,
                    xi * slab(k, f), f);
        }
        int oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow, pooledPlane = (oh / 2) * (ow / 2);
        // The outputs' lower bound (0 for ReLU, −∞ for none), then zeros to add for no bias.
        float[] floor = Scratch.floats(Scratch.WINOGRAD_FLOOR, L + f);
        Arrays.fill(floor, 0, L, relu ? 0f : Float.NEGATIVE_INFINITY);
        Arrays.fill(floor, L, L + f, 0f);
        float[] shift = bias == null ? floor : bias;
        int shiftAt = bias == null ? L : 0;
        if (argmax == null) {
            // Each image's outputs channels-last, rows ow·f floats apart, then transposed into
            // planes. The tiles write all m × m of their outputs: those of a last tile past column
            // ow − 1 land at the start of the next row, which the row's first tile writes after
            // it (tiles right to left), and rows past oh − 1 after the plane. (A bordered buffer
            // and a copy of its rows into place had cost 1–2 % of the pass.)
            int row = ow * f;
            float[] out = Scratch.floats(Scratch.WINOGRAD_IMAGE, (m * th * ow + m) * f);
            for (int i = 0; i < images; i++) {
                for (int ty = 0; ty < th; ty++) {
                    for (int tx = tw - 1; tx >= 0; tx--) {
                        int at = (i * tiles + ty * tw + tx) * f, to = m * ty * row + m * tx * f;
                        for (int o = 0; o < f; o += L) {
                            if (m == 4) {
                                WinogradF4.untile(products, at + o, slab(k, f), shift, shiftAt + o, floor, out,
                                        to + o, row, f);
                            } else {
                                untile(products, at + o, slab(k, f), shift, shiftAt + o, floor, out, to + o, row, f);
                            }
                        }
                    }
                }
                GemmPack.transpose(plane, f, out, 0, f, y, (n0 + i) * f * plane, plane);
            }
            return;
        }
        // Each tile's outputs channels-last, its windows pooled, values and corners transposed into planes.
        float[] codes = Scratch.floats(Scratch.WINOGRAD_OUTPUT, 2 * pooledPlane * f);
        float[] outs = Scratch.floats(Scratch.WINOGRAD_BORDERED, m * m * L);
        int ph = oh / 2, pw = ow / 2, half = m / 2;
        for (int i = 0; i < images; i++) {
            int p = (n0 + i) * f;
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * tiles + ty * tw + tx) * f;
                    for (int o = 0; o < f; o += L) {
                        if (m == 4) {
                            WinogradF4.untile(products, at + o, slab(k, f), shift, shiftAt + o, floor, outs, 0, m * L, L);
                        } else {
                            untile(products, at + o, slab(k, f), shift, shiftAt + o, floor, outs, 0, m * L, L);
                        }
                        for (int wy = 0; wy < half && half * ty + wy < ph; wy++) {
                            for (int wx = 0; wx < half && half * tx + wx < pw; wx++) {
                                int q = ((half * ty + wy) * pw + half * tx + wx) * f + o;
                                pool(outs, (2 * wy * m + 2 * wx) * L, m * L, codes, q, pooledPlane * f + q);
                            }
                        }
                    }
                }
            }
            GemmPack.transpose(pooledPlane, f, codes, 0, f, y, p * pooledPlane, pooledPlane);
            GemmPack.transpose(pooledPlane, f, codes, pooledPlane * f, f, codes, 0, pooledPlane);
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

    /** V [ξ][tile][channel] of images n0 … n0 + images − 1, the tiles of image i from row i·th·tw. */
    private static float[] inputTiles(ConvShape s, float[] x, int n0, int images, int m, int th, int tw) {
        int c = s.inChannels(), h = s.height(), w = s.width(), pad = s.padding(), k = images * th * tw;
        float[] v = Scratch.floats(Scratch.WINOGRAD_TILES, positions(m) * slab(k, c));
        float[] image = Scratch.floats(Scratch.WINOGRAD_IMAGE, h * w * c);
        float[] t = Scratch.floats(Scratch.WINOGRAD_TRANSFORM, WinogradF4.SCRATCH);
        // Channels-last with a zero border: the m·th + 2 × m·tw + 2 inputs of the tiles, the
        // padding and what lies past the image zero (written once; each image overwrites the rest).
        int pw = m * tw + 2, ph = m * th + 2, rows = Math.min(h, ph - pad), cols = Math.min(w, pw - pad);
        float[] bordered = Scratch.floats(Scratch.WINOGRAD_BORDERED, ph * pw * c);
        Arrays.fill(bordered, 0, ph * pw * c, 0f);
        for (int i = 0; i < images; i++) {
            GemmPack.transpose(c, h * w, x, (n0 + i) * c * h * w, h * w, image, 0, c);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(image, r * w * c, bordered, ((r + pad) * pw + pad) * c, cols * c);
            }
            for (int ty = 0; ty < th; ty++) {
                for (int tx = 0; tx < tw; tx++) {
                    int at = (i * th * tw + ty * tw + tx) * c, from = (m * ty * pw + m * tx) * c;
                    for (int ch = 0; ch < c; ch += L) {
                        if (m == 4) {
                            WinogradF4.tile(bordered, from + ch, pw * c, c, v, at + ch, slab(k, c), t);
                        } else {
                            tile(bordered, from + ch, pw * c, c, v, at + ch, slab(k, c));
                        }
                    }
                }
            }
        }
        return v;
    }

    /**
     * Bᵀ·d·B for L channels of the tile whose 4×4 inputs start at image[from] (rows {@code row}
     * floats, positions c floats apart, channels-last), to v[at + ξ·step]. Bᵀ's rows are
     * (1 0 −1 0), (0 1 1 0), (0 −1 1 0), (0 1 0 −1).
     */
    private static void tile(float[] image, int from, int row, int c, float[] v, int at, int step) {
        FloatVector d00 = FloatVector.fromArray(S, image, from);
        FloatVector d01 = FloatVector.fromArray(S, image, from + c);
        FloatVector d02 = FloatVector.fromArray(S, image, from + 2 * c);
        FloatVector d03 = FloatVector.fromArray(S, image, from + 3 * c);
        FloatVector d10 = FloatVector.fromArray(S, image, from + row);
        FloatVector d11 = FloatVector.fromArray(S, image, from + row + c);
        FloatVector d12 = FloatVector.fromArray(S, image, from + row + 2 * c);
        FloatVector d13 = FloatVector.fromArray(S, image, from + row + 3 * c);
        FloatVector d20 = FloatVector.fromArray(S, image, from + 2 * row);
        FloatVector d21 = FloatVector.fromArray(S, image, from + 2 * row + c);
        FloatVector d22 = FloatVector.fromArray(S, image, from + 2 * row + 2 * c);
        FloatVector d23 = FloatVector.fromArray(S, image, from + 2 * row + 3 * c);
        FloatVector d30 = FloatVector.fromArray(S, image, from + 3 * row);
        FloatVector d31 = FloatVector.fromArray(S, image, from + 3 * row + c);
        FloatVector d32 = FloatVector.fromArray(S, image, from + 3 * row + 2 * c);
        FloatVector d33 = FloatVector.fromArray(S, image, from + 3 * row + 3 * c);
        // Row i of Bᵀ·d, (e0, e1, e2, e3), times B: (e0 − e2, e1 + e2, e2 − e1, e1 − e3).
        FloatVector e0, e1, e2, e3;
        e0 = d00.sub(d20);
        e1 = d01.sub(d21);
        e2 = d02.sub(d22);
        e3 = d03.sub(d23);
        e0.sub(e2).intoArray(v, at);
        e1.add(e2).intoArray(v, at + step);
        e2.sub(e1).intoArray(v, at + 2 * step);
        e1.sub(e3).intoArray(v, at + 3 * step);
        e0 = d10.add(d20);
        e1 = d11.add(d21);
        e2 = d12.add(d22);
        e3 = d13.add(d23);
        e0.sub(e2).intoArray(v, at + 4 * step);
        e1.add(e2).intoArray(v, at + 5 * step);
        e2.sub(e1).intoArray(v, at + 6 * step);
        e1.sub(e3).intoArray(v, at + 7 * step);
        e0 = d20.sub(d10);
        e1 = d21.sub(d11);
        e2 = d22.sub(d12);
        e3 = d23.sub(d13);
        e0.sub(e2).intoArray(v, at + 8 * step);
        e1.add(e2).intoArray(v, at + 9 * step);
        e2.sub(e1).intoArray(v, at + 10 * step);
        e1.sub(e3).intoArray(v, at + 11 * step);
        e0 = d10.sub(d30);
        e1 = d11.sub(d31);
        e2 = d12.sub(d32);
        e3 = d13.sub(d33);
        e0.sub(e2).intoArray(v, at + 12 * step);
        e1.add(e2).intoArray(v, at + 13 * step);
        e2.sub(e1).intoArray(v, at + 14 * step);
        e1.sub(e3).intoArray(v, at + 15 * step);
    }

    /**
     * Aᵀ·M·A of one tile for L filters (m[at + ξ·step]), shift[o …] (the bias, or zeros) added
     * and the result at least floor[0 …] (0 for ReLU, −∞ for none: as
     * {@code VectorElementwise.addScalarRows} computes an output), into a channels-last output:
     * the tile's 2×2 outputs from out[to], rows {@code row} floats and positions f floats apart.
     * Aᵀ's rows are (1 1 1 0), (0 1 −1 −1).
     */
    private static void untile(float[] m, int at, int step, float[] shift, int o, float[] floor, float[] out, int to,
                               int row, int f) {
        FloatVector m00 = FloatVector.fromArray(S, m, at);
        FloatVector m01 = FloatVector.fromArray(S, m, at + step);
        FloatVector m02 = FloatVector.fromArray(S, m, at + 2 * step);
        FloatVector m03 = FloatVector.fromArray(S, m, at + 3 * step);
        FloatVector m10 = FloatVector.fromArray(S, m, at + 4 * step);
        FloatVector m11 = FloatVector.fromArray(S, m, at + 5 * step);
        FloatVector m12 = FloatVector.fromArray(S, m, at + 6 * step);
        FloatVector m13 = FloatVector.fromArray(S, m, at + 7 * step);
        FloatVector m20 = FloatVector.fromArray(S, m, at + 8 * step);
        FloatVector m21 = FloatVector.fromArray(S, m, at + 9 * step);
        FloatVector m22 = FloatVector.fromArray(S, m, at + 10 * step);
        FloatVector m23 = FloatVector.fromArray(S, m, at + 11 * step);
        FloatVector m30 = FloatVector.fromArray(S, m, at + 12 * step);
        FloatVector m31 = FloatVector.fromArray(S, m, at + 13 * step);
        FloatVector m32 = FloatVector.fromArray(S, m, at + 14 * step);
        FloatVector m33 = FloatVector.fromArray(S, m, at + 15 * step);
        // Row p of Aᵀ·M, (s0, s1, s2, s3), times A: (s0 + s1 + s2, s1 − s2 − s3).
        FloatVector s0 = m00.add(m10).add(m20), s1 = m01.add(m11).add(m21);
        FloatVector s2 = m02.add(m12).add(m22), s3 = m03.add(m13).add(m23);
        FloatVector y00 = s0.add(s1).add(s2), y01 = s1.sub(s2).sub(s3);
        s0 = m10.sub(m20).sub(m30);
        s1 = m11.sub(m21).sub(m31);
        s2 = m12.sub(m22).sub(m32);
        s3 = m13.sub(m23).sub(m33);
        FloatVector y10 = s0.add(s1).add(s2), y11 = s1.sub(s2).sub(s3);
        FloatVector b = FloatVector.fromArray(S, shift, o);
        FloatVector least = FloatVector.fromArray(S, floor, 0);
        y00 = y00.add(b).max(least);
        y01 = y01.add(b).max(least);
        y10 = y10.add(b).max(least);
        y11 = y11.add(b).max(least);
        y00.intoArray(out, to);
        y01.intoArray(out, to + f);
        y10.intoArray(out, to + row);
        y11.intoArray(out, to + row + f);
    }

    /**
     * The 2×2 max pooling of one window for L filters, its outputs channels-last from outs[from]
     * (positions L and rows {@code row} floats apart, from {@link #untile}): the maximum to
     * values[at], and which output holds it (row·2 + column, as a float) to values[codeAt]. Ties and NaN as in {@link VectorPooling}'s 2×2 windows:
     * right beats left, then bottom beats top, only if larger or NaN in place of a number.
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
     * U[ξ] for every ξ, packed one after the other for {@link VectorGemm#gemmPacked}: [inChannels
     * × outChannels] for the forward pass, [outChannels × inChannels] for the input gradient.
     * Packed once per pass, not once per block of images.
     */
    private static MemorySegment packedWeights(ConvShape s, float[] w, boolean forward, int m) {
        float[] u = transformWeights(s, w, forward, m);
        int xis = positions(m), rows = forward ? s.inChannels() : s.outChannels();
        int cols = forward ? s.outChannels() : s.inChannels(), size = VectorGemm.packedSize(rows, cols);
        MemorySegment packed = Scratch.segment(Scratch.WINOGRAD_PACKED, xis * size);
        for (int xi = 0; xi < xis; xi++) {
            VectorGemm.pack(rows, cols, u, xi * rows * cols, cols, packed, (long) xi * size);
        }
        return packed;
    }

    /**
     * U[ξ] = (G·g·Gᵀ)[ξ] for every kernel g = w[o][c], in scratch, laid out as the operand of the
     * products: [inChannels × outChannels] for the forward pass, [outChannels × inChannels] for
     * the input gradient (so that neither is transposed as it is packed). Row i of G·g, then that
     * row times Gᵀ, four ξ at a time over all kernels: all 16 ξ per kernel wrote 16 streams
     * 4·pairs bytes apart, which fell in the same few sets of L1 (6 % of a forward pass).
     */
    private static float[] transformWeights(ConvShape s, float[] w, boolean forward, int m) {
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        int oStep = forward ? 1 : c, cStep = forward ? f : 1;
        float[] u = Scratch.floats(Scratch.WINOGRAD_WEIGHTS, positions(m) * pairs);
        if (m == 4) {
            WinogradF4.transformWeights(s, w, forward, u);
            return u;
        }
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

    /**
     * Floats from one ξ to the next in the transformed inputs and the products, [ξ][tile][channel]:
     * the k tiles' rows and one vector more, so that the 16 positions of a tile, which its
     * transforms read or write together, are not a multiple of 4 KiB apart: they would all fall in
     * one set of L1 (k·channels·4 bytes is one for 144 tiles of 64 filters, 4 images of 6×6 tiles).
     */
    private static int slab(int k, int channels) {
        return k * channels + L;
    }

    /**
     * Outputs per side of a tile: whichever of F(2×2) and F(4×4) takes fewer multiply-adds over
     * the grid of tiles that covers the outputs (324 tile positions against 576 for 11×11
     * outputs; F(2×2) for 5×5 and 6×6); ties go to F(2×2), which rounds less. The fused pooling
     * takes the same tiles, so that its outputs are those of the plain pass to the bit.
     */
    private static int tileSize(ConvShape s) {
        int oh = s.outHeight(), ow = s.outWidth();
        long two = 16L * ((oh + 1) / 2) * ((ow + 1) / 2), four = 36L * ((oh + 3) / 4) * ((ow + 3) / 4);
        return four < two ? 4 : 2;
    }

    /** Positions ξ of a transformed tile, (m + 2)². */
    private static int positions(int m) {
        return (m + 2) * (m + 2);
    }

    /** Rows of m×m tiles over all outputs, or with {@code pooled} over those under 2×2 windows only. */
    private static int tilesHigh(ConvShape s, int m, boolean pooled) {
        return ((pooled ? s.outHeight() / 2 * 2 : s.outHeight()) + m - 1) / m;
    }

    /** Tile columns, as {@link #tilesHigh}. */
    private static int tilesWide(ConvShape s, int m, boolean pooled) {
        return ((pooled ? s.outWidth() / 2 * 2 : s.outWidth()) + m - 1) / m;
    }

    /** Images per block: as many as keep a block's transformed inputs and products within BLOCK_FLOATS, at least one. */
    private static int blockImages(ConvShape s, int m) {
        int perImage = positions(m) * (s.inChannels() + s.outChannels()) * tilesHigh(s, m, false)
                * tilesWide(s, m, false);
        return Math.max(1, Math.min(s.batch(), BLOCK_FLOATS / perImage));
    }

    private static int blocks(ConvShape s, int m) {
        int count = blockImages(s, m);
        return (s.batch() + count - 1) / count;
    }
}
