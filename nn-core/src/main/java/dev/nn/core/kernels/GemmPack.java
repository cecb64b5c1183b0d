package dev.nn.core.kernels;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing for {@link VectorGemm}: copies a block of op(B) into panels that the kernels read with a
 * constant stride.
 *
 * <p>Panels live in a per-thread native buffer aligned to 64 bytes, not in a {@code float[]}: a
 * Java array is only 8-byte aligned (and the collector may move it), so most of the time every
 * 512-bit load of a panel would split two cache lines. Measured with the 8×2-vector kernel at
 * kc = 384, nc = 512: aligned native panels 153 GFLOP/s, aligned array 133, misaligned array 118.
 * (Writing a native segment costs more than writing an array: packing 392×128 floats took 12.6 µs
 * against 7.3 µs; the aligned loads win that back many times over.)
 *
 * <p>Panel layout: a kc×nc block of op(B) becomes ⌈nc/NR⌉ panels, one after the other; panel t
 * holds columns [t·NR, t·NR + NR) as kc rows of NR floats. The last panel, w < NR columns, is
 * padded to {@link #paddedWidth}, a whole number of vectors, so that the kernels need no masks.
 * The padding lanes only reach columns of a scratch C tile that are thrown away, so their values
 * do not matter ({@link #panels} happens to write zeros; {@link #transposed} leaves them).
 */
final class GemmPack {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Bᵀ is transposed in 16×16 blocks held in sixteen 512-bit registers. With another vector
     * size the transposing pack falls back to a scalar loop.
     */
    private static final boolean REGISTER_TRANSPOSE = L == 16;
    private static final VectorSpecies<Integer> SI = IntVector.SPECIES_512;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);
    // Two-vector selectFrom index vectors for the four stages of the 16×16 transpose (see block16).
    private static final IntVector I8L = exchange(8, false), I8H = exchange(8, true);
    private static final IntVector I4L = exchange(4, false), I4H = exchange(4, true);
    private static final IntVector I2L = exchange(2, false), I2H = exchange(2, true);
    private static final IntVector I1L = exchange(1, false), I1H = exchange(1, true);

    private GemmPack() {
    }

    /** The width of a panel holding w columns: w rounded up to a whole number of vectors. */
    static int paddedWidth(int w) {
        return (w + L - 1) / L * L;
    }

    /** Floats that the panels of a kc×nc block take. */
    static int size(int kc, int nc, int nr) {
        return kc * (nc / nr * nr + paddedWidth(nc % nr));
    }

    /**
     * This thread's panel buffer, at least {@code floats} long, 64-byte aligned. It only grows; an
     * outgrown one is freed by the collector (automatic arena), as is the last when its thread ends.
     */
    static MemorySegment buffer(int floats) {
        Buffers buffers = BUFFERS.get();
        if (buffers.panels.byteSize() < 4L * floats) {
            buffers.panels = Arena.ofAuto().allocate(4L * floats, 64);
        }
        return buffers.panels;
    }

    /** A thread's panel buffer, and the 16×16 block that the register transpose goes through. */
    private static final class Buffers {
        MemorySegment panels = MemorySegment.NULL;
        final float[] block = new float[16 * 16];
        final float[] transposed = new float[16 * 16];
    }

    /**
     * Packs the kc×nc block of B at {@code pb} (row-major, leading dimension ldb) into panels of nr
     * columns, from byte {@code at} of dst.
     */
    static void panels(int kc, int nc, int nr, float[] b, int pb, int ldb, MemorySegment dst, long at) {
        int full = nc / nr;
        int w = nc - full * nr;
        if (full == 1 && w == 0 && ldb == nr) {
            // One panel with B's own layout: one bulk copy. (Row by row, as below, the loops took
            // 12 % of a Winograd weight gradient, whose 36 products per block each pack a 72×32 B.)
            MemorySegment.copy(b, pb, dst, ValueLayout.JAVA_FLOAT, at, kc * nr);
            return;
        }
        int wp = paddedWidth(w);
        // Row by row, each row of B read once from start to end: walking a panel at a time read
        // 128 bytes per row of B, a new page each time at 2048³ (packing took 5 % of the product).
        for (int p = 0; p < kc; p++) {
            int s = pb + p * ldb;
            for (int t = 0; t < full; t++) {
                long d = at + 4L * (t * nr * kc + p * nr);
                for (int j = 0; j < nr; j += L) {
                    FloatVector.fromArray(S, b, s + t * nr + j).intoMemorySegment(dst, d + 4L * j, ORDER);
                }
            }
            long d = at + 4L * (full * nr * kc + p * wp);
            for (int j = 0; j < w; j += L) {
                // the mask keeps the load inside B; masked lanes load as 0
                VectorMask<Float> mask = S.indexInRange(j, w);
                FloatVector.fromArray(S, b, s + full * nr + j, mask).intoMemorySegment(dst, d + 4L * j, ORDER);
            }
        }
    }

    /**
     * Packs the kc×nc block of op(B) = Bᵀ into panels of nr columns, where B is stored nc×kc at
     * {@code pb} (row-major, leading dimension ldb): whole 16×16 blocks go through registers, the
     * ragged border (fewer than 16 rows or columns) through a scalar loop.
     */
    static void transposed(int kc, int nc, int nr, float[] b, int pb, int ldb, MemorySegment dst) {
        for (int j0 = 0; j0 < nc; j0 += nr) {
            int w = Math.min(nr, nc - j0);
            int wp = paddedWidth(w);
            int d0 = j0 * kc;
            int jj = 0;
            if (REGISTER_TRANSPOSE) {
                float[] block = BUFFERS.get().block;
                for (; jj + 16 <= w; jj += 16) {
                    int s = pb + (j0 + jj) * ldb;
                    int p = 0;
                    for (; p + 16 <= kc; p += 16) {
                        block16(b, s + p, ldb, block, 0, 16);
                        for (int q = 0; q < 16; q++) {
                            FloatVector.fromArray(S, block, 16 * q)
                                    .intoMemorySegment(dst, 4L * (d0 + (p + q) * wp + jj), ORDER);
                        }
                    }
                    scalarTranspose(p, kc, jj, jj + 16, wp, b, pb + j0 * ldb, ldb, dst, d0);
                }
            }
            scalarTranspose(0, kc, jj, w, wp, b, pb + j0 * ldb, ldb, dst, d0);
        }
    }

    /**
     * dst[d + j·ldd + i] = src[s + i·lds + j] for i < rows, j < cols: dst = srcᵀ (src and dst must
     * not overlap). Whole 16×16 blocks go through registers. Past the last whole block the final
     * block starts 16 before the end, overlapping its neighbour (rewriting the same values), so a
     * ragged border costs one more block; only a side shorter than 16 goes through a zero-padded
     * scratch block (a scalar border had taken 70 % of transposing 121×64 floats, 4.2 µs, and the
     * scratch block still took half of it).
     */
    static void transpose(int rows, int cols, float[] src, int s, int lds, float[] dst, int d, int ldd) {
        if (!REGISTER_TRANSPOSE) {
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
        Buffers buffers = BUFFERS.get();
        float[] in = buffers.block, out = buffers.transposed;
        for (int i = 0; i < r; i++) {
            System.arraycopy(src, s + i * lds, in, 16 * i, q);
        }
        block16(in, 0, 16, out, 0, 16);
        for (int j = 0; j < q; j++) {
            System.arraycopy(out, 16 * j, dst, d + j * ldd, r);
        }
    }

    /** dst[d + p·wp + j] = b[s + j·ldb + p] (dst indexed in floats) for p in [p0, p1), j in [j0, j1). */
    private static void scalarTranspose(int p0, int p1, int j0, int j1, int wp, float[] b, int s, int ldb,
                                        MemorySegment dst, int d) {
        for (int j = j0; j < j1; j++) {
            for (int p = p0; p < p1; p++) {
                dst.setAtIndex(ValueLayout.JAVA_FLOAT, d + p * wp + j, b[s + j * ldb + p]);
            }
        }
    }

    /**
     * dst[d + q·ldd + r] = src[o + r·lds + q] for r, q in [0, 16): the 16 rows are loaded into
     * registers and transposed in four stages; stage s exchanges blocks of 8, 4, 2, 1 lanes between
     * rows that are 8, 4, 2, 1 apart, one two-vector {@code selectFrom} (vpermt2d) per output row.
     * Measured at 784×128: 14 µs against 82 µs for the scalar loop. It stores into an array: with
     * stores into the panel segment the method outgrew C2's inlining budget and the vectors were
     * boxed (6.7 MB allocated per 64×128×784 product, 20× slower).
     */
    private static void block16(float[] src, int o, int lds, float[] dst, int d, int ldd) {
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
