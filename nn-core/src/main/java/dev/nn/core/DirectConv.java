package dev.nn.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The wide forward pass of {@link WideConv} without columns, for layers with few taps: the inputs
 * of a run of wide outputs for one tap are a contiguous run of the image, so the register tile
 * (4 filters × 4 vectors of outputs) loads them straight from it. Through a GEMM they would first
 * be copied into columns and then packed: with 9 taps (a first layer, 1 channel × 3×3) the copies
 * cost more than the multiply-adds (paired runs: 30–36 GFLOP/s direct against 28–30).
 */
final class DirectConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int NR = 4 * L;

    private DirectConv() {
    }

    /**
     * wide[o·ld + off + j] = Σ_p w[o][p]·x[base + taps[p] + j] for every filter o and j < nw, where
     * taps[p] is the offset of tap p = (c, a, b) in the (padded) image at x[base], stride 1.
     */
    static void wide(ConvShape s, float[] x, int base, float[] w, float[] wide, int off, int ld, int nw, int[] taps) {
        int f = s.outChannels(), ckk = s.inChannels() * s.kernelHeight() * s.kernelWidth();
        int o = 0;
        for (; o + 4 <= f; o += 4) {
            int j = 0;
            for (; j + NR <= nw; j += NR) {
                tile4x4(ckk, x, base + j, taps, w, o * ckk, ckk, wide, o * ld + off + j, ld);
            }
            for (; j < nw; j += L) {
                tile4x1(ckk, x, base + j, taps, w, o * ckk, ckk, wide, o * ld + off + j, ld, nw - j);
            }
        }
        for (; o < f; o++) {
            for (int j = 0; j < nw; j += L) {
                tile1x1(ckk, x, base + j, taps, w, o * ckk, wide, o * ld + off + j, nw - j);
            }
        }
    }

    private static void tile4x4(int ckk, float[] x, int px, int[] taps, float[] w, int pw, int ldw,
                                float[] y, int py, int ldy) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        for (int p = 0; p < ckk; p++) {
            int q = px + taps[p];
            FloatVector x0 = FloatVector.fromArray(S, x, q);
            FloatVector x1 = FloatVector.fromArray(S, x, q + L);
            FloatVector x2 = FloatVector.fromArray(S, x, q + 2 * L);
            FloatVector x3 = FloatVector.fromArray(S, x, q + 3 * L);
            FloatVector k = FloatVector.broadcast(S, w[pw + p]);
            c00 = k.fma(x0, c00);
            c01 = k.fma(x1, c01);
            c02 = k.fma(x2, c02);
            c03 = k.fma(x3, c03);
            k = FloatVector.broadcast(S, w[pw + ldw + p]);
            c10 = k.fma(x0, c10);
            c11 = k.fma(x1, c11);
            c12 = k.fma(x2, c12);
            c13 = k.fma(x3, c13);
            k = FloatVector.broadcast(S, w[pw + 2 * ldw + p]);
            c20 = k.fma(x0, c20);
            c21 = k.fma(x1, c21);
            c22 = k.fma(x2, c22);
            c23 = k.fma(x3, c23);
            k = FloatVector.broadcast(S, w[pw + 3 * ldw + p]);
            c30 = k.fma(x0, c30);
            c31 = k.fma(x1, c31);
            c32 = k.fma(x2, c32);
            c33 = k.fma(x3, c33);
        }
        // Stored here, not through a helper: a vector passed to a call C2 does not inline is boxed.
        int r1 = py + ldy, r2 = py + 2 * ldy, r3 = py + 3 * ldy;
        c00.intoArray(y, py);
        c01.intoArray(y, py + L);
        c02.intoArray(y, py + 2 * L);
        c03.intoArray(y, py + 3 * L);
        c10.intoArray(y, r1);
        c11.intoArray(y, r1 + L);
        c12.intoArray(y, r1 + 2 * L);
        c13.intoArray(y, r1 + 3 * L);
        c20.intoArray(y, r2);
        c21.intoArray(y, r2 + L);
        c22.intoArray(y, r2 + 2 * L);
        c23.intoArray(y, r2 + 3 * L);
        c30.intoArray(y, r3);
        c31.intoArray(y, r3 + L);
        c32.intoArray(y, r3 + 2 * L);
        c33.intoArray(y, r3 + 3 * L);
    }

    /**
     * Four filters × one vector of outputs, of which {@code left} remain: the outputs after the
     * whole tiles. The mask is made here: a mask passed to a call that is not inlined is boxed.
     */
    private static void tile4x1(int ckk, float[] x, int px, int[] taps, float[] w, int pw, int ldw,
                                float[] y, int py, int ldy, int left) {
        VectorMask<Float> m = S.indexInRange(0, left);
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        for (int p = 0; p < ckk; p++) {
            FloatVector v = FloatVector.fromArray(S, x, px + taps[p], m);
            c0 = FloatVector.broadcast(S, w[pw + p]).fma(v, c0);
            c1 = FloatVector.broadcast(S, w[pw + ldw + p]).fma(v, c1);
            c2 = FloatVector.broadcast(S, w[pw + 2 * ldw + p]).fma(v, c2);
            c3 = FloatVector.broadcast(S, w[pw + 3 * ldw + p]).fma(v, c3);
        }
        c0.intoArray(y, py, m);
        c1.intoArray(y, py + ldy, m);
        c2.intoArray(y, py + 2 * ldy, m);
        c3.intoArray(y, py + 3 * ldy, m);
    }

    /** One filter × one vector of outputs, of which {@code left} remain: the filters after the groups of four. */
    private static void tile1x1(int ckk, float[] x, int px, int[] taps, float[] w, int pw,
                                float[] y, int py, int left) {
        VectorMask<Float> m = S.indexInRange(0, left);
        FloatVector c = FloatVector.zero(S);
        for (int p = 0; p < ckk; p++) {
            c = FloatVector.broadcast(S, w[pw + p]).fma(FloatVector.fromArray(S, x, px + taps[p], m), c);
        }
        c.intoArray(y, py, m);
    }
}
