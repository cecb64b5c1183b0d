package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.elementwise.VectorElementwise;
import dev.nn.core.kernels.gemm.VectorGemm;
import dev.nn.core.runtime.FloatScratch;
import dev.nn.core.runtime.SegmentScratch;
import dev.nn.core.runtime.ThreadPool;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * 3×3 stride-1 convolutions by Winograd's minimal filtering F(m×m, 3×3), m = 2 or 4: each m×m
 * block of outputs (a tile) is {@code Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A}, with d the (m+2)×(m+2) inputs
 * under it and g the kernel. Summed over channels, the product ⊙ becomes (m+2)² matrix products,
 * one per position ξ of the transformed tile: M[ξ] = V[ξ]·U[ξ], with V[ξ] [tiles × inChannels]
 * the transformed inputs and U[ξ] [inChannels × outChannels] the transformed weights. Per output
 * and channel pair that is 4 multiply-adds for F(2×2) ({@link F2x2}) and 2.25 for F(4×4)
 * ({@link F4x4}), where direct convolution takes 9; {@link Tiling} picks whichever covers the
 * outputs with fewer. The transforms are additions and a few constant multiples. They mix all the
 * inputs of a tile, so an output's rounding error follows the magnitude of its whole tile, not of
 * its own terms only: near padding or on tiny maps it can be thousands of times the rounding of
 * direct convolution relative to those terms; relative to the tile's scale it stays within some
 * tens of units of rounding (see WinogradPropertyTest).
 *
 * <p>This class drives all three passes, plain or with the fused 2×2 pooling ({@link PooledTiles}).
 * The weight gradient runs here only as an opt-in: its transforms spread the rounding of a filter's
 * sums over all nine taps, so a weight whose products are all 0 gets noise instead of 0.
 * Backwards: ∂E/∂M = A·∂E/∂Y·Aᵀ per tile (pooled: ∂E/∂Y is each window's gradient at its argmax),
 * the input gradient B·(∂E/∂M[ξ]·U[ξ]ᵀ)·Bᵀ with the overlapping tiles added up, the weight
 * gradient Gᵀ·(Σ over tiles of ∂E/∂M[ξ]ᵀ·V[ξ])·G, and the bias gradient Σ ∂E/∂M at ξ = (1, 1),
 * which is the sum of a tile's output gradients. The pooled passes run over the tiles under the
 * windows only, the same tiles as the plain pass: the pooled outputs are those of the plain pass to
 * the bit.
 *
 * <p>The lanes of every transform are L channels of one tile: each image is transposed to
 * channels-last ({@link Tiles}), so that the inputs of a tile are plain loads and every lane does
 * useful work; hence both channel counts must be multiples of L. (Lanes over the tiles of a tile
 * row would leave most lanes idle on maps as small as 11×11.) U is packed for the products once per
 * pass ({@link VectorGemm#pack}).
 *
 * <p>Images go through in blocks whose size depends only on the shape. Forward and input-gradient
 * blocks are independent tasks for the thread pool; the weight gradient adds the blocks up in
 * order, its products per block being the tasks: every result is summed in the same order
 * whatever the thread count.
 */
public final class Winograd {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();
    /** A block's transformed inputs V, or ∂E/∂V: [ξ][tile][channel]. */
    private static final FloatScratch TRANSFORMED_INPUTS = new FloatScratch();
    /** A block's products M, or ∂E/∂M: [ξ][tile][filter]. */
    private static final FloatScratch TRANSFORMED_OUTPUTS = new FloatScratch();
    /** The outputs' lower bound (0 for ReLU, −∞ for none), then zeros to add for no bias. */
    private static final FloatScratch FLOOR = new FloatScratch();
    /** U[ξ] for every ξ, before it is packed. */
    private static final FloatScratch WEIGHTS = new FloatScratch();
    /** U[ξ] for every ξ, packed for the products. */
    private static final SegmentScratch PACKED_WEIGHTS = new SegmentScratch();
    /** ∂E/∂U[ξ] [f × c] for every ξ, then the bias gradient. */
    private static final FloatScratch WEIGHT_GRADIENT = new FloatScratch();

    private Winograd() {
    }

    /** Whether a shape takes this algorithm: a 3×3 kernel at stride 1, both channel counts multiples of L. */
    public static boolean applies(ConvShape s) {
        return s.kernelHeight() == 3 && s.kernelWidth() == 3 && s.stride() == 1
                && s.inChannels() % L == 0 && s.outChannels() % L == 0;
    }

    /**
     * With argmax null, writes the outputs to y, bias added and through ReLU when asked. Otherwise
     * y takes their 2×2 max pooling at stride 2 and argmax the index of each maximum, as
     * {@code VectorPooling.maxPool2Shifted} would; only the tiles under the windows are computed.
     */
    public static void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y, int[] argmax) {
        Tiling g = TilingCache.of(s, argmax != null);
        MemorySegment u = packedWeights(s, g, w, true);
        int blocks = g.blocks(s.batch());
        if (ThreadPool.size() == 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                forwardBlock(s, g, x, u, bias, relu, y, argmax, b);
            }
        } else {
            ThreadPool.run(blocks, b -> forwardBlock(s, g, x, u, bias, relu, y, argmax, b));
        }
    }

    /**
     * Overwrites dx with ∂E/∂x. With argmax null, dy is ∂E/∂y, read as zero where relu (the
     * forward pass's output, or null) is not positive. With argmax, those of the fused pooling
     * ({@link #forward} with argmax): dy is ∂E/∂pooled, relu the pooled output or null, and only
     * the tiles under the windows carry a gradient, ∂E/∂Y being each window's gradient at the
     * corner argmax names and zero at its other three.
     */
    public static void backwardInput(ConvShape s, float[] dy, float[] relu, int[] argmax, float[] w, float[] dx) {
        Tiling g = TilingCache.of(s, argmax != null);
        MemorySegment u = packedWeights(s, g, w, false);
        int blocks = g.blocks(s.batch());
        if (ThreadPool.size() == 1 || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                backwardInputBlock(s, g, dy, relu, argmax, u, dx, b);
            }
        } else {
            ThreadPool.run(blocks, b -> backwardInputBlock(s, g, dy, relu, argmax, u, dx, b));
        }
    }

    /**
     * Adds ∂E/∂W into dw and, unless db is null, ∂E/∂bias into db, given the input x and dy,
     * relu and argmax as in {@link #backwardInput}. The blocks are added up in order, each
     * block's products being the tasks: the rounding does not depend on the thread count.
     */
    public static void backwardWeights(ConvShape s, float[] x, float[] dy, float[] relu, int[] argmax, float[] dw,
                                       float[] db) {
        Tiling g = TilingCache.of(s, argmax != null);
        int xis = g.positions(), f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        float[] du = WEIGHT_GRADIENT.get(xis * pairs + f);
        Arrays.fill(du, 0, xis * pairs + f, 0f);
        for (int n0 = 0; n0 < s.batch(); n0 += g.blockImages()) {
            int images = Math.min(g.blockImages(), s.batch() - n0), k = images * g.tiles();
            float[] v = TRANSFORMED_INPUTS.get(xis * Tiling.slab(k, c));
            float[] dm = TRANSFORMED_OUTPUTS.get(xis * Tiling.slab(k, f));
            Tiles.inputs(s, g, x, n0, images, v);
            Tiles.gradients(s, g, dy, relu, argmax, n0, images, dm);
            if (ThreadPool.size() == 1) {
                for (int xi = 0; xi < xis; xi++) {
                    weightProduct(c, f, k, v, dm, du, xi);
                }
            } else {
                ThreadPool.run(xis, xi -> weightProduct(c, f, k, v, dm, du, xi));
            }
            if (db != null) {
                // ∂E/∂M at ξ = (1, 1) is the sum of a tile's output gradients.
                for (int t = 0, sum = (g.m() + 3) * Tiling.slab(k, f); t < k; t++) {
                    VectorElementwise.INSTANCE.axpy(f, 1f, dm, sum + t * f, du, xis * pairs);
                }
            }
        }
        g.transform().transformWeightGradient(s, du, dw);
        if (db != null) {
            for (int o = 0; o < f; o++) {
                db[o] += du[xis * pairs + o];
            }
        }
    }

    /** du[ξ] += dm[ξ]ᵀ·v[ξ] over k tiles: [f × c] (the smaller of the two operands is the one packed). */
    private static void weightProduct(int c, int f, int k, float[] v, float[] dm, float[] du, int xi) {
        VectorGemm.INSTANCE.gemm(true, false, f, c, k, 1f, dm, xi * Tiling.slab(k, f), f, v, xi * Tiling.slab(k, c), c,
                1f, du, xi * f * c, c);
    }

    /** One block of images: V, then M[ξ] = V[ξ]·U[ξ], then the outputs or their pooling. */
    private static void forwardBlock(ConvShape s, Tiling g, float[] x, MemorySegment u, float[] bias, boolean relu,
                                     float[] y, int[] argmax, int b) {
        int f = s.outChannels(), c = s.inChannels(), xis = g.positions(), n0 = b * g.blockImages();
        int images = Math.min(g.blockImages(), s.batch() - n0), k = images * g.tiles();
        float[] v = TRANSFORMED_INPUTS.get(xis * Tiling.slab(k, c));
        Tiles.inputs(s, g, x, n0, images, v);
        float[] products = TRANSFORMED_OUTPUTS.get(xis * Tiling.slab(k, f));
        for (int xi = 0, size = VectorGemm.packedSize(c, f); xi < xis; xi++) {
            VectorGemm.gemmPacked(k, f, c, 1f, v, xi * Tiling.slab(k, c), c, u, (long) xi * size, 0f, products,
                    xi * Tiling.slab(k, f), f);
        }
        float[] floor = FLOOR.get(L + f);
        Arrays.fill(floor, 0, L, relu ? 0f : Float.NEGATIVE_INFINITY);
        Arrays.fill(floor, L, L + f, 0f);
        float[] shift = bias == null ? floor : bias;
        int shiftAt = bias == null ? L : 0;
        if (argmax == null) {
            Tiles.outputs(s, g, products, n0, images, shift, shiftAt, floor, y);
        } else {
            PooledTiles.outputs(s, g, products, n0, images, shift, shiftAt, floor, y, argmax);
        }
    }

    /** One block of images: ∂E/∂M, then ∂E/∂V[ξ] = ∂E/∂M[ξ]·U[ξ]ᵀ, then folded into dx. */
    private static void backwardInputBlock(ConvShape s, Tiling g, float[] dy, float[] relu, int[] argmax,
                                           MemorySegment u, float[] dx, int b) {
        int f = s.outChannels(), c = s.inChannels(), xis = g.positions(), n0 = b * g.blockImages();
        int images = Math.min(g.blockImages(), s.batch() - n0), k = images * g.tiles();
        float[] dm = TRANSFORMED_OUTPUTS.get(xis * Tiling.slab(k, f));
        Tiles.gradients(s, g, dy, relu, argmax, n0, images, dm);
        // ∂E/∂V[ξ] [tiles × c], U[ξ]ᵀ [f × c].
        float[] dv = TRANSFORMED_INPUTS.get(xis * Tiling.slab(k, c));
        for (int xi = 0, size = VectorGemm.packedSize(f, c); xi < xis; xi++) {
            VectorGemm.gemmPacked(k, c, f, 1f, dm, xi * Tiling.slab(k, f), f, u, (long) xi * size, 0f, dv,
                    xi * Tiling.slab(k, c), c);
        }
        Tiles.foldInputs(s, g, dv, n0, images, dx);
    }

    /**
     * U[ξ] for every ξ, packed one after the other for {@link VectorGemm#gemmPacked}: [inChannels
     * × outChannels] for the forward pass, [outChannels × inChannels] for the input gradient.
     * Packed once per pass, not once per block of images.
     */
    private static MemorySegment packedWeights(ConvShape s, Tiling g, float[] w, boolean forward) {
        int xis = g.positions(), rows = forward ? s.inChannels() : s.outChannels();
        int cols = forward ? s.outChannels() : s.inChannels(), size = VectorGemm.packedSize(rows, cols);
        float[] u = WEIGHTS.get(xis * rows * cols);
        g.transform().transformWeights(s, w, forward, u);
        MemorySegment packed = PACKED_WEIGHTS.get(xis * size);
        for (int xi = 0; xi < xis; xi++) {
            VectorGemm.pack(rows, cols, u, xi * rows * cols, cols, packed, (long) xi * size);
        }
        return packed;
    }
}
