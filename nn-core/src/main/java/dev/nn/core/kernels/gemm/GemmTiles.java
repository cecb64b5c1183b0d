package dev.nn.core.kernels.gemm;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register tiles of {@link VectorGemm}: each computes a block of C with its accumulators held
 * in vector registers for the whole depth of k, then adds alpha times them to the old values. The
 * 8-row tiles read B from packed panels ({@link GemmPack}), the 1-row tiles read B in place.
 * Each tile is written out in full, its stores included: a vector passed to a method that C2 does
 * not inline is boxed.
 */
final class GemmTiles {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Rows of the register tile; its columns are NR = 2 vectors, the width of a packed panel. */
    static final int MR = 8;
    static final int NR = 2 * L;
    /** Bytes from one row of a packed panel to the next. */
    static final int ROW = 4 * NR;

    private GemmTiles() {
    }

    /**
     * The main kernel: C[8×NR] = alpha·A[8×kc]·Bpanel[kc×NR] + old C, the old values read from
     * {@code src} (C itself, or zeros), rows lds apart. A in place (rows lda apart, contiguous in
     * k), B a packed panel (rows NR apart). 16 accumulators + 2 B vectors + 1 broadcast fit the 32
     * vector registers; of the tile shapes that fit (8×2, 4×4, 6×4, 12×2 vectors) 8×2 ran fastest
     * and lost least on misaligned panels. Both strides are constants (k step 1,
     * B step NR), which lets C2 hoist the range checks out of the loop.
     */
    static void tile8x2(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
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
    static void tile8x2t(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
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
    static void tile8x1(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
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
    static void tile8x1t(int kc, float alpha, float[] a, int pa, int lda, MemorySegment b, long pb,
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
    static void tile1x4(int kc, float alpha, float[] a, int pa, int acs,
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
    static void tile1x8(int kc, float alpha, float[] a, int pa, int acs,
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
    static void tile1x1(int kc, float alpha, float[] a, int pa, int acs,
                                float[] b, int pb, int ldb, float[] c, int pc, int w) {
        VectorMask<Float> mask = S.indexInRange(0, w);
        FloatVector acc = FloatVector.zero(S);
        for (int p = 0; p < kc; p++, pa += acs, pb += ldb) {
            acc = FloatVector.broadcast(S, a[pa]).fma(FloatVector.fromArray(S, b, pb, mask), acc);
        }
        acc.fma(FloatVector.broadcast(S, alpha), FloatVector.fromArray(S, c, pc, mask)).intoArray(c, pc, mask);
    }
}
