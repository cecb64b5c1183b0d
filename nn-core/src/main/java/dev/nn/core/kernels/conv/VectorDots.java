package dev.nn.core.kernels.conv;

import dev.nn.core.kernels.elementwise.VectorElementwise;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C += Σ A·Bᵀ} as dot products, for few outputs over long rows, summed over several
 * products before one reduction: each A is m×k and each B n×k, both row-major, so every output is
 * the dot product of two contiguous rows. {@link #accumulate} adds one product's lane-wise partial
 * sums into a lane buffer, in register tiles of 4×4 outputs (16 vector accumulators from zero,
 * added to the buffer at the end); {@link #reduce} then adds each output's lanes to C once, in lane order
 * ({@link VectorElementwise#sumLanes}). A first convolution layer's weight gradient is such a sum
 * over the images of a batch (9 × 32 outputs over 676 positions each): a reduction per image
 * would weigh as much as a good share of the multiply-adds; one per batch is negligible.
 *
 * <p>Lane buffer layout: output (i, j) owns the L lane sums from {@code (i·n + j)·L} (shifted by a
 * first output index, so that a product may fill part of a larger buffer).
 *
 * <p>Rows are at least L long. A row that is not whole vectors ends with the vector of its last L
 * values, whose first lanes (counted already) are blended to zero: no scalar loop sums the rest
 * of a row, and the accumulators start from zero in registers rather than being loaded from the
 * buffer and stored back per row, both of which kept the tile well below the FMA rate. (A masked
 * load of the last values instead falls off the JIT's fast path.)
 */
final class VectorDots {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorDots() {
    }

    /** Floats of the lane buffer for m×n outputs; it must start zeroed. */
    static int lanesSize(int m, int n) {
        return m * n * L;
    }

    /**
     * Adds rows [i0, i1) of A·Bᵀ, lane-wise, into the lane buffer, output (i, j) at output index
     * {@code first + i·n + j}: every output is summed in the same order whatever rows a call
     * covers, so calls on disjoint rows may run on different threads. Needs k ≥ L.
     */
    static void accumulate(int i0, int i1, int n, int k, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float[] lanes, int first) {
        if (k < L) {
            throw new IllegalArgumentException("rows of " + k + " values, fewer than a vector's " + L);
        }
        int i = i0;
        for (; i + 4 <= i1; i += 4) {
            int j = 0;
            for (; j + 4 <= n; j += 4) {
                tile4x4(k, a, aOff + i * lda, lda, b, bOff + j * ldb, ldb, lanes, (first + i * n + j) * L, n * L);
            }
            for (; j < n; j++) {
                tile4x1(k, a, aOff + i * lda, lda, b, bOff + j * ldb, lanes, (first + i * n + j) * L, n * L);
            }
        }
        for (; i < i1; i++) {
            for (int j = 0; j < n; j++) {
                dot(k, a, aOff + i * lda, b, bOff + j * ldb, lanes, (first + i * n + j) * L);
            }
        }
    }

    /**
     * {@code c[cOff + i·ldi + j·ldj] += } the lanes of output (i, j) of m×n, in lane order (ldi = 1,
     * ldj = m writes Cᵀ).
     */
    static void reduce(int m, int n, float[] lanes, float[] c, int cOff, int ldi, int ldj) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[cOff + i * ldi + j * ldj] += VectorElementwise.sumLanes(lanes, (i * n + j) * L);
            }
        }
    }

    /** Outputs (r, q) of a 4×4 tile own the lane vectors at {@code pl + r·ldl + q·L}. */
    private static void tile4x4(int k, float[] a, int pa, int lda, float[] b, int pb, int ldb, float[] lanes, int pl,
                                int ldl) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c13 = c00, c20 = c00, c21 = c00, c22 = c00, c23 = c00, c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int end = S.loopBound(k);
        for (int p = 0; p < end; p += L) {
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
        if (end < k) {
            int p = k - L;
            VectorMask<Float> counted = counted(end - p);
            FloatVector zero = FloatVector.zero(S);
            FloatVector b0 = FloatVector.fromArray(S, b, pb + p).blend(zero, counted);
            FloatVector b1 = FloatVector.fromArray(S, b, pb + ldb + p).blend(zero, counted);
            FloatVector b2 = FloatVector.fromArray(S, b, pb + 2 * ldb + p).blend(zero, counted);
            FloatVector b3 = FloatVector.fromArray(S, b, pb + 3 * ldb + p).blend(zero, counted);
            FloatVector x = FloatVector.fromArray(S, a, pa + p).blend(zero, counted);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.fromArray(S, a, pa + lda + p).blend(zero, counted);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.fromArray(S, a, pa + 2 * lda + p).blend(zero, counted);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.fromArray(S, a, pa + 3 * lda + p).blend(zero, counted);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        // Added here, not through a helper: a vector handed to a call that is not inlined is
        // boxed, and C2 then boxes the accumulators inside the loop as well.
        int l1 = pl + ldl, l2 = l1 + ldl, l3 = l2 + ldl;
        c00.add(FloatVector.fromArray(S, lanes, pl)).intoArray(lanes, pl);
        c01.add(FloatVector.fromArray(S, lanes, pl + L)).intoArray(lanes, pl + L);
        c02.add(FloatVector.fromArray(S, lanes, pl + 2 * L)).intoArray(lanes, pl + 2 * L);
        c03.add(FloatVector.fromArray(S, lanes, pl + 3 * L)).intoArray(lanes, pl + 3 * L);
        c10.add(FloatVector.fromArray(S, lanes, l1)).intoArray(lanes, l1);
        c11.add(FloatVector.fromArray(S, lanes, l1 + L)).intoArray(lanes, l1 + L);
        c12.add(FloatVector.fromArray(S, lanes, l1 + 2 * L)).intoArray(lanes, l1 + 2 * L);
        c13.add(FloatVector.fromArray(S, lanes, l1 + 3 * L)).intoArray(lanes, l1 + 3 * L);
        c20.add(FloatVector.fromArray(S, lanes, l2)).intoArray(lanes, l2);
        c21.add(FloatVector.fromArray(S, lanes, l2 + L)).intoArray(lanes, l2 + L);
        c22.add(FloatVector.fromArray(S, lanes, l2 + 2 * L)).intoArray(lanes, l2 + 2 * L);
        c23.add(FloatVector.fromArray(S, lanes, l2 + 3 * L)).intoArray(lanes, l2 + 3 * L);
        c30.add(FloatVector.fromArray(S, lanes, l3)).intoArray(lanes, l3);
        c31.add(FloatVector.fromArray(S, lanes, l3 + L)).intoArray(lanes, l3 + L);
        c32.add(FloatVector.fromArray(S, lanes, l3 + 2 * L)).intoArray(lanes, l3 + 2 * L);
        c33.add(FloatVector.fromArray(S, lanes, l3 + 3 * L)).intoArray(lanes, l3 + 3 * L);
    }

    /**
     * Four rows of A against one row of B: the columns after the whole 4×4 tiles (a first layer's
     * 9 taps and bias leave two). Four accumulators, so that the multiply-adds do not wait on one
     * another as four dot products one after the other would.
     */
    private static void tile4x1(int k, float[] a, int pa, int lda, float[] b, int pb, float[] lanes, int pl, int ldl) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int end = S.loopBound(k);
        for (int p = 0; p < end; p += L) {
            FloatVector y = FloatVector.fromArray(S, b, pb + p);
            c0 = FloatVector.fromArray(S, a, pa + p).fma(y, c0);
            c1 = FloatVector.fromArray(S, a, pa + lda + p).fma(y, c1);
            c2 = FloatVector.fromArray(S, a, pa + 2 * lda + p).fma(y, c2);
            c3 = FloatVector.fromArray(S, a, pa + 3 * lda + p).fma(y, c3);
        }
        if (end < k) {
            int p = k - L;
            VectorMask<Float> counted = counted(end - p);
            FloatVector zero = FloatVector.zero(S), y = FloatVector.fromArray(S, b, pb + p).blend(zero, counted);
            c0 = FloatVector.fromArray(S, a, pa + p).blend(zero, counted).fma(y, c0);
            c1 = FloatVector.fromArray(S, a, pa + lda + p).blend(zero, counted).fma(y, c1);
            c2 = FloatVector.fromArray(S, a, pa + 2 * lda + p).blend(zero, counted).fma(y, c2);
            c3 = FloatVector.fromArray(S, a, pa + 3 * lda + p).blend(zero, counted).fma(y, c3);
        }
        int l1 = pl + ldl, l2 = l1 + ldl, l3 = l2 + ldl;
        c0.add(FloatVector.fromArray(S, lanes, pl)).intoArray(lanes, pl);
        c1.add(FloatVector.fromArray(S, lanes, l1)).intoArray(lanes, l1);
        c2.add(FloatVector.fromArray(S, lanes, l2)).intoArray(lanes, l2);
        c3.add(FloatVector.fromArray(S, lanes, l3)).intoArray(lanes, l3);
    }

    /** One output's dot product, for the outputs outside whole tiles. */
    private static void dot(int k, float[] a, int pa, float[] b, int pb, float[] lanes, int pl) {
        FloatVector acc = FloatVector.zero(S);
        int end = S.loopBound(k);
        for (int p = 0; p < end; p += L) {
            acc = FloatVector.fromArray(S, a, pa + p).fma(FloatVector.fromArray(S, b, pb + p), acc);
        }
        if (end < k) {
            int p = k - L;
            VectorMask<Float> counted = counted(end - p);
            FloatVector zero = FloatVector.zero(S);
            acc = FloatVector.fromArray(S, a, pa + p).blend(zero, counted)
                    .fma(FloatVector.fromArray(S, b, pb + p).blend(zero, counted), acc);
        }
        acc.add(FloatVector.fromArray(S, lanes, pl)).intoArray(lanes, pl);
    }

    /** The first {@code lanes} lanes: those of a row's last vector that the whole vectors before it counted. */
    private static VectorMask<Float> counted(int lanes) {
        return VectorMask.fromLong(S, (1L << lanes) - 1);
    }
}
