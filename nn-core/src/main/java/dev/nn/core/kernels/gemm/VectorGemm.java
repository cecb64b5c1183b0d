package dev.nn.core.kernels.gemm;

import dev.nn.core.runtime.FloatScratch;
import dev.nn.core.runtime.SegmentScratch;
import dev.nn.core.runtime.ThreadPool;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
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
 * <p><b>Row path</b> (m < MR and B not transposed): each row of C is one pass over B in place;
 * packing B would cost as much as the product (single-sample inference, m = 1).
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
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Rows of the register tile; its columns are NR = 2 vectors, the width of a packed panel. */
    private static final int MR = 8;
    private static final int NR = 2 * L;
    /** Bytes from one row of a packed panel to the next. */
    private static final int ROW = 4 * NR;
    /**
     * Depth of a packed block of B. A kc×NR panel (48 KiB) streams from L2 while the kc×MR values
     * of A stay in L1 (12 KiB); deeper blocks push A's rows out of L1.
     */
    private static final int KC = 384;
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
        if (!packed) {
            for (int i = 0; i < m; i++) {
                row(n, k, alpha, a, aOff + i * (transA ? 1 : lda), acs, b, bOff, ldb, c, cOff + i * ldc);
            }
            return;
        }
        // Blocks of equal size, so that no thin last block of k or n pays a full pass for little work.
        int kc = ceilDiv(k, ceilDiv(k, KC));
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
                tile8x2t(kc, alpha, a, ai, lda, bp, bo + (long) ROW * kc * t, src, sj, lds, c, cj, ldc);
            } else {
                tile8x2(kc, alpha, a, ai, lda, bp, bo + (long) ROW * kc * t, src, sj, lds, c, cj, ldc);
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
                    tile8x2t(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct, NR);
                } else {
                    tile8x2(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct, NR);
                }
            } else if (transA) {
                tile8x1t(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct);
            } else {
                tile8x1(kc, alpha, a, ai, lda, bp, edge, es, eo, el, scratch, ct);
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
            tile1x8(k, alpha, a, pa, acs, b, pb + j, ldb, c, pc + j);
        }
        if (j + 4 * L <= n) {
            tile1x4(k, alpha, a, pa, acs, b, pb + j, ldb, c, pc + j);
            j += 4 * L;
        }
        for (; j < n; j += L) {
            tile1x1(k, alpha, a, pa, acs, b, pb + j, ldb, c, pc + j, Math.min(L, n - j));
        }
    }

    /**
     * The main kernel: C[8×NR] = alpha·A[8×kc]·Bpanel[kc×NR] + old C, the old values read from
     * {@code src} (C itself, or zeros), rows lds apart. A in place (rows lda apart, contiguous in
     * k), B a packed panel (rows NR apart). 16 accumulators + 2 B vectors + 1 broadcast fit the 32
     * vector registers; of the tile shapes that fit (8×2, 4×4, 6×4, 12×2 vectors) 8×2 ran fastest
     * and lost least on misaligned panels. Both strides are constants (k step 1,
     * B step NR), which lets C2 hoist the range checks out of the loop.
     */
    private static void tile8x2(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
                                float[] src, int ps, int lds, float[] c, int pc, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        int a1 = pa + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            // The offset is derived from the int p, not kept in a long of its own: then C2 hoists
            // the segment's bounds checks (with a long induction variable they stay in the loop).
            long o = pb + (long) p * ROW;
            FloatVector b0 = FloatVector.fromMemorySegment(S, b, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, b, o + 4 * L, ORDER);
            FloatVector x = FloatVector.broadcast(S, a[pa + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[a1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[a2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[a3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[a4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[a5 + p]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[a6 + p]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[a7 + p]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        // The stores are written out here: a vector passed to a call that C2 does not inline is
        // boxed, and C2 then boxes the accumulators on every trip round the loop.
        FloatVector al = FloatVector.broadcast(S, alpha);
        int r = pc, s = ps;
        c00.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c01.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c10.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c11.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c20.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c21.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c30.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c31.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c40.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c41.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c50.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c51.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c60.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c61.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c70.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c71.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
    }

    /**
     * {@link #tile8x2} for Aᵀ, read in place: A(i, p) = a[pa + p·lda + i]. The 8 values for one k
     * are adjacent, so C2 folds their 8 bounds checks into one, and reading in place saves the
     * copy of each strip (8 floats per k), which costs more than it saves.
     */
    private static void tile8x2t(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
                                 float[] src, int ps, int lds, float[] c, int pc, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        FloatVector c60 = c00, c61 = c00, c70 = c00, c71 = c00;
        for (int p = 0; p < kc; p++, pa += lda) {
            long o = pb + (long) p * ROW;
            FloatVector b0 = FloatVector.fromMemorySegment(S, b, o, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(S, b, o + 4 * L, ORDER);
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[pa + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[pa + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[pa + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[pa + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, a[pa + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, a[pa + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, a[pa + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        int r = pc, s = ps;
        c00.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c01.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c10.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c11.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c20.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c21.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c30.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c31.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c40.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c41.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c50.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c51.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c60.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c61.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
        r += ldc;
        s += lds;
        c70.fma(al, FloatVector.fromArray(S, src, s)).intoArray(c, r);
        c71.fma(al, FloatVector.fromArray(S, src, s + L)).intoArray(c, r + L);
    }

    /**
     * Eight rows × one vector, for a last panel of at most L columns (padded to L; e.g. all of a
     * classifier's 10 outputs), into a scratch C tile with rows NR apart; A as in {@link #tile8x2}.
     * No masks: with masked loads and stores this method was too large for C1 ("out of virtual
     * registers") and ran interpreted. Constant strides again let C2 hoist the bounds checks.
     */
    private static void tile8x1(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
                                float[] src, int ps, int lds, float[] c, int pc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        int a1 = pa + lda, a2 = a1 + lda, a3 = a2 + lda, a4 = a3 + lda, a5 = a4 + lda, a6 = a5 + lda, a7 = a6 + lda;
        for (int p = 0; p < kc; p++) {
            FloatVector bv = FloatVector.fromMemorySegment(S, b, pb + (long) p * (4 * L), ORDER);
            c0 = FloatVector.broadcast(S, a[pa + p]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, a[a1 + p]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, a[a2 + p]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, a[a3 + p]).fma(bv, c3);
            c4 = FloatVector.broadcast(S, a[a4 + p]).fma(bv, c4);
            c5 = FloatVector.broadcast(S, a[a5 + p]).fma(bv, c5);
            c6 = FloatVector.broadcast(S, a[a6 + p]).fma(bv, c6);
            c7 = FloatVector.broadcast(S, a[a7 + p]).fma(bv, c7);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c0.fma(al, FloatVector.fromArray(S, src, ps)).intoArray(c, pc);
        c1.fma(al, FloatVector.fromArray(S, src, ps + lds)).intoArray(c, pc + NR);
        c2.fma(al, FloatVector.fromArray(S, src, ps + 2 * lds)).intoArray(c, pc + 2 * NR);
        c3.fma(al, FloatVector.fromArray(S, src, ps + 3 * lds)).intoArray(c, pc + 3 * NR);
        c4.fma(al, FloatVector.fromArray(S, src, ps + 4 * lds)).intoArray(c, pc + 4 * NR);
        c5.fma(al, FloatVector.fromArray(S, src, ps + 5 * lds)).intoArray(c, pc + 5 * NR);
        c6.fma(al, FloatVector.fromArray(S, src, ps + 6 * lds)).intoArray(c, pc + 6 * NR);
        c7.fma(al, FloatVector.fromArray(S, src, ps + 7 * lds)).intoArray(c, pc + 7 * NR);
    }

    /** {@link #tile8x1} for Aᵀ read in place, as in {@link #tile8x2t}. */
    private static void tile8x1t(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
                                 float[] src, int ps, int lds, float[] c, int pc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0; p < kc; p++, pa += lda) {
            FloatVector bv = FloatVector.fromMemorySegment(S, b, pb + (long) p * (4 * L), ORDER);
            c0 = FloatVector.broadcast(S, a[pa]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, a[pa + 1]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, a[pa + 2]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, a[pa + 3]).fma(bv, c3);
            c4 = FloatVector.broadcast(S, a[pa + 4]).fma(bv, c4);
            c5 = FloatVector.broadcast(S, a[pa + 5]).fma(bv, c5);
            c6 = FloatVector.broadcast(S, a[pa + 6]).fma(bv, c6);
            c7 = FloatVector.broadcast(S, a[pa + 7]).fma(bv, c7);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c0.fma(al, FloatVector.fromArray(S, src, ps)).intoArray(c, pc);
        c1.fma(al, FloatVector.fromArray(S, src, ps + lds)).intoArray(c, pc + NR);
        c2.fma(al, FloatVector.fromArray(S, src, ps + 2 * lds)).intoArray(c, pc + 2 * NR);
        c3.fma(al, FloatVector.fromArray(S, src, ps + 3 * lds)).intoArray(c, pc + 3 * NR);
        c4.fma(al, FloatVector.fromArray(S, src, ps + 4 * lds)).intoArray(c, pc + 4 * NR);
        c5.fma(al, FloatVector.fromArray(S, src, ps + 5 * lds)).intoArray(c, pc + 5 * NR);
        c6.fma(al, FloatVector.fromArray(S, src, ps + 6 * lds)).intoArray(c, pc + 6 * NR);
        c7.fma(al, FloatVector.fromArray(S, src, ps + 7 * lds)).intoArray(c, pc + 7 * NR);
    }

    /** {@link #tile1x8} for 4 to 7 remaining vectors: four FMA chains still hide the FMA latency. */
    private static void tile1x4(int kc, float alpha, float[] a, int pa, int acs,
                                float[] b, int pb, int ldb, float[] c, int pc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < kc; p++, pa += acs, pb += ldb) {
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            c0 = x.fma(FloatVector.fromArray(S, b, pb), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, pb + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, pb + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, pb + 3 * L), c3);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c0.fma(al, FloatVector.fromArray(S, c, pc)).intoArray(c, pc);
        c1.fma(al, FloatVector.fromArray(S, c, pc + L)).intoArray(c, pc + L);
        c2.fma(al, FloatVector.fromArray(S, c, pc + 2 * L)).intoArray(c, pc + 2 * L);
        c3.fma(al, FloatVector.fromArray(S, c, pc + 3 * L)).intoArray(c, pc + 3 * L);
    }

    /**
     * One row × 8 vectors of B in place, for every row when m < MR: each k reads 512 contiguous
     * bytes of B, so a row of C is one sequential pass over B, which streams from L2 (two passes
     * of {@link #tile1x4} would read it twice).
     */
    private static void tile1x8(int kc, float alpha, float[] a, int pa, int acs,
                                float[] b, int pb, int ldb, float[] c, int pc) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0; p < kc; p++, pa += acs, pb += ldb) {
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            c0 = x.fma(FloatVector.fromArray(S, b, pb), c0);
            c1 = x.fma(FloatVector.fromArray(S, b, pb + L), c1);
            c2 = x.fma(FloatVector.fromArray(S, b, pb + 2 * L), c2);
            c3 = x.fma(FloatVector.fromArray(S, b, pb + 3 * L), c3);
            c4 = x.fma(FloatVector.fromArray(S, b, pb + 4 * L), c4);
            c5 = x.fma(FloatVector.fromArray(S, b, pb + 5 * L), c5);
            c6 = x.fma(FloatVector.fromArray(S, b, pb + 6 * L), c6);
            c7 = x.fma(FloatVector.fromArray(S, b, pb + 7 * L), c7);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        c0.fma(al, FloatVector.fromArray(S, c, pc)).intoArray(c, pc);
        c1.fma(al, FloatVector.fromArray(S, c, pc + L)).intoArray(c, pc + L);
        c2.fma(al, FloatVector.fromArray(S, c, pc + 2 * L)).intoArray(c, pc + 2 * L);
        c3.fma(al, FloatVector.fromArray(S, c, pc + 3 * L)).intoArray(c, pc + 3 * L);
        c4.fma(al, FloatVector.fromArray(S, c, pc + 4 * L)).intoArray(c, pc + 4 * L);
        c5.fma(al, FloatVector.fromArray(S, c, pc + 5 * L)).intoArray(c, pc + 5 * L);
        c6.fma(al, FloatVector.fromArray(S, c, pc + 6 * L)).intoArray(c, pc + 6 * L);
        c7.fma(al, FloatVector.fromArray(S, c, pc + 7 * L)).intoArray(c, pc + 7 * L);
    }

    /** One row × one vector masked to its first w ≤ L lanes. */
    private static void tile1x1(int kc, float alpha, float[] a, int pa, int acs,
                                float[] b, int pb, int ldb, float[] c, int pc, int w) {
        VectorMask<Float> mask = S.indexInRange(0, w);
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, pa += acs, pb += ldb) {
            acc = FloatVector.broadcast(S, a[pa]).fma(FloatVector.fromArray(S, b, pb, mask), acc);
        }
        acc.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, pc, mask)).intoArray(c, pc, mask);
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
