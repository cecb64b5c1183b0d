package dev.nn.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C += A·Bᵀ} as dot products, for few outputs and long rows: A is m×k and B is n×k, both
 * row-major, so every output is the dot product of two contiguous rows. Register tiles of 4×4
 * outputs keep 16 vector accumulators across the whole length and reduce each once at the end;
 * with k in the thousands (a first convolution layer's weight gradient: 9 × 32 outputs over
 * 64 images × 726 positions) the reductions cost nothing, and nothing is transposed or packed.
 * The lanes are summed in lane order ({@link VectorElementwise#sumLanes}).
 */
final class VectorDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Multiply-adds below which a call stays on one thread: a fork costs about as much as 10⁵ of them. */
    private static final long PARALLEL_MIN_WORK = 1 << 17;

    private VectorDots() {
    }

    static void gemmNT(int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float[] c, int cOff, int ldc) {
        // One task per strip of 4 rows of C: every output is summed by one task, in one order,
        // whatever the number of threads.
        int strips = (m + 3) / 4;
        if (ThreadPool.size() == 1 || strips == 1 || (long) m * n * k < PARALLEL_MIN_WORK) {
            for (int t = 0; t < strips; t++) {
                strip(t * 4, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc);
            }
        } else {
            ThreadPool.run(strips, t -> strip(t * 4, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc));
        }
    }

    /** Rows [i, i + 4) of C (fewer at the bottom edge). */
    private static void strip(int i, int m, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                              float[] c, int cOff, int ldc) {
        int rows = Math.min(4, m - i);
        int j = 0;
        if (rows == 4) {
            for (; j + 4 <= n; j += 4) {
                tile4x4(k, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, c, cOff + i * ldc + j, ldc);
            }
        }
        for (; j < n; j++) {
            for (int r = 0; r < rows; r++) {
                c[cOff + (i + r) * ldc + j] += dot(k, a, aOff + (i + r) * lda, b, bOff + j * ldb);
            }
        }
    }

    private static void tile4x4(int k, float[] a, int pa, int lda, float[] b, int pb, int ldb, float[] c, int pc, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int p = 0;
        for (int end = S.loopBound(k); p < end; p += L) {
            FloatVector b0 = FloatVector.fromArray(S, b, pb + p);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + ldb + p);
            FloatVector b2 = FloatVector.fromArray(S, b, pb + 2 * ldb + p);
            FloatVector b3 = FloatVector.fromArray(S, b, pb + 3 * ldb + p);
            FloatVector x = FloatVector.fromArray(S, a, pa + p);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.fromArray(S, a, pa + lda + p);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.fromArray(S, a, pa + 2 * lda + p);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.fromArray(S, a, pa + 3 * lda + p);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        // Through a scratch array, not a helper's parameters: a vector handed to a call that is
        // not inlined is boxed, and C2 then boxes the accumulators inside the loop as well.
        float[] lanes = Scratch.floats(Scratch.LANES, 16 * L);
        c00.intoArray(lanes, 0);
        c01.intoArray(lanes, L);
        c02.intoArray(lanes, 2 * L);
        c03.intoArray(lanes, 3 * L);
        c10.intoArray(lanes, 4 * L);
        c11.intoArray(lanes, 5 * L);
        c12.intoArray(lanes, 6 * L);
        c13.intoArray(lanes, 7 * L);
        c20.intoArray(lanes, 8 * L);
        c21.intoArray(lanes, 9 * L);
        c22.intoArray(lanes, 10 * L);
        c23.intoArray(lanes, 11 * L);
        c30.intoArray(lanes, 12 * L);
        c31.intoArray(lanes, 13 * L);
        c32.intoArray(lanes, 14 * L);
        c33.intoArray(lanes, 15 * L);
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 4; q++) {
                c[pc + r * ldc + q] += VectorElementwise.sumLanes(lanes, (4 * r + q) * L)
                        + tail(k, p, a, pa + r * lda, b, pb + q * ldb);
            }
        }
    }

    /** Σ a[pa + q]·b[pb + q] for q in [from, k): the part of a row after the last whole vector. */
    private static float tail(int k, int from, float[] a, int pa, float[] b, int pb) {
        float s = 0f;
        for (int q = from; q < k; q++) {
            s = Math.fma(a[pa + q], b[pb + q], s);
        }
        return s;
    }

    /** One dot product of length k, for the outputs outside whole tiles. */
    private static float dot(int k, float[] a, int pa, float[] b, int pb) {
        FloatVector acc = FloatVector.zero(S);
        int p = 0;
        for (int end = S.loopBound(k); p < end; p += L) {
            acc = FloatVector.fromArray(S, a, pa + p).fma(FloatVector.fromArray(S, b, pb + p), acc);
        }
        float[] lanes = Scratch.floats(Scratch.LANES, L);
        acc.intoArray(lanes, 0);
        return VectorElementwise.sumLanes(lanes, 0) + tail(k, p, a, pa, b, pb);
    }
}
