package dev.nn.core.kernels.conv;

import dev.nn.core.ConvShape;
import dev.nn.core.runtime.FloatScratch;
import dev.nn.core.runtime.ThreadPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The forward pass of a stride-1 convolution with few taps over large planes (a first layer:
 * 1 channel × 3×3 over 28×28), written straight into the output rows. Such a layer does few
 * multiply-adds per output, so a pass over the outputs weighs as much as they do: {@link WideConv}
 * computes them into wide rows and then copies them into place (with bias and ReLU); computing
 * them in place saves that pass.
 *
 * <p>A tile is 8 filters × 2 vectors of one output row, the vectors at any two column starts: a
 * row of outWidth ≥ L outputs is covered by vectors starting at min(k·L, outWidth − L), the last
 * one overlapping its neighbour rather than running past the row, so the tiles never write
 * outside the row and never read outside the input row. For each row the inputs of both vectors
 * for every tap are first copied into a small panel, so that the tile reads them, and the
 * weights, at offsets linear in the tap (C2 then hoists every range check out of its loop), and
 * every block of filters reuses the panel. Bias and ReLU are applied in the tile, in the same
 * order as WideConv's, so the outputs equal those of its fused pooling to the bit. A partial last
 * block of filters writes into a scratch row and only its own filters are copied out.
 *
 * <p>Images are independent tasks for the thread pool; every output is computed the same way
 * whatever the thread count.
 */
final class RowConv {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final int MR = ImagePanelGemm.MR;
    /** The packed weights, then each block's MR biases. */
    private static final FloatScratch PACKED = new FloatScratch();
    /** An image with its zero border, for padded layers. */
    private static final FloatScratch PADDED = new FloatScratch();
    /** The inputs of a row's two vectors of outputs for every tap. */
    private static final FloatScratch PANEL = new FloatScratch();
    /** The rows of a partial last block of filters, before its own filters are copied out. */
    private static final FloatScratch PARTIAL = new FloatScratch();

    private RowConv() {
    }

    /** Whether this is the forward kernel for the stride-1 shape s (without fused pooling). */
    static boolean applies(ConvShape s) {
        return s.stride() == 1 && WideConv.fewTapsOverLargePlanes(s) && s.outWidth() >= L;
    }

    /** y = x ⋆ w (+ bias, then ReLU if relu) for a shape that {@link #applies}. */
    static void forward(ConvShape s, float[] x, float[] w, float[] bias, boolean relu, float[] y) {
        int f = s.outChannels(), taps = s.inChannels() * s.kernelHeight() * s.kernelWidth();
        int filters = ImagePanelGemm.paddedFilters(f);
        // The packed weights, then each block's MR biases (zeros past f, or without a bias).
        float[] packed = PACKED.get(filters * (taps + 1));
        ImagePanelGemm.pack(s, w, packed);
        for (int o = 0; o < filters; o++) {
            packed[filters * taps + o] = bias != null && o < f ? bias[o] : 0f;
        }
        ThreadPool.run(s.batch(), n -> image(s, x, packed, relu, y, n));
    }

    private static void image(ConvShape s, float[] x, float[] packed, boolean relu, float[] y, int n) {
        int f = s.outChannels(), c = s.inChannels(), kh = s.kernelHeight(), kw = s.kernelWidth();
        int taps = c * kh * kw, blocks = ImagePanelGemm.paddedFilters(f) / MR, biases = blocks * MR * taps;
        int oh = s.outHeight(), ow = s.outWidth(), plane = oh * ow;
        int ph = s.height() + 2 * s.padding(), pw = s.width() + 2 * s.padding();
        float[] src = x;
        int base = n * c * s.height() * s.width();
        if (s.padding() > 0) {
            src = PADDED.get(c * ph * pw);
            WideConv.pad(s, x, base, src, c * ph * pw);
            base = 0;
        }
        float[] panel = PANEL.get(taps * 2 * L);
        float[] partial = PARTIAL.get(MR * plane);
        int vectors = (ow + L - 1) / L;
        for (int i = 0; i < oh; i++) {
            for (int k = 0; k < vectors; k += 2) {
                // Two vector starts; with an odd count the last pair overlaps the one before.
                int k0 = Math.max(0, Math.min(k, vectors - 2));
                int q0 = Math.min(k0 * L, ow - L), q1 = Math.min((k0 + 1) * L, ow - L);
                for (int ch = 0, p = 0; ch < c; ch++) {
                    for (int a = 0; a < kh; a++) {
                        int row = base + (ch * ph + i + a) * pw;
                        for (int b = 0; b < kw; b++, p++) {
                            FloatVector.fromArray(S, src, row + b + q0).intoArray(panel, 2 * L * p);
                            FloatVector.fromArray(S, src, row + b + q1).intoArray(panel, 2 * L * p + L);
                        }
                    }
                }
                for (int blk = 0; blk < blocks; blk++) {
                    int o0 = blk * MR, at = i * ow + q0;
                    if (o0 + MR <= f) {
                        tile(taps, panel, packed, blk * MR * taps, biases + o0, relu, y, (n * f + o0) * plane + at,
                                q1 - q0, plane);
                    } else {
                        tile(taps, panel, packed, blk * MR * taps, biases + o0, relu, partial, at, q1 - q0, plane);
                    }
                }
            }
        }
        if (f % MR != 0) {
            int o0 = f / MR * MR;
            System.arraycopy(partial, 0, y, (n * f + o0) * plane, (f - o0) * plane);
        }
    }

