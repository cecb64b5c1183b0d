package dev.nn.core.kernels.conv;

import dev.nn.core.ConvShape;
import dev.nn.core.runtime.SegmentScratch;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of {@link WideConv} as a matrix product whose right operand is packed straight
 * from the image: the inputs of a run of wide outputs for one tap (c, a, b) are a contiguous run of
 * the image, so a panel (every tap × 3 vectors of outputs) is one copy of those runs. Through
 * columns and the general GEMM the inputs would be copied twice, into columns and then into its
 * panels, and for layers of a few dozen channels the copies weigh as much as the multiply-adds.
 *
 * <p>The tile is MR = 8 filters × 3 vectors of outputs: per tap, 3 aligned loads from the panel
 * and 8 broadcasts feed 24 multiply-adds. The weights are packed first ({@link #pack}) in blocks
 * of 8 filters, the 8 values of one tap adjacent, so that a tile's weights are one sequential read.
 *
 * <p>Every run is computed in whole vectors, {@link #paddedLength} outputs: the packing reads up
 * to {@code paddedLength − length} floats past the image, the tiles write as far past the run, and
 * a partial last block of filters writes rows up to the next multiple of 8. Callers leave that room.
 */
final class ImagePanelGemm {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    static final int MR = 8;
    private static final int NR = 3 * L;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** A panel of image runs, every tap × NR outputs, 64-byte aligned for the tiles' loads. */
    private static final SegmentScratch PANEL = new SegmentScratch();

    private ImagePanelGemm() {
    }

    /** A run of {@code length} outputs rounded up to whole vectors: the outputs the tiles compute. */
    static int paddedLength(int length) {
        return (length + L - 1) / L * L;
    }

    /** Filters rounded up to whole blocks of MR: the rows the tiles write. */
    static int paddedFilters(int filters) {
        return (filters + MR - 1) / MR * MR;
    }

    /**
     * Packs the weights w[o][p] (f filters × ckk taps, row-major) at
     * {@code packed[((o / MR)·ckk + p)·MR + o % MR]}, with zeros for the filters of a partial last block.
     */
    static void pack(ConvShape s, float[] w, float[] packed) {
        int f = s.outChannels(), taps = s.inChannels() * s.kernelHeight() * s.kernelWidth();
        for (int o = 0; o < paddedFilters(f); o++) {
            int block = (o / MR) * taps * MR + o % MR;
            for (int p = 0; p < taps; p++) {
                packed[block + p * MR] = o < f ? w[o * taps + p] : 0f;
            }
        }
    }

    /**
     * {@code wide[o·ld + off + j] = Σ_p weight(o, p)·x[base + taps[p] + j]} for every filter o of
     * {@code blocks} packed blocks and j < paddedLength(length), stride 1. Panel by panel: the
     * inputs of NR outputs for every tap are copied into a 64-byte-aligned panel, rows NR apart,
     * then every block of filters runs over it (the remaining vectors as panels one vector wide).
     */
    static void wide(int blocks, int tapCount, float[] x, int base, int[] taps, float[] packed,
                     float[] wide, int off, int ld, int length) {
        int padded = paddedLength(length);
        MemorySegment panel = PANEL.get(tapCount * NR);
        for (int j = 0; j < padded; ) {
            int width = padded - j >= NR ? NR : L;
            for (int p = 0; p < tapCount; p++) {
                int from = base + taps[p] + j;
                long to = 4L * p * width;
                for (int v = 0; v < width; v += L) {
                    FloatVector.fromArray(S, x, from + v).intoMemorySegment(panel, to + 4L * v, ORDER);
                }
            }
            for (int blk = 0; blk < blocks; blk++) {
                int pw = blk * tapCount * MR, py = blk * MR * ld + off + j;
                if (width == NR) {
                    tile8x3(tapCount, panel, packed, pw, wide, py, ld);
                } else {
                    tile8x1(tapCount, panel, packed, pw, wide, py, ld);
                }
            }
            j += width;
        }
    }

    private static void tile8x3(int tapCount, MemorySegment panel, float[] w, int pw, float[] y, int py, int ldy) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        FloatVector c40 = c00, c41 = c00, c42 = c00, c50 = c00, c51 = c00, c52 = c00;
        FloatVector c60 = c00, c61 = c00, c62 = c00, c70 = c00, c71 = c00, c72 = c00;
        for (int p = 0; p < tapCount; p++) {
            // Offsets from the int p with constant strides, so that C2 hoists every range check
            // out of the loop (reading the image at tap offsets instead leaves three checks per
            // tap in it, which hold the tile far below the FMA peak).
            long at = (long) p * 4 * NR;
            int q = pw + p * MR;
            FloatVector x0 = FloatVector.fromMemorySegment(S, panel, at, ORDER);
            FloatVector x1 = FloatVector.fromMemorySegment(S, panel, at + 4 * L, ORDER);
            FloatVector x2 = FloatVector.fromMemorySegment(S, panel, at + 8 * L, ORDER);
            FloatVector k = FloatVector.broadcast(S, w[q]);
            c00 = k.fma(x0, c00);
            c01 = k.fma(x1, c01);
            c02 = k.fma(x2, c02);
            k = FloatVector.broadcast(S, w[q + 1]);
            c10 = k.fma(x0, c10);
            c11 = k.fma(x1, c11);
            c12 = k.fma(x2, c12);
            k = FloatVector.broadcast(S, w[q + 2]);
            c20 = k.fma(x0, c20);
            c21 = k.fma(x1, c21);
            c22 = k.fma(x2, c22);
            k = FloatVector.broadcast(S, w[q + 3]);
            c30 = k.fma(x0, c30);
            c31 = k.fma(x1, c31);
            c32 = k.fma(x2, c32);
            k = FloatVector.broadcast(S, w[q + 4]);
            c40 = k.fma(x0, c40);
            c41 = k.fma(x1, c41);
            c42 = k.fma(x2, c42);
            k = FloatVector.broadcast(S, w[q + 5]);
            c50 = k.fma(x0, c50);
            c51 = k.fma(x1, c51);
            c52 = k.fma(x2, c52);
            k = FloatVector.broadcast(S, w[q + 6]);
            c60 = k.fma(x0, c60);
            c61 = k.fma(x1, c61);
            c62 = k.fma(x2, c62);
            k = FloatVector.broadcast(S, w[q + 7]);
            c70 = k.fma(x0, c70);
            c71 = k.fma(x1, c71);
            c72 = k.fma(x2, c72);
        }
        // Stored here, not through a helper: a vector passed to a call C2 does not inline is boxed.
        c00.intoArray(y, py);
        c01.intoArray(y, py + L);
        c02.intoArray(y, py + 2 * L);
        c10.intoArray(y, py + ldy);
        c11.intoArray(y, py + ldy + L);
        c12.intoArray(y, py + ldy + 2 * L);
        c20.intoArray(y, py + 2 * ldy);
        c21.intoArray(y, py + 2 * ldy + L);
        c22.intoArray(y, py + 2 * ldy + 2 * L);
        c30.intoArray(y, py + 3 * ldy);
        c31.intoArray(y, py + 3 * ldy + L);
        c32.intoArray(y, py + 3 * ldy + 2 * L);
        c40.intoArray(y, py + 4 * ldy);
        c41.intoArray(y, py + 4 * ldy + L);
        c42.intoArray(y, py + 4 * ldy + 2 * L);
        c50.intoArray(y, py + 5 * ldy);
        c51.intoArray(y, py + 5 * ldy + L);
        c52.intoArray(y, py + 5 * ldy + 2 * L);
        c60.intoArray(y, py + 6 * ldy);
        c61.intoArray(y, py + 6 * ldy + L);
        c62.intoArray(y, py + 6 * ldy + 2 * L);
        c70.intoArray(y, py + 7 * ldy);
        c71.intoArray(y, py + 7 * ldy + L);
        c72.intoArray(y, py + 7 * ldy + 2 * L);
    }

    /** Eight filters × one vector of outputs, from a panel one vector wide: the vectors after the whole tiles. */
    private static void tile8x1(int tapCount, MemorySegment panel, float[] w, int pw, float[] y, int py, int ldy) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0, c4 = c0, c5 = c0, c6 = c0, c7 = c0;
        for (int p = 0; p < tapCount; p++) {
            int q = pw + p * MR;
            FloatVector v = FloatVector.fromMemorySegment(S, panel, (long) p * 4 * L, ORDER);
            c0 = FloatVector.broadcast(S, w[q]).fma(v, c0);
            c1 = FloatVector.broadcast(S, w[q + 1]).fma(v, c1);
            c2 = FloatVector.broadcast(S, w[q + 2]).fma(v, c2);
            c3 = FloatVector.broadcast(S, w[q + 3]).fma(v, c3);
            c4 = FloatVector.broadcast(S, w[q + 4]).fma(v, c4);
            c5 = FloatVector.broadcast(S, w[q + 5]).fma(v, c5);
            c6 = FloatVector.broadcast(S, w[q + 6]).fma(v, c6);
            c7 = FloatVector.broadcast(S, w[q + 7]).fma(v, c7);
        }
        c0.intoArray(y, py);
        c1.intoArray(y, py + ldy);
        c2.intoArray(y, py + 2 * ldy);
        c3.intoArray(y, py + 3 * ldy);
        c4.intoArray(y, py + 4 * ldy);
        c5.intoArray(y, py + 5 * ldy);
        c6.intoArray(y, py + 6 * ldy);
        c7.intoArray(y, py + 7 * ldy);
    }
}
