package dev.nn.core;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transforms of Winograd's F(4×4, 3×3), for {@link Winograd}'s plain passes on larger maps:
 * each 4×4 block of outputs is {@code Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A} with d the 6×6 inputs under it,
 * interpolating at 0, ±1, ±2 and ∞ (Lavin and Gray, 2015):
 * <pre>
 * Bᵀ = [4  0 −5  0  1  0]   G = [ 1/4     0     0 ]   Aᵀ = [1  1  1  1  1  0]
 *      [0 −4 −4  1  1  0]       [−1/6  −1/6  −1/6 ]        [0  1 −1  2 −2  0]
 *      [0  4 −4 −1  1  0]       [−1/6   1/6  −1/6 ]        [0  1  1  4  4  0]
 *      [0 −2 −1  2  1  0]       [1/24  1/12   1/6 ]        [0  1 −1  8 −8  1]
 *      [0  2 −1 −2  1  0]       [1/24 −1/12   1/6 ]
 *      [0  4  0 −5  0  1]       [   0     0     1 ]
 * </pre>
 * 36 multiply-adds per channel pair and tile, 2.25 per output where F(2×2, 3×3) takes 4 and
 * direct convolution 9. The larger coefficients round a few times worse than F(2×2).
 *
 * <p>Each 2-D transform is two passes of a 1-D one, through t (6·6·L floats of scratch): the
 * 36 vectors of a tile do not fit in the registers. Lanes are L channels, as in
 * {@link Winograd}; no vector crosses a method boundary (see {@link Winograd}'s note on boxing).
 */
final class WinogradF4 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Floats of scratch the 2-D transforms need. */
    static final int SCRATCH = 36 * L;

    private WinogradF4() {
    }

    /**
     * Bᵀ·d·B for L channels of the tile whose 6×6 inputs start at image[from] (rows {@code row}
     * floats, positions c floats apart), to v[at + ξ·step], ξ = 6·i + j.
     */
    static void tile(float[] image, int from, int row, int c, float[] v, int at, int step, float[] t) {
        for (int r = 0; r < 6; r++) {
            input(image, from + r * row, c, t, r * 6 * L, L);
        }
        for (int j = 0; j < 6; j++) {
            input(t, j * L, 6 * L, v, at + j * step, 6 * step);
        }
    }

    /**
     * Aᵀ·M·A of one tile for L filters (m[at + ξ·step]), shift[o …] (the bias, or zeros) added
     * and the result at least floor[0 …], into the tile's 4×4 channels-last outputs from out[to],
     * rows {@code row} floats and positions f floats apart.
     */
    static void untile(float[] m, int at, int step, float[] shift, int o, float[] floor, float[] out, int to, int row,
                       int f, float[] t) {
        for (int j = 0; j < 6; j++) {
            output(m, at + j * step, 6 * step, t, j * L, 6 * L);
        }
        for (int p = 0; p < 4; p++) {
            output(t, p * 6 * L, L, out, to + p * row, f);
        }
        FloatVector b = FloatVector.fromArray(S, shift, o), least = FloatVector.fromArray(S, floor, 0);
        for (int p = 0; p < 4; p++) {
            for (int q = 0, at2 = to + p * row; q < 4; q++, at2 += f) {
                FloatVector.fromArray(S, out, at2).add(b).max(least).intoArray(out, at2);
            }
        }
    }

    /**
     * A·∂E/∂Y·Aᵀ of one tile for L filters, to dm[at + ξ·step], the 4×4 gradients from g[from],
     * positions col floats and rows {@code row} floats apart.
     */
    static void gradientTile(float[] g, int from, int col, int row, float[] dm, int at, int step, float[] t) {
        for (int r = 0; r < 4; r++) {
            gradient(g, from + r * row, col, t, r * 6 * L, L);
        }
        for (int j = 0; j < 6; j++) {
            gradient(t, j * L, 6 * L, dm, at + j * step, 6 * step);
        }
    }

    /**
     * B·∂E/∂V·Bᵀ of one tile for L channels (dv[at + ξ·step]), added into a channels-last image
     * at the tile's 6×6 inputs from image[to], rows {@code row} floats and positions c floats apart.
     */
    static void fold(float[] dv, int at, int step, float[] image, int to, int row, int c, float[] t) {
        for (int j = 0; j < 6; j++) {
            inputGradient(dv, at + j * step, 6 * step, t, j * L, 6 * L, false);
        }
        for (int i = 0; i < 6; i++) {
            inputGradient(t, i * 6 * L, L, image, to + i * row, c, true);
        }
    }

    /** Bᵀ·d of six vectors src[from + k·in], to dst[to + k·out]. */
    private static void input(float[] src, int from, int in, float[] dst, int to, int out) {
        FloatVector d0 = FloatVector.fromArray(S, src, from), d1 = FloatVector.fromArray(S, src, from + in);
        FloatVector d2 = FloatVector.fromArray(S, src, from + 2 * in);
        FloatVector d3 = FloatVector.fromArray(S, src, from + 3 * in);
        FloatVector d4 = FloatVector.fromArray(S, src, from + 4 * in);
        FloatVector d5 = FloatVector.fromArray(S, src, from + 5 * in);
        FloatVector d42 = d4.sub(d2), d31 = d3.sub(d1).mul(2f);
        d0.sub(d2).mul(4f).add(d42).intoArray(dst, to);
        d3.add(d4).sub(d1.add(d2).mul(4f)).intoArray(dst, to + out);
        d4.sub(d3).add(d1.sub(d2).mul(4f)).intoArray(dst, to + 2 * out);
        d42.add(d31).intoArray(dst, to + 3 * out);
        d42.sub(d31).intoArray(dst, to + 4 * out);
        d1.sub(d3).mul(4f).add(d5.sub(d3)).intoArray(dst, to + 5 * out);
    }

    /** Aᵀ·m of six vectors src[from + k·in], the four results to dst[to + k·out]. */
    private static void output(float[] src, int from, int in, float[] dst, int to, int out) {
        FloatVector m0 = FloatVector.fromArray(S, src, from), m1 = FloatVector.fromArray(S, src, from + in);
        FloatVector m2 = FloatVector.fromArray(S, src, from + 2 * in);
        FloatVector m3 = FloatVector.fromArray(S, src, from + 3 * in);
        FloatVector m4 = FloatVector.fromArray(S, src, from + 4 * in);
        FloatVector m5 = FloatVector.fromArray(S, src, from + 5 * in);
        FloatVector s12 = m1.add(m2), d12 = m1.sub(m2), s34 = m3.add(m4), d34 = m3.sub(m4);
        m0.add(s12).add(s34).intoArray(dst, to);
        d12.add(d34.mul(2f)).intoArray(dst, to + out);
        s12.add(s34.mul(4f)).intoArray(dst, to + 2 * out);
        d12.add(d34.mul(8f)).add(m5).intoArray(dst, to + 3 * out);
    }

    /** A·g of four vectors src[from + k·in], the six results to dst[to + k·out]. */
    private static void gradient(float[] src, int from, int in, float[] dst, int to, int out) {
        FloatVector g0 = FloatVector.fromArray(S, src, from), g1 = FloatVector.fromArray(S, src, from + in);
        FloatVector g2 = FloatVector.fromArray(S, src, from + 2 * in);
        FloatVector g3 = FloatVector.fromArray(S, src, from + 3 * in);
        FloatVector even = g0.add(g2), odd = g1.add(g3);
        FloatVector even4 = g0.add(g2.mul(4f)), odd4 = g1.add(g3.mul(4f)).mul(2f);
        g0.intoArray(dst, to);
        even.add(odd).intoArray(dst, to + out);
        even.sub(odd).intoArray(dst, to + 2 * out);
        even4.add(odd4).intoArray(dst, to + 3 * out);
        even4.sub(odd4).intoArray(dst, to + 4 * out);
        g3.intoArray(dst, to + 5 * out);
    }

    /** B·v of six vectors src[from + k·in], to dst[to + k·out], or added to what is there. */
    private static void inputGradient(float[] src, int from, int in, float[] dst, int to, int out, boolean add) {
        FloatVector v0 = FloatVector.fromArray(S, src, from), v1 = FloatVector.fromArray(S, src, from + in);
        FloatVector v2 = FloatVector.fromArray(S, src, from + 2 * in);
        FloatVector v3 = FloatVector.fromArray(S, src, from + 3 * in);
        FloatVector v4 = FloatVector.fromArray(S, src, from + 4 * in);
        FloatVector v5 = FloatVector.fromArray(S, src, from + 5 * in);
        FloatVector s12 = v1.add(v2), s34 = v3.add(v4), d34 = v3.sub(v4).mul(2f);
        FloatVector x0 = v0.mul(4f);
        FloatVector x1 = v2.sub(v1).add(v5).mul(4f).sub(d34);
        FloatVector x2 = v0.mul(-5f).sub(s12.mul(4f)).sub(s34);
        FloatVector x3 = v1.sub(v2).add(d34).sub(v5.mul(5f));
        FloatVector x4 = v0.add(s12).add(s34);
        FloatVector x5 = v5;
        if (add) {
            x0 = x0.add(FloatVector.fromArray(S, dst, to));
            x1 = x1.add(FloatVector.fromArray(S, dst, to + out));
            x2 = x2.add(FloatVector.fromArray(S, dst, to + 2 * out));
            x3 = x3.add(FloatVector.fromArray(S, dst, to + 3 * out));
            x4 = x4.add(FloatVector.fromArray(S, dst, to + 4 * out));
            x5 = x5.add(FloatVector.fromArray(S, dst, to + 5 * out));
        }
        x0.intoArray(dst, to);
        x1.intoArray(dst, to + out);
        x2.intoArray(dst, to + 2 * out);
        x3.intoArray(dst, to + 3 * out);
        x4.intoArray(dst, to + 4 * out);
        x5.intoArray(dst, to + 5 * out);
    }

    /**
     * U[ξ] = (G·g·Gᵀ)[ξ] for every kernel g = w[o][c] into u, laid out [ξ][c][o] (forward) or
     * [ξ][o][c], as {@link Winograd}'s F(2×2) weights. Lanes are L kernels: the taps are
     * transposed to [c][tap][o] (forward) or [tap][o·c], then G is applied to g's columns and
     * to the rows of the result.
     */
    static void transformWeights(ConvShape s, float[] w, boolean forward, float[] u) {
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        int groups = forward ? c : 1, width = forward ? f : pairs;
        float[] taps = Scratch.floats(Scratch.WINOGRAD_TAPS, 9 * pairs);
        if (forward) {
            GemmPack.transpose(f, 9 * c, w, 0, 9 * c, taps, 0, f);
        } else {
            GemmPack.transpose(pairs, 9, w, 0, 9, taps, 0, pairs);
        }
        float[] t = Scratch.floats(Scratch.WINOGRAD_TRANSFORM, SCRATCH);
        for (int x = 0; x < groups; x++) {
            for (int y = 0; y < width; y += L) {
                int from = 9 * x * width + y, to = x * width + y;
                // G·g column by column (taps col, 3 + col, 6 + col), to t[i][col]; then row i times Gᵀ.
                for (int col = 0; col < 3; col++) {
                    kernel(taps, from + col * width, 3 * width, t, col * L, 3 * L);
                }
                for (int i = 0; i < 6; i++) {
                    kernel(t, 3 * i * L, L, u, 6 * i * pairs + to, pairs);
                }
            }
        }
    }

    /** G·g of three vectors src[from + k·in], the six results to dst[to + k·out]. */
    private static void kernel(float[] src, int from, int in, float[] dst, int to, int out) {
        FloatVector g0 = FloatVector.fromArray(S, src, from), g1 = FloatVector.fromArray(S, src, from + in);
        FloatVector g2 = FloatVector.fromArray(S, src, from + 2 * in);
        FloatVector even = g0.add(g2), even4 = g0.add(g2.mul(4f)), odd2 = g1.mul(2f);
        g0.mul(0.25f).intoArray(dst, to);
        even.add(g1).mul(-1f / 6).intoArray(dst, to + out);
        even.sub(g1).mul(-1f / 6).intoArray(dst, to + 2 * out);
        even4.add(odd2).mul(1f / 24).intoArray(dst, to + 3 * out);
        even4.sub(odd2).mul(1f / 24).intoArray(dst, to + 4 * out);
        g2.intoArray(dst, to + 5 * out);
    }

    /**
     * dw[o][c] += Gᵀ·∂E/∂U[·][o][c]·G, from du [ξ][o][c]; lanes are L kernels, the nine sums
     * [tap][o·c] transposed before they are added.
     */
    static void transformWeightGradient(ConvShape s, float[] du, float[] dw) {
        int pairs = s.outChannels() * s.inChannels();
        float[] taps = Scratch.floats(Scratch.WINOGRAD_TAPS, 9 * pairs);
        float[] t = Scratch.floats(Scratch.WINOGRAD_TRANSFORM, SCRATCH);
        for (int y = 0; y < pairs; y += L) {
            // Gᵀ·∂E/∂U column by column, to t[r][j]; then row r times G: taps 3r … 3r + 2.
            for (int j = 0; j < 6; j++) {
                kernelGradient(du, j * pairs + y, 6 * pairs, t, j * L, 6 * L);
            }
            for (int r = 0; r < 3; r++) {
                kernelGradient(t, 6 * r * L, L, taps, 3 * r * pairs + y, pairs);
            }
        }
        float[] sums = Scratch.floats(Scratch.WINOGRAD_IMAGE, 9 * pairs);
        GemmPack.transpose(9, pairs, taps, 0, pairs, sums, 0, 9);
        VectorElementwise.axpy(9 * pairs, 1f, sums, 0, dw, 0);
    }

    /** Gᵀ·v of six vectors src[from + k·in], the three results to dst[to + k·out]. */
    private static void kernelGradient(float[] src, int from, int in, float[] dst, int to, int out) {
        FloatVector v0 = FloatVector.fromArray(S, src, from), v1 = FloatVector.fromArray(S, src, from + in);
        FloatVector v2 = FloatVector.fromArray(S, src, from + 2 * in);
        FloatVector v3 = FloatVector.fromArray(S, src, from + 3 * in);
        FloatVector v4 = FloatVector.fromArray(S, src, from + 4 * in);
        FloatVector v5 = FloatVector.fromArray(S, src, from + 5 * in);
        FloatVector s12 = v1.add(v2), s34 = v3.add(v4);
        v0.mul(0.25f).sub(s12.mul(1f / 6)).add(s34.mul(1f / 24)).intoArray(dst, to);
        v2.sub(v1).mul(1f / 6).add(v3.sub(v4).mul(1f / 12)).intoArray(dst, to + out);
        s34.sub(s12).mul(1f / 6).add(v5).intoArray(dst, to + 2 * out);
    }
}