    /**
     * Eight filters × the two vectors of the panel: filter r's outputs at {@code y[py + r·ld]} and
     * {@code y[py + r·ld + dq]}, from the weights at {@code w[pw + p·MR + r]} and the biases at
     * {@code w[pb + r]}.
     */
    private static void tile(int taps, float[] panel, float[] w, int pw, int pb, boolean relu, float[] y, int py,
                             int dq, int ld) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00, c60 = c00, c61 = c00;
        FloatVector c70 = c00, c71 = c00;
        for (int p = 0; p < taps; p++) {
            int q = pw + p * MR;
            FloatVector x0 = FloatVector.fromArray(S, panel, 2 * L * p);
            FloatVector x1 = FloatVector.fromArray(S, panel, 2 * L * p + L);
            FloatVector k = FloatVector.broadcast(S, w[q]);
            c00 = k.fma(x0, c00);
            c01 = k.fma(x1, c01);
            k = FloatVector.broadcast(S, w[q + 1]);
            c10 = k.fma(x0, c10);
            c11 = k.fma(x1, c11);
            k = FloatVector.broadcast(S, w[q + 2]);
            c20 = k.fma(x0, c20);
            c21 = k.fma(x1, c21);
            k = FloatVector.broadcast(S, w[q + 3]);
            c30 = k.fma(x0, c30);
            c31 = k.fma(x1, c31);
            k = FloatVector.broadcast(S, w[q + 4]);
            c40 = k.fma(x0, c40);
            c41 = k.fma(x1, c41);
            k = FloatVector.broadcast(S, w[q + 5]);
            c50 = k.fma(x0, c50);
            c51 = k.fma(x1, c51);
            k = FloatVector.broadcast(S, w[q + 6]);
            c60 = k.fma(x0, c60);
            c61 = k.fma(x1, c61);
            k = FloatVector.broadcast(S, w[q + 7]);
            c70 = k.fma(x0, c70);
            c71 = k.fma(x1, c71);
        }
        // The bias after the taps, as WideConv adds it: the fused pooling's outputs stay bit-equal to these.
        c00 = c00.add(w[pb]);
        c01 = c01.add(w[pb]);
        c10 = c10.add(w[pb + 1]);
        c11 = c11.add(w[pb + 1]);
        c20 = c20.add(w[pb + 2]);
        c21 = c21.add(w[pb + 2]);
        c30 = c30.add(w[pb + 3]);
        c31 = c31.add(w[pb + 3]);
        c40 = c40.add(w[pb + 4]);
        c41 = c41.add(w[pb + 4]);
        c50 = c50.add(w[pb + 5]);
        c51 = c51.add(w[pb + 5]);
        c60 = c60.add(w[pb + 6]);
        c61 = c61.add(w[pb + 6]);
        c70 = c70.add(w[pb + 7]);
        c71 = c71.add(w[pb + 7]);
        if (relu) {
            c00 = c00.max(0f);
            c01 = c01.max(0f);
            c10 = c10.max(0f);
            c11 = c11.max(0f);
            c20 = c20.max(0f);
            c21 = c21.max(0f);
            c30 = c30.max(0f);
            c31 = c31.max(0f);
            c40 = c40.max(0f);
            c41 = c41.max(0f);
            c50 = c50.max(0f);
            c51 = c51.max(0f);
            c60 = c60.max(0f);
            c61 = c61.max(0f);
            c70 = c70.max(0f);
            c71 = c71.max(0f);
        }
        // Stored here, not through a helper: a vector passed to a call C2 does not inline is boxed.
        c00.intoArray(y, py);
        c01.intoArray(y, py + dq);
        c10.intoArray(y, py + ld);
        c11.intoArray(y, py + ld + dq);
        c20.intoArray(y, py + 2 * ld);
        c21.intoArray(y, py + 2 * ld + dq);
        c30.intoArray(y, py + 3 * ld);
        c31.intoArray(y, py + 3 * ld + dq);
        c40.intoArray(y, py + 4 * ld);
        c41.intoArray(y, py + 4 * ld + dq);
        c50.intoArray(y, py + 5 * ld);
        c51.intoArray(y, py + 5 * ld + dq);
        c60.intoArray(y, py + 6 * ld);
        c61.intoArray(y, py + 6 * ld + dq);
        c70.intoArray(y, py + 7 * ld);
        c71.intoArray(y, py + 7 * ld + dq);
    }
}
