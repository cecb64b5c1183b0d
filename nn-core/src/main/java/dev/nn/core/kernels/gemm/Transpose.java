package dev.nn.core.kernels.gemm;

import dev.nn.core.runtime.FloatScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Matrix transposition in 16×16 blocks held in sixteen 512-bit registers: the packing of Bᵀ for
 * {@link VectorGemm}, and the moves between planes (NCHW) and channels-last layouts that other
 * kernels make around their products.
 */
public final class Transpose {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /**
     * Whether blocks go through registers: they need 16-float vectors. With another vector size
     * the callers take scalar loops.
     */
    static final boolean IN_REGISTERS = S.length() == 16;
    private static final VectorSpecies<Integer> SI = IntVector.SPECIES_512;
    // Two-vector selectFrom index vectors for the four stages of the 16×16 transpose (see block16).
    private static final IntVector I8L = exchange(8, false), I8H = exchange(8, true);
    private static final IntVector I4L = exchange(4, false), I4H = exchange(4, true);
    private static final IntVector I2L = exchange(2, false), I2H = exchange(2, true);
    private static final IntVector I1L = exchange(1, false), I1H = exchange(1, true);
    /** A border block and its transpose, zero-padded to 16×16. */
    private static final FloatScratch EDGE_IN = new FloatScratch();
    private static final FloatScratch EDGE_OUT = new FloatScratch();

    private Transpose() {
    }

