package dev.nn.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * GEMM on the Vector API: register tiles of {@code MR} rows × {@code NV} vectors of C, each element
 * of A broadcast and multiplied into a row of B vectors. A is read in place through a row and a
 * column stride, which makes Aᵀ free; Bᵀ is transposed into a scratch panel first.
 *
 * <p>Blocking: B is walked in blocks of {@code KC} rows × {@code NC} columns (≈ 512 KiB, half the
 * L2 of this machine), and every strip of MR rows of A sweeps one block while it stays in L2.
 */
final class VectorGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Rows of a register tile; with NV vectors per row, MR·NV accumulators stay in registers. */
    private static final int MR = 4;
    private static final int NV = 4;
    private static final int NR = NV * L;
    private static final int KC = 256;
    private static final int NC = 512;

    private VectorGemm() {
    }

    static void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        scale(m, n, beta, c, cOff, ldc);
        if (m == 0 || n == 0 || k == 0 || alpha == 0f) {
            return;
        }
        if (transB) {
            float[] bt = Scratch.floats(Scratch.GEMM_B, k * n);
            transpose(n, k, b, bOff, ldb, bt, 0, n);
            b = bt;
            bOff = 0;
            ldb = n;
        }
        int ars = transA ? 1 : lda;
        int acs = transA ? lda : 1;
        for (int jc = 0; jc < n; jc += NC) {
            int nc = Math.min(NC, n - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                block(m, nc, kc, alpha, a, aOff + pc * acs, ars, acs, b, bOff + pc * ldb + jc, ldb, c, cOff + jc, ldc);
            }
        }
    }

    /** C[m×nc] += alpha·A[m×kc]·B[kc×nc], where A(i,p) = a[pa + i·ars + p·acs]. */
    private static void block(int m, int nc, int kc, float alpha, float[] a, int pa, int ars, int acs,
                              float[] b, int pb, int ldb, float[] c, int pc, int ldc) {
        int i = 0;
        for (; i + MR <= m; i += MR) {
            int ai = pa + i * ars;
            int ci = pc + i * ldc;
            int j = 0;
            for (; j + NR <= nc; j += NR) {
                tile4x4(kc, alpha, a, ai, ars, acs, b, pb + j, ldb, c, ci + j, ldc);
            }
            for (; j < nc; j += L) {
                tile4x1(kc, alpha, a, ai, ars, acs, b, pb + j, ldb, c, ci + j, ldc, S.indexInRange(j, nc));
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < nc; j += L) {
                tile1x1(kc, alpha, a, pa + i * ars, acs, b, pb + j, ldb, c, pc + i * ldc + j, S.indexInRange(j, nc));
            }
        }
    }

    private static void tile4x4(int kc, float alpha, float[] a, int pa, int ars, int acs,
                                float[] b, int pb, int ldb, float[] c, int pc, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < kc; p++, pa += acs, pb += ldb) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + L);
            FloatVector b2 = FloatVector.fromArray(S, b, pb + 2 * L);
            FloatVector b3 = FloatVector.fromArray(S, b, pb + 3 * L);
            FloatVector x = FloatVector.broadcast(S, a[pa]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, a[pa + ars]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, a[pa + 2 * ars]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, a[pa + 3 * ars]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        // The stores are written out here: a vector passed to a call that C2 does not inline is
        // boxed, and C2 then boxes the accumulators on every trip round the loop (10× slower).
        FloatVector al = FloatVector.broadcast(S, alpha);
        int r1 = pc + ldc, r2 = pc + 2 * ldc, r3 = pc + 3 * ldc;
        c00.fma(al, FloatVector.fromArray(S, c, pc)).intoArray(c, pc);
        c01.fma(al, FloatVector.fromArray(S, c, pc + L)).intoArray(c, pc + L);
        c02.fma(al, FloatVector.fromArray(S, c, pc + 2 * L)).intoArray(c, pc + 2 * L);
        c03.fma(al, FloatVector.fromArray(S, c, pc + 3 * L)).intoArray(c, pc + 3 * L);
        c10.fma(al, FloatVector.fromArray(S, c, r1)).intoArray(c, r1);
        c11.fma(al, FloatVector.fromArray(S, c, r1 + L)).intoArray(c, r1 + L);
        c12.fma(al, FloatVector.fromArray(S, c, r1 + 2 * L)).intoArray(c, r1 + 2 * L);
        c13.fma(al, FloatVector.fromArray(S, c, r1 + 3 * L)).intoArray(c, r1 + 3 * L);
        c20.fma(al, FloatVector.fromArray(S, c, r2)).intoArray(c, r2);
        c21.fma(al, FloatVector.fromArray(S, c, r2 + L)).intoArray(c, r2 + L);
        c22.fma(al, FloatVector.fromArray(S, c, r2 + 2 * L)).intoArray(c, r2 + 2 * L);
        c23.fma(al, FloatVector.fromArray(S, c, r2 + 3 * L)).intoArray(c, r2 + 3 * L);
        c30.fma(al, FloatVector.fromArray(S, c, r3)).intoArray(c, r3);
        c31.fma(al, FloatVector.fromArray(S, c, r3 + L)).intoArray(c, r3 + L);
        c32.fma(al, FloatVector.fromArray(S, c, r3 + 2 * L)).intoArray(c, r3 + 2 * L);
        c33.fma(al, FloatVector.fromArray(S, c, r3 + 3 * L)).intoArray(c, r3 + 3 * L);
    }

    /** Four rows × one (possibly partial) vector: the columns left after the full-width tiles. */
    private static void tile4x1(int kc, float alpha, float[] a, int pa, int ars, int acs,
                                float[] b, int pb, int ldb, float[] c, int pc, int ldc, VectorMask<Float> mask) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < kc; p++, pa += acs, pb += ldb) {
            FloatVector bv = FloatVector.fromArray(S, b, pb, mask);
            c0 = FloatVector.broadcast(S, a[pa]).fma(bv, c0);
            c1 = FloatVector.broadcast(S, a[pa + ars]).fma(bv, c1);
            c2 = FloatVector.broadcast(S, a[pa + 2 * ars]).fma(bv, c2);
            c3 = FloatVector.broadcast(S, a[pa + 3 * ars]).fma(bv, c3);
        }
        FloatVector al = FloatVector.broadcast(S, alpha);
        int r1 = pc + ldc, r2 = pc + 2 * ldc, r3 = pc + 3 * ldc;
        c0.fma(al, FloatVector.fromArray(S, c, pc, mask)).intoArray(c, pc, mask);
        c1.fma(al, FloatVector.fromArray(S, c, r1, mask)).intoArray(c, r1, mask);
        c2.fma(al, FloatVector.fromArray(S, c, r2, mask)).intoArray(c, r2, mask);
        c3.fma(al, FloatVector.fromArray(S, c, r3, mask)).intoArray(c, r3, mask);
    }

    /** One row × one (possibly partial) vector: the rows left after the MR-row strips. */
    private static void tile1x1(int kc, float alpha, float[] a, int pa, int acs,
                                float[] b, int pb, int ldb, float[] c, int pc, VectorMask<Float> mask) {
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

    /** dst[cols×rows] = src[rows×cols]ᵀ, in square blocks so both sides stay in cache. */
    private static void transpose(int rows, int cols, float[] src, int sOff, int lds, float[] dst, int dOff, int ldd) {
        final int bs = 32;
        for (int i0 = 0; i0 < rows; i0 += bs) {
            int i1 = Math.min(rows, i0 + bs);
            for (int j0 = 0; j0 < cols; j0 += bs) {
                int j1 = Math.min(cols, j0 + bs);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        dst[dOff + j * ldd + i] = src[sOff + i * lds + j];
                    }
                }
            }
        }
    }
}
