package dev.nn.core.kernels.gemm;

import dev.nn.core.runtime.FloatScratch;
import dev.nn.core.runtime.SegmentScratch;
import dev.nn.core.runtime.ThreadPool;
import java.lang.foreign.MemorySegment;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API, {@code C = alpha·op(A)·op(B) + beta·C}, row-major.
 *
 * <p><b>Packed path</b> (m ≥ MR, or Bᵀ): op(B) is copied block by block (KC rows × NC columns)
 * into panels NR = 2 vectors wide, in a 64-byte-aligned native buffer (see {@link GemmPack}). A
 * register tile of MR = 8 rows × 2 vectors of C then walks panel after panel, A's 8 rows staying
 * in L1 while the panels stream from L2. A is read in place, also as Aᵀ (its 8 values for one k
 * are then adjacent). Bᵀ is transposed while it is packed, 16×16 floats at a time in registers —
 * unless m is small (dX = dY·Wᵀ): then Cᵀ = B·op(A)ᵀ is computed instead and transposed into C.
 * Packing costs one copy of the B block per call, a share of the time that shrinks as m grows; in
 * exchange every load of B is aligned and the strides are constants.
 *
 * <p>Edges never fall back to a narrow loop: the last panel is padded to whole vectors and its
 * tile computed into a scratch copy of C; the last m mod 8 rows are copied into a scratch strip.
 * Both go through the same kernels, so every element of C is summed the same way. With beta 0
 * the first block of k writes C without reading it (no separate pass that zeroes C).
 *
 * <p><b>Row path</b> (m < MR and B not transposed): each row of C is one pass over B in place per
 * block of k; packing B would cost as much as the product (single-sample inference, m = 1).
 *
 * <p><b>The same sums for every m</b>: both paths cut k into the same blocks, which depend on k
 * alone, and every element of C is summed the same way on either path — one fused multiply-add
 * chain per block of k in k order, then alpha times it added to C, block after block — so a row
 * of C is the same bits whatever the number of rows in the product and wherever the row lies
 * among them (a sample's outputs do not depend on its batch).
 *
 * <p><b>Threads</b>: after each block of B is packed (by the calling thread, shared read-only),
 * rows are cut into tasks of MC rows — a size fixed independently of the pool — and each element
 * of C is summed by one kernel in k order, block after block of k, so the result is bit-identical
 * for any number of threads. Each task's scratch is its own thread's. Small blocks (see
 * MIN_TASKS), or a pool of one, run on the calling thread without allocating.
 */
public final class VectorGemm implements GemmKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = GemmTiles.MR;
    private static final int NR = GemmTiles.NR;
    private static final int ROW = GemmTiles.ROW;
    /** Depth of a packed block of B. */
    private static final int KC = KBlocks.MAX;
    /** Width of a packed block of B: KC·NC floats = 768 KiB stay in L2 (1 MiB per core). */
    private static final int NC = 512;
    /** Rows per task. */
    private static final int MC = 32;
    /**
     * A block is split into tasks only if it has at least MIN_TASKS of them and PARALLEL_FLOPS of
     * work (tens of microseconds): below that, waking the workers and the uneven last task cost
     * more than the second thread gains (the benchmark report has the products measured).
     */
    private static final int MIN_TASKS = 8;
    private static final long PARALLEL_FLOPS = 1L << 22;
    /** Stands for the old C (read with stride 0) when a block overwrites C. */
    private static final float[] ZEROS = new float[2 * L];
    /** The packed block of B, shared read-only by the tasks of a product. */
    private static final SegmentScratch PANELS = new SegmentScratch();
    /** Cᵀ, when C = op(A)·Bᵀ is computed as its transpose. */
    private static final FloatScratch TRANSPOSED_C = new FloatScratch();
    /** A task's MR rows of A, MR rows of C and one C tile: edges go through the same kernels. */
    private static final FloatScratch STRIP = new FloatScratch();

    /** The one instance: the class holds no state. */
    public static final VectorGemm INSTANCE = new VectorGemm();

    private VectorGemm() {
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (transB && beta == 0f && (long) m * (k + n) < (long) n * k) {
            // C = op(A)·Bᵀ as Cᵀ = B·op(A)ᵀ, an NN product on B in place, then transposed into C:
            // transposing op(A) and C moves fewer floats than transposing B, as for dX = dY·Wᵀ with
            // a small batch. (The swapped call never swaps back: both conditions together would
            // need 2mn < 0.)
            float[] ct = TRANSPOSED_C.get(n * m);
            gemm(false, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, 0f, ct, 0, m);
            Transpose.transpose(n, m, ct, 0, m, c, cOff, ldc);
            return;
        }
        boolean packed = m >= MR || transB;
        // With beta 0 the packed path writes C in its first block of k instead of zeroing it first.
        boolean overwrite = packed && beta == 0f && k > 0 && alpha != 0f;
        if (!overwrite) {
            scale(m, n, beta, c, cOff, ldc);
        }
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        int acs = transA ? lda : 1;
        // Blocks of equal size, so that no thin last block of n pays a full pass for little work.
        int kc = KBlocks.depth(k);
        if (!packed) {
            // The packed path's blocks of k, so that a row sums as it would among MR or more rows.
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                for (int i = 0; i < m; i++) {
                    row(n, kcb, alpha, a, aOff + i * (transA ? 1 : lda) + pc * acs, acs, b, bOff + pc * ldb, ldb,
                            c, cOff + i * ldc);
                }
            }
            return;
        }
        int nc = ceilDiv(ceilDiv(n, ceilDiv(n, NC)), NR) * NR;
        MemorySegment bp = PANELS.get(GemmPack.size(Math.min(kc, k), Math.min(nc, n), NR));
        for (int jc = 0; jc < n; jc += nc) {
            int ncb = Math.min(nc, n - jc);
            for (int pc = 0; pc < k; pc += kc) {
                int kcb = Math.min(kc, k - pc);
                if (transB) {
                    GemmPack.transposed(kcb, ncb, NR, b, bOff + jc * ldb + pc, ldb, bp);
                } else {
                    GemmPack.panels(kcb, ncb, NR, b, bOff + pc * ldb + jc, ldb, bp, 0);
                }
                int pa = aOff + pc * acs;
                int pcc = cOff + jc;
                boolean first = overwrite && pc == 0;
                int tasks = ceilDiv(m, MC);
                if (tasks < MIN_TASKS || ThreadPool.size() == 1 || 2L * m * ncb * kcb < PARALLEL_FLOPS) {
                    rows(0, m, ncb, kcb, alpha, transA, a, pa, lda, bp, 0, first, c, pcc, ldc);
                } else {
                    ThreadPool.run(tasks, t -> rows(t * MC, Math.min(m, t * MC + MC), ncb, kcb, alpha, transA,
                            a, pa, lda, bp, 0, first, c, pcc, ldc));
                }
            }
        }
    }

    /** Floats that {@link #pack} takes for a k×n matrix B. */
    public static int packedSize(int k, int n) {
        return GemmPack.size(k, n, NR);
    }

    /**
     * Packs B [k×n] (row-major, leading dimension ldb) into dst from float {@code at} (a multiple
     * of 16 keeps it 64-byte aligned), for {@link #gemmPacked}: a B that several products share
     * is packed once instead of once per product.
     *
     * @throws IllegalArgumentException if B is larger than one packed block (k > 384 or n > 512)
     */
    public static void pack(int k, int n, float[] b, int bOff, int ldb, MemorySegment dst, long at) {
        if (k > KC || n > NC) {
            throw new IllegalArgumentException("a prepacked B is one block, at most " + KC + "×" + NC + ", got "
                    + k + "×" + n);
        }
        GemmPack.panels(k, n, NR, b, bOff, ldb, dst, 4 * at);
    }

    /**
     * C = alpha·A·B + beta·C for A [m×k] (row-major, lda) and B packed by {@link #pack} at float
     * {@code at} of bp: the products of {@link #gemm} to the bit, on the calling thread.
     */
    public static void gemmPacked(int m, int n, int k, float alpha, float[] a, int aOff, int lda, MemorySegment bp, long at,
                           float beta, float[] c, int cOff, int ldc) {
        boolean overwrite = beta == 0f && k > 0 && alpha != 0f;
        if (!overwrite) {
            scale(m, n, beta, c, cOff, ldc);
        }
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        rows(0, m, n, k, alpha, false, a, aOff, lda, bp, 4 * at, overwrite, c, cOff, ldc);
    }

    /**
     * Rows [i0, i1) of C[m×nc] += alpha·op(A)[m×kc]·(packed B block at byte bo of bp); with
     * {@code overwrite}, C = alpha·op(A)·B, its old values not read.
     */
    private static void rows(int i0, int i1, int nc, int kc, float alpha, boolean transA, float[] a, int pa,
                             int lda, MemorySegment bp, long bo, boolean overwrite, float[] c, int pc, int ldc) {
        int ars = transA ? 1 : lda;
        // This thread's scratch: MR rows of A (MR·kc), MR rows of C (MR·nc), a C tile (MR·NR).
        float[] scratch = STRIP.get(MR * (kc + nc + NR));
        int i = i0;
        for (; i + MR <= i1; i += MR) {
            strip(nc, kc, alpha, transA, a, pa + i * ars, lda, bp, bo, overwrite, c, pc + i * ldc, ldc, scratch);
        }
        int r = i1 - i;
        if (r > 0) {
            // The last r < MR rows: A's rows (row-major) and C's rows are copied into a whole strip
            // of scratch and go through the same kernels, so they sum exactly like full strips.
            int cs = MR * kc;
            for (int q = 0; q < r; q++) {
                if (transA) {
                    for (int p = 0; p < kc; p++) {
                        scratch[q * kc + p] = a[pa + i + q + p * lda];
                    }
                } else {
                    System.arraycopy(a, pa + (i + q) * lda, scratch, q * kc, kc);
                }
                if (!overwrite) {
                    System.arraycopy(c, pc + (i + q) * ldc, scratch, cs + q * nc, nc);
                }
            }
            strip(nc, kc, alpha, false, scratch, 0, kc, bp, bo, overwrite, scratch, cs, nc, scratch);
            for (int q = 0; q < r; q++) {
                System.arraycopy(scratch, cs + q * nc, c, pc + (i + q) * ldc, nc);
            }
        }
    }

    /**
     * C[MR×nc] += alpha·A[MR×kc]·(packed B block at byte bo of bp) for one strip of MR rows; A(i, p) =
     * a[ai + i·lda + p], or a[ai + p·lda + i] for Aᵀ. Uses {@code scratch} (see {@link #rows}) for
     * the C tile of the last panel.
     */
    private static void strip(int nc, int kc, float alpha, boolean transA, float[] a, int ai, int lda,
                              MemorySegment bp, long bo, boolean overwrite, float[] c, int ci, int ldc,
                              float[] scratch) {
        int full = nc / NR;
        int w = nc - full * NR;
        long edge = bo + (long) ROW * kc * full;
        // The kernels add alpha·A·B to "old" values read from src: C itself, or zeros.
        float[] src = overwrite ? ZEROS : c;
        int lds = overwrite ? 0 : ldc;
        for (int t = 0; t < full; t++) {
            int cj = ci + t * NR;
            int sj = overwrite ? 0 : cj;
            if (transA) {
                GemmTiles.tile8x2t(kc, alpha, a, ai, lda, bp, bo + (long) ROW * kc * t, src, sj, lds, c, cj, ldc);
            } else {
                GemmTiles.tile8x2(kc, alpha, a, ai, lda, bp, bo + (long) ROW * kc * t, src, sj, lds, c, cj, ldc);
            }
        }
        if (w > 0) {
            // The last panel, padded to whole vectors, goes through the same arithmetic into a
            // scratch tile holding a copy of C's w columns: results equal those of full tiles.
            int ct = MR * (kc + nc);
            int cw = ci + full * NR;
            if (!overwrite) {
                copyTile(c, cw, ldc, scratch, ct, NR, w);
            }
            float[] es = overwrite ? ZEROS : scratch;
            int eo = overwrite ? 0 : ct;
            int el = overwrite ? 0 : NR;
            if (GemmPack.paddedWidth(w) == NR) {
                if (transA) {
                    GemmTiles.tile8x2t(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct, NR);
                } else {
                    GemmTiles.tile8x2(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct, NR);
                }
            } else if (transA) {
                GemmTiles.tile8x1t(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct);
            } else {
                GemmTiles.tile8x1(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct);
            }
            copyTile(scratch, ct, NR, c, cw, ldc, w);
        }
    }

    /** Copies MR rows of w ≤ NR floats (masked vectors: System.arraycopy costs more for so few). */
    private static void copyTile(float[] src, int s, int lds, float[] dst, int d, int ldd, int w) {
        for (int j = 0; j < w; j += L) {
            VectorMask<Float> mask = S.indexInRange(j, w);
            for (int r = 0; r < MR; r++) {
                FloatVector.fromArray(S, src, s + r * lds + j, mask).intoArray(dst, d + r * ldd + j, mask);
            }
        }
    }

    /** One row of C[1×n] += alpha·a[1×k]·B, B in place (k×n, leading dimension ldb). */
    private static void row(int n, int k, float alpha, float[] a, int pa, int acs,
                            float[] b, int pb, int ldb, float[] c, int pc) {
        int j = 0;
        for (; j + 8 * L <= n; j += 8 * L) {
            GemmTiles.tile1x8(k, alpha, a, pa, acs, b, pb + j, ldb, c, pc + j);
        }
        if (j + 4 * L <= n) {
            GemmTiles.tile1x4(k, alpha, a, pa, acs, b, pb + j, ldb, c, pc + j);
            j += 4 * L;
        }
        for (; j < n; j += L) {
            GemmTiles.tile1x1(k, alpha, a, pa, acs, b, pb + j, ldb, c, pc + j, Math.min(L, n - j));
        }
    }

    /** C = beta·C; with beta 0 the old values are not read, as in BLAS. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        FloatVector bv = FloatVector.broadcast(S, beta);
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            for (int j = 0; j < n; j += L) {
                VectorMask<Float> mask = S.indexInRange(j, n);
                FloatVector v = beta == 0f ? FloatVector.zero(S) : FloatVector.fromArray(S, c, row + j, mask).mul(bv);
                v.intoArray(c, row + j, mask);
            }
        }
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}