    /**
     * dst[d + j·ldd + i] = src[s + i·lds + j] for i &lt; rows, j &lt; cols: dst = srcᵀ (src and dst
     * must not overlap). Whole 16×16 blocks go through registers. Past the last whole block the
     * final block starts 16 before the end, overlapping its neighbour (rewriting the same values),
     * so a ragged border costs one more block rather than a scalar loop, which would cost more than
     * the blocks; only a side shorter than 16 goes through a zero-padded scratch block.
     */
    public static void transpose(int rows, int cols, float[] src, int s, int lds, float[] dst, int d, int ldd) {
        if (!IN_REGISTERS) {
            for (int i = 0; i < rows; i++) {
                for (int q = 0; q < cols; q++) {
                    dst[d + q * ldd + i] = src[s + i * lds + q];
                }
            }
            return;
        }
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i = rows >= 16 ? Math.min(i0, rows - 16) : i0, r = Math.min(16, rows - i);
            for (int j0 = 0; j0 < cols; j0 += 16) {
                int j = cols >= 16 ? Math.min(j0, cols - 16) : j0, q = Math.min(16, cols - j);
                if (r == 16 && q == 16) {
                    block16(src, s + i * lds + j, lds, dst, d + j * ldd + i, ldd);
                } else {
                    edge(r, q, src, s + i * lds + j, lds, dst, d + j * ldd + i, ldd);
                }
            }
        }
    }

    /** {@link #transpose} of an r×q block, r, q ≤ 16, through a 16×16 block of scratch. */
    private static void edge(int r, int q, float[] src, int s, int lds, float[] dst, int d, int ldd) {
        float[] in = EDGE_IN.get(16 * 16), out = EDGE_OUT.get(16 * 16);
        for (int i = 0; i < r; i++) {
            System.arraycopy(src, s + i * lds, in, 16 * i, q);
        }
        block16(in, 0, 16, out, 0, 16);
        for (int j = 0; j < q; j++) {
            System.arraycopy(out, 16 * j, dst, d + j * ldd, r);
        }
    }

    /**
     * dst[d + q·ldd + r] = src[o + r·lds + q] for r, q in [0, 16): the 16 rows are loaded into
     * registers and transposed in four stages; stage s exchanges blocks of 8, 4, 2, 1 lanes between
     * rows that are 8, 4, 2, 1 apart, one two-vector {@code selectFrom} (vpermt2d) per output row.
     * It stores into an array, not into a panel segment: with segment stores the method outgrew
     * C2's inlining budget and its vectors were boxed, allocating on every call.
     */
    static void block16(float[] src, int o, int lds, float[] dst, int d, int ldd) {
        IntVector r0 = FloatVector.fromArray(S, src, o).reinterpretAsInts();
        IntVector r1 = FloatVector.fromArray(S, src, o + lds).reinterpretAsInts();
        IntVector r2 = FloatVector.fromArray(S, src, o + 2 * lds).reinterpretAsInts();
        IntVector r3 = FloatVector.fromArray(S, src, o + 3 * lds).reinterpretAsInts();
        IntVector r4 = FloatVector.fromArray(S, src, o + 4 * lds).reinterpretAsInts();
        IntVector r5 = FloatVector.fromArray(S, src, o + 5 * lds).reinterpretAsInts();
        IntVector r6 = FloatVector.fromArray(S, src, o + 6 * lds).reinterpretAsInts();
        IntVector r7 = FloatVector.fromArray(S, src, o + 7 * lds).reinterpretAsInts();
        IntVector r8 = FloatVector.fromArray(S, src, o + 8 * lds).reinterpretAsInts();
        IntVector r9 = FloatVector.fromArray(S, src, o + 9 * lds).reinterpretAsInts();
        IntVector ra = FloatVector.fromArray(S, src, o + 10 * lds).reinterpretAsInts();
        IntVector rb = FloatVector.fromArray(S, src, o + 11 * lds).reinterpretAsInts();
        IntVector rc = FloatVector.fromArray(S, src, o + 12 * lds).reinterpretAsInts();
        IntVector rd = FloatVector.fromArray(S, src, o + 13 * lds).reinterpretAsInts();
        IntVector re = FloatVector.fromArray(S, src, o + 14 * lds).reinterpretAsInts();
        IntVector rf = FloatVector.fromArray(S, src, o + 15 * lds).reinterpretAsInts();
        IntVector t0 = I8L.selectFrom(r0, r8), t8 = I8H.selectFrom(r0, r8);
        IntVector t1 = I8L.selectFrom(r1, r9), t9 = I8H.selectFrom(r1, r9);
        IntVector t2 = I8L.selectFrom(r2, ra), ta = I8H.selectFrom(r2, ra);
        IntVector t3 = I8L.selectFrom(r3, rb), tb = I8H.selectFrom(r3, rb);
        IntVector t4 = I8L.selectFrom(r4, rc), tc = I8H.selectFrom(r4, rc);
        IntVector t5 = I8L.selectFrom(r5, rd), td = I8H.selectFrom(r5, rd);
        IntVector t6 = I8L.selectFrom(r6, re), te = I8H.selectFrom(r6, re);
        IntVector t7 = I8L.selectFrom(r7, rf), tf = I8H.selectFrom(r7, rf);
        r0 = I4L.selectFrom(t0, t4);
        r4 = I4H.selectFrom(t0, t4);
        r1 = I4L.selectFrom(t1, t5);
        r5 = I4H.selectFrom(t1, t5);
        r2 = I4L.selectFrom(t2, t6);
        r6 = I4H.selectFrom(t2, t6);
        r3 = I4L.selectFrom(t3, t7);
        r7 = I4H.selectFrom(t3, t7);
        r8 = I4L.selectFrom(t8, tc);
        rc = I4H.selectFrom(t8, tc);
        r9 = I4L.selectFrom(t9, td);
        rd = I4H.selectFrom(t9, td);
        ra = I4L.selectFrom(ta, te);
        re = I4H.selectFrom(ta, te);
        rb = I4L.selectFrom(tb, tf);
        rf = I4H.selectFrom(tb, tf);
        t0 = I2L.selectFrom(r0, r2);
        t2 = I2H.selectFrom(r0, r2);
        t1 = I2L.selectFrom(r1, r3);
        t3 = I2H.selectFrom(r1, r3);
        t4 = I2L.selectFrom(r4, r6);
        t6 = I2H.selectFrom(r4, r6);
        t5 = I2L.selectFrom(r5, r7);
        t7 = I2H.selectFrom(r5, r7);
        t8 = I2L.selectFrom(r8, ra);
        ta = I2H.selectFrom(r8, ra);
        t9 = I2L.selectFrom(r9, rb);
        tb = I2H.selectFrom(r9, rb);
        tc = I2L.selectFrom(rc, re);
        te = I2H.selectFrom(rc, re);
        td = I2L.selectFrom(rd, rf);
        tf = I2H.selectFrom(rd, rf);
        I1L.selectFrom(t0, t1).reinterpretAsFloats().intoArray(dst, d);
        I1H.selectFrom(t0, t1).reinterpretAsFloats().intoArray(dst, d + ldd);
        I1L.selectFrom(t2, t3).reinterpretAsFloats().intoArray(dst, d + 2 * ldd);
        I1H.selectFrom(t2, t3).reinterpretAsFloats().intoArray(dst, d + 3 * ldd);
        I1L.selectFrom(t4, t5).reinterpretAsFloats().intoArray(dst, d + 4 * ldd);
        I1H.selectFrom(t4, t5).reinterpretAsFloats().intoArray(dst, d + 5 * ldd);
        I1L.selectFrom(t6, t7).reinterpretAsFloats().intoArray(dst, d + 6 * ldd);
        I1H.selectFrom(t6, t7).reinterpretAsFloats().intoArray(dst, d + 7 * ldd);
        I1L.selectFrom(t8, t9).reinterpretAsFloats().intoArray(dst, d + 8 * ldd);
        I1H.selectFrom(t8, t9).reinterpretAsFloats().intoArray(dst, d + 9 * ldd);
        I1L.selectFrom(ta, tb).reinterpretAsFloats().intoArray(dst, d + 10 * ldd);
        I1H.selectFrom(ta, tb).reinterpretAsFloats().intoArray(dst, d + 11 * ldd);
        I1L.selectFrom(tc, td).reinterpretAsFloats().intoArray(dst, d + 12 * ldd);
        I1H.selectFrom(tc, td).reinterpretAsFloats().intoArray(dst, d + 13 * ldd);
        I1L.selectFrom(te, tf).reinterpretAsFloats().intoArray(dst, d + 14 * ldd);
        I1H.selectFrom(te, tf).reinterpretAsFloats().intoArray(dst, d + 15 * ldd);
    }

    /**
     * Index vector for one half of a stage of {@link #block16}: of two rows x, y it takes blocks
     * of {@code size} lanes alternately from x and y (indices 16 and up select from y), the first
     * ({@code high} false) or second block of each pair.
     */
    private static IntVector exchange(int size, boolean high) {
        int[] index = new int[16];
        for (int lane = 0; lane < 16; lane++) {
            int pair = lane / (2 * size) * 2 * size + (high ? size : 0);
            int within = lane % (2 * size);
            index[lane] = within < size ? pair + within : 16 + pair + within - size;
        }
        return IntVector.fromArray(SI, index, 0);
    }
}
