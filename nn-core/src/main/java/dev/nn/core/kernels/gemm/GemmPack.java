package dev.nn.core.kernels.gemm;

import dev.nn.core.runtime.FloatScratch;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing for {@link VectorGemm}: copies a block of op(B) into panels that the kernels read with a
 * constant stride, in a 64-byte-aligned native buffer (see {@link SegmentScratch} for why native).
 * Writing a native segment costs more than writing an array; aligned loads in the kernels win it
 * back many times over, since each panel row is read once per strip of A.
 *
 * <p>Panel layout: a kc×nc block of op(B) becomes ⌈nc/NR⌉ panels, one after the other; panel t
 * holds columns [t·NR, t·NR + NR) as kc rows of NR floats. The last panel, w &lt; NR columns, is
 * padded to {@link #paddedWidth}, a whole number of vectors, so that the kernels need no masks.
 * The padding lanes only reach columns of a scratch C tile that are thrown away, so their values
 * do not matter ({@link #panels} happens to write zeros; {@link #transposed} leaves them).
 */
final class GemmPack {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** A 16×16 block of Bᵀ on its way from registers into a panel. */
    private static final FloatScratch BLOCK = new FloatScratch();

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
     * Packs the kc×nc block of B at {@code pb} (row-major, leading dimension ldb) into panels of nr
     * columns, from byte {@code at} of dst.
     */
    static void panels(int kc, int nc, int nr, float[] b, int pb, int ldb, MemorySegment dst, long at) {
        int full = nc / nr;
        int w = nc - full * nr;
        if (full == 1 && w == 0 && ldb == nr) {
            // One panel with B's own layout: one bulk copy. Winograd's weight gradient packs many
            // such small B, for which the loops below would cost a large part of the product.
            MemorySegment.copy(b, pb, dst, ValueLayout.JAVA_FLOAT, at, kc * nr);
            return;
        }
        int wp = paddedWidth(w);
        // Row by row, each row of B read once from start to end: walking a panel at a time would
        // read 128 bytes per row of B, a new page each time for large B.
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
            if (Transpose.IN_REGISTERS) {
                float[] block = BLOCK.get(16 * 16);
                for (; jj + 16 <= w; jj += 16) {
                    int s = pb + (j0 + jj) * ldb;
                    int p = 0;
                    for (; p + 16 <= kc; p += 16) {
                        Transpose.block16(b, s + p, ldb, block, 0, 16);
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

    /** dst[d + p·wp + j] = b[s + j·ldb + p] (dst indexed in floats) for p in [p0, p1), j in [j0, j1). */
    private static void scalarTranspose(int p0, int p1, int j0, int j1, int wp, float[] b, int s, int ldb,
                                        MemorySegment dst, int d) {
        for (int j = j0; j < j1; j++) {
            for (int p = p0; p < p1; p++) {
                dst.setAtIndex(ValueLayout.JAVA_FLOAT, d + p * wp + j, b[s + j * ldb + p]);
            }
        }
    }
}
