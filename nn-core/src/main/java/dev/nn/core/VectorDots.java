package dev.nn.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C += Σ A·Bᵀ} as dot products, for few outputs over long rows, summed over several
 * products before one reduction: each A is m×k and each B n×k, both row-major, so every output is
 * the dot product of two contiguous rows. {@link #accumulate} adds one product's lane-wise partial
 * sums into a lane buffer, in register tiles of 4×4 outputs (16 vector accumulators loaded from the
 * buffer and stored back); {@link #reduce} then adds each output's lanes to C once, in lane order
 * ({@link VectorElementwise#sumLanes}). A first convolution layer's weight gradient is such a sum
 * over the images of a batch (9 × 32 outputs over 676 positions each): a reduction per image would
 * cost half as much as the multiply-adds, one per batch costs nothing.
 *
 * <p>Lane buffer layout: output (i, j) owns {@code L + 1} floats from {@code (i·n + j)·(L + 1)}
 * (shifted by a first output index, so that a product may fill part of a larger buffer): L lane
 * sums of the whole vectors of each row, then the sum of the products after them.
 */
final class VectorDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int STRIDE = L + 1;

    private VectorDots() {
    }

    /** Floats of the lane buffer for m×n outputs; it must start zeroed. */
    static int lanesSize(int m, int n) {
        return m * n * STRIDE;
    }

    /**
     * Adds rows [i0, i1) of A·Bᵀ, lane-wise, into the lane buffer, output (i, j) at output index
     * {@code first + i·n + j}: every output is summed in the same order whatever rows a call
     * covers, so calls on disjoint rows may run on different threads.
     */
    static void accumulate(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] lanes, int first) {
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                tile4x4(k, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, lanes, (first + i * n + j) * STRIDE, n * STRIDE);
            }
            for (; j < n; j++) {
                tile4x1(k, a, aOff + i * lda, lda, b, bOff + j * ldb, lanes, (first + i * n + j) * STRIDE, n * STRIDE);
            }
        }
        for (; i < i1; i++) {
            for (int j = 0; j < n; j++) {
                dot(k, a, aOff + i * lda, b, bOff + j * ldb, lanes, (first + i * n + j) * STRIDE);
            }
        }
    }

    /**
     * {@code c[cOff + i·ldi + j·ldj] += } the lanes of output (i, j) of m×n, in lane order, then its
     * tail sum (ldi = 1, ldj = m writes Cᵀ).
     */
    static void reduce(int m, int n, float[] lanes, float[] c, int cOff, int ldi, int ldj) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = (i * n + j) * STRIDE;
                c[cOff + i * ldi + j * ldj] += VectorElementwise.sumLanes(lanes, at) + lanes[at + L];
            }
        }
    }

    /** Outputs (r, q) of a 4×4 tile own the lane vectors at {@code pl + r·ldl + q·STRIDE}. */
    private static void tile4x4(int k, float[] a, int pa, int lda, float[] b, int pb, int ldb, float[] lanes, int pl, int ldl) {
        int l1 = pl + ldl, l2 = l1 + ldl, l3 = l2 + ldl;
        FloatVector c00 = FloatVector.fromArray(S, lanes, pl), c01 = FloatVector.fromArray(S, lanes, pl + STRIDE);
        FloatVector c02 = FloatVector.fromArray(S, lanes, pl + 2 * STRIDE), c03 = FloatVector.fromArray(S, lanes, pl + 3 * STRIDE);
        FloatVector c10 = FloatVector.fromArray(S, lanes, l1), c11 = FloatVector.fromArray(S, lanes, l1 + STRIDE);
        FloatVector c12 = FloatVector.fromArray(S, lanes, l1 + 2 * STRIDE), c13 = FloatVector.fromArray(S, lanes, l1 + 3 * STRIDE);
        FloatVector c20 = FloatVector.fromArray(S, lanes, l2), c21 = FloatVector.fromArray(S, lanes, l2 + STRIDE);
        FloatVector c22 = FloatVector.fromArray(S, lanes, l2 + 2 * STRIDE), c23 = FloatVector.fromArray(S, lanes, l2 + 3 * STRIDE);
        FloatVector c30 = FloatVector.fromArray(S, lanes, l3), c31 = FloatVector.fromArray(S, lanes, l3 + STRIDE);
        FloatVector c32 = FloatVector.fromArray(S, lanes, l3 + 2 * STRIDE), c33 = FloatVector.fromArray(S, lanes, l3 + 3 * STRIDE);
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
        // Stored here, not through a helper: a vector handed to a call that is not inlined is
        // boxed, and C2 then boxes the accumulators inside the loop as well.
        c00.intoArray(lanes, pl);
        c01.intoArray(lanes, pl + STRIDE);
        c02.intoArray(lanes, pl + 2 * STRIDE);
        c03.intoArray(lanes, pl + 3 * STRIDE);
        c10.intoArray(lanes, l1);
        c11.intoArray(lanes, l1 + STRIDE);
        c12.intoArray(lanes, l1 + 2 * STRIDE);
        c13.intoArray(lanes, l1 + 3 * STRIDE);
        c20.intoArray(lanes, l2);
        c21.intoArray(lanes, l2 + STRIDE);
        c22.intoArray(lanes, l2 + 2 * STRIDE);
        c23.intoArray(lanes, l2 + 3 * STRIDE);
        c30.intoArray(lanes, l3);
        c31.intoArray(lanes, l3 + STRIDE);
        c32.intoArray(lanes, l3 + 2 * STRIDE);
        c33.intoArray(lanes, l3 + 3 * STRIDE);
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 4; q++) {
                lanes[pl + r * ldl + q * STRIDE + L] += tail(k, p, a, pa + r * lda, b, pb + q * ldb);
            }
        }
    }

    /**
     * Four rows of A against one row of B: the columns after the whole 4×4 tiles (a first layer's
     * 9 taps and bias leave two). Four accumulators, so that the multiply-adds do not wait on one
     * another as four dot products one after the other would.
     */
    private static void tile4x1(int k, float[] a, int pa, int lda, float[] b, int pb, float[] lanes, int pl, int ldl) {
        int l1 = pl + ldl, l2 = l1 + ldl, l3 = l2 + ldl;
        FloatVector c0 = FloatVector.fromArray(S, lanes, pl), c1 = FloatVector.fromArray(S, lanes, l1);
        FloatVector c2 = FloatVector.fromArray(S, lanes, l2), c3 = FloatVector.fromArray(S, lanes, l3);
        int p = 0;
        for (int end = S.loopBound(k); p < end; p += L) {
            FloatVector y = FloatVector.fromArray(S, b, pb + p);
            c0 = FloatVector.fromArray(S, a, pa + p).fma(y, c0);
            c1 = FloatVector.fromArray(S, a, pa + lda + p).fma(y, c1);
            c2 = FloatVector.fromArray(S, a, pa + 2 * lda + p).fma(y, c2);
            c3 = FloatVector.fromArray(S, a, pa + 3 * lda + p).fma(y, c3);
        }
        c0.intoArray(lanes, pl);
        c1.intoArray(lanes, l1);
        c2.intoArray(lanes, l2);
        c3.intoArray(lanes, l3);
        for (int r = 0; r < 4; r++) {
            lanes[pl + r * ldl + L] += tail(k, p, a, pa + r * lda, b, pb);
        }
    }

    /** One output's dot product, for the outputs outside whole tiles. */
    private static void dot(int k, float[] a, int pa, float[] b, int pb, float[] lanes, int pl) {
        FloatVector acc = FloatVector.fromArray(S, lanes, pl);
        int p = 0;
        for (int end = S.loopBound(k); p < end; p += L) {
            acc = FloatVector.fromArray(S, a, pa + p).fma(FloatVector.fromArray(S, b, pb + p), acc);
        }
        acc.intoArray(lanes, pl);
        lanes[pl + L] += tail(k, p, a, pa, b, pb);
    }

    /** Σ a[pa + q]·b[pb + q] for q in [from, k): the part of a row after the last whole vector. */
    private static float tail(int k, int from, float[] a, int pa, float[] b, int pb) {
        float s = 0f;
        for (int q = from; q < k; q++) {
            s = Math.fma(a[pa + q], b[pb + q], s);
        }
        return s;
    }
}
