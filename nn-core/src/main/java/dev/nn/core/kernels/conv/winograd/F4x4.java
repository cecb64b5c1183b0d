package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;
import dev.nn.core.kernels.elementwise.VectorElementwise;
import dev.nn.core.kernels.gemm.Transpose;
import dev.nn.core.runtime.FloatScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transforms of Winograd's F(4×4, 3×3), for {@link Winograd} on larger maps:
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
 * direct convolution 9. The larger coefficients (8 in Aᵀ, 1/24 in G) round worse than F(2×2)'s
 * (see WinogradPropertyTest).
 *
 * <p>The transforms between 6×6 and 6×6 (inputs, input gradients) are two passes of a 1-D one
 * through t (6·6·L floats of scratch): their 36 vectors and the intermediate ones do not fit in
 * the registers, and written out in registers they spilled so badly that C2's code ran slower
 * than through scratch. Those between 6×6 and 4×4 (outputs, output gradients) keep their 24
 * intermediate vectors in registers, written out in full, which beats scratch.
 * Lanes are L channels, as in {@link Winograd}; no vector crosses a method boundary (see
 * {@link F2x2#gradientTile}'s note on boxing).
 */
final class F4x4 implements TileTransform {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** The nine taps of every kernel, transposed so that the lanes are kernels. */
    private static final FloatScratch TAPS = new FloatScratch();
    /** A 1-D transform's intermediate vectors (see the class comment). */
    private static final FloatScratch TRANSFORM = new FloatScratch();
    /** The weight gradient's nine sums per kernel, before they are transposed back. */
    private static final FloatScratch SUMS = new FloatScratch();

    /** The one instance: the class holds no state. */
    static final F4x4 INSTANCE = new F4x4();

    private F4x4() {
    }

    @Override
    public int m() {
        return 4;
    }

    /** The 2-D transforms between 6×6 tiles go through 6·6·L floats (see the class comment). */
    @Override
    public int scratchFloats() {
        return 36 * L;
    }

    /**
     * Bᵀ·d·B for L channels of the tile whose 6×6 inputs start at image[from] (rows {@code row}
     * floats, positions c floats apart), to v[at + ξ·step], ξ = 6·i + j.
     */
    @Override
    public void tile(float[] image, int from, int row, int c, float[] v, int at, int step, float[] t) {
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
     * rows {@code row} floats and positions f floats apart. Aᵀ·M column by column, then each of
     * its four rows times A; Aᵀ's rows turn m0 … m5 into m0 + (m1 + m2) + (m3 + m4),
     * (m1 − m2) + 2(m3 − m4), (m1 + m2) + 4(m3 + m4) and (m1 − m2) + 8(m3 − m4) + m5.
     */
    @Override
    public void untile(float[] m, int at, int step, float[] shift, int o, float[] floor, float[] out, int to, int row,
                       int f) {
        FloatVector m0, m1, m2, m3, m4, m5, s12, d12, s34, d34;
        m0 = FloatVector.fromArray(S, m, at);
        m1 = FloatVector.fromArray(S, m, at + 6 * step);
        m2 = FloatVector.fromArray(S, m, at + 12 * step);
        m3 = FloatVector.fromArray(S, m, at + 18 * step);
        m4 = FloatVector.fromArray(S, m, at + 24 * step);
        m5 = FloatVector.fromArray(S, m, at + 30 * step);
        s12 = m1.add(m2);
        d12 = m1.sub(m2);
        s34 = m3.add(m4);
        d34 = m3.sub(m4);
        FloatVector c00 = m0.add(s12).add(s34), c10 = d12.add(d34.mul(2f)), c20 = s12.add(s34.mul(4f));
        FloatVector c30 = d12.add(d34.mul(8f)).add(m5);
        m0 = FloatVector.fromArray(S, m, at + 1 * step);
        m1 = FloatVector.fromArray(S, m, at + 7 * step);
        m2 = FloatVector.fromArray(S, m, at + 13 * step);
        m3 = FloatVector.fromArray(S, m, at + 19 * step);
        m4 = FloatVector.fromArray(S, m, at + 25 * step);
        m5 = FloatVector.fromArray(S, m, at + 31 * step);
        s12 = m1.add(m2);
        d12 = m1.sub(m2);
        s34 = m3.add(m4);
        d34 = m3.sub(m4);
        FloatVector c01 = m0.add(s12).add(s34), c11 = d12.add(d34.mul(2f)), c21 = s12.add(s34.mul(4f));
        FloatVector c31 = d12.add(d34.mul(8f)).add(m5);
        m0 = FloatVector.fromArray(S, m, at + 2 * step);
        m1 = FloatVector.fromArray(S, m, at + 8 * step);
        m2 = FloatVector.fromArray(S, m, at + 14 * step);
        m3 = FloatVector.fromArray(S, m, at + 20 * step);
        m4 = FloatVector.fromArray(S, m, at + 26 * step);
        m5 = FloatVector.fromArray(S, m, at + 32 * step);
        s12 = m1.add(m2);
        d12 = m1.sub(m2);
        s34 = m3.add(m4);
        d34 = m3.sub(m4);
        FloatVector c02 = m0.add(s12).add(s34), c12 = d12.add(d34.mul(2f)), c22 = s12.add(s34.mul(4f));
        FloatVector c32 = d12.add(d34.mul(8f)).add(m5);
        m0 = FloatVector.fromArray(S, m, at + 3 * step);
        m1 = FloatVector.fromArray(S, m, at + 9 * step);
        m2 = FloatVector.fromArray(S, m, at + 15 * step);
        m3 = FloatVector.fromArray(S, m, at + 21 * step);
        m4 = FloatVector.fromArray(S, m, at + 27 * step);
        m5 = FloatVector.fromArray(S, m, at + 33 * step);
        s12 = m1.add(m2);
        d12 = m1.sub(m2);
        s34 = m3.add(m4);
        d34 = m3.sub(m4);
        FloatVector c03 = m0.add(s12).add(s34), c13 = d12.add(d34.mul(2f)), c23 = s12.add(s34.mul(4f));
        FloatVector c33 = d12.add(d34.mul(8f)).add(m5);
        m0 = FloatVector.fromArray(S, m, at + 4 * step);
        m1 = FloatVector.fromArray(S, m, at + 10 * step);
        m2 = FloatVector.fromArray(S, m, at + 16 * step);
        m3 = FloatVector.fromArray(S, m, at + 22 * step);
        m4 = FloatVector.fromArray(S, m, at + 28 * step);
        m5 = FloatVector.fromArray(S, m, at + 34 * step);
        s12 = m1.add(m2);
        d12 = m1.sub(m2);
        s34 = m3.add(m4);
        d34 = m3.sub(m4);
        FloatVector c04 = m0.add(s12).add(s34), c14 = d12.add(d34.mul(2f)), c24 = s12.add(s34.mul(4f));
        FloatVector c34 = d12.add(d34.mul(8f)).add(m5);
        m0 = FloatVector.fromArray(S, m, at + 5 * step);
        m1 = FloatVector.fromArray(S, m, at + 11 * step);
        m2 = FloatVector.fromArray(S, m, at + 17 * step);
        m3 = FloatVector.fromArray(S, m, at + 23 * step);
        m4 = FloatVector.fromArray(S, m, at + 29 * step);
        m5 = FloatVector.fromArray(S, m, at + 35 * step);
        s12 = m1.add(m2);
        d12 = m1.sub(m2);
        s34 = m3.add(m4);
        d34 = m3.sub(m4);
        FloatVector c05 = m0.add(s12).add(s34), c15 = d12.add(d34.mul(2f)), c25 = s12.add(s34.mul(4f));
        FloatVector c35 = d12.add(d34.mul(8f)).add(m5);
        FloatVector b = FloatVector.fromArray(S, shift, o), least = FloatVector.fromArray(S, floor, 0);
        s12 = c01.add(c02);
        d12 = c01.sub(c02);
        s34 = c03.add(c04);
        d34 = c03.sub(c04);
        c00.add(s12).add(s34).add(b).max(least).intoArray(out, to);
        d12.add(d34.mul(2f)).add(b).max(least).intoArray(out, to + f);
        s12.add(s34.mul(4f)).add(b).max(least).intoArray(out, to + 2 * f);
        d12.add(d34.mul(8f)).add(c05).add(b).max(least).intoArray(out, to + 3 * f);
        s12 = c11.add(c12);
        d12 = c11.sub(c12);
        s34 = c13.add(c14);
        d34 = c13.sub(c14);
        c10.add(s12).add(s34).add(b).max(least).intoArray(out, to + 1 * row);
        d12.add(d34.mul(2f)).add(b).max(least).intoArray(out, to + 1 * row + f);
        s12.add(s34.mul(4f)).add(b).max(least).intoArray(out, to + 1 * row + 2 * f);
        d12.add(d34.mul(8f)).add(c15).add(b).max(least).intoArray(out, to + 1 * row + 3 * f);
        s12 = c21.add(c22);
        d12 = c21.sub(c22);
        s34 = c23.add(c24);
        d34 = c23.sub(c24);
        c20.add(s12).add(s34).add(b).max(least).intoArray(out, to + 2 * row);
        d12.add(d34.mul(2f)).add(b).max(least).intoArray(out, to + 2 * row + f);
        s12.add(s34.mul(4f)).add(b).max(least).intoArray(out, to + 2 * row + 2 * f);
        d12.add(d34.mul(8f)).add(c25).add(b).max(least).intoArray(out, to + 2 * row + 3 * f);
        s12 = c31.add(c32);
        d12 = c31.sub(c32);
        s34 = c33.add(c34);
        d34 = c33.sub(c34);
        c30.add(s12).add(s34).add(b).max(least).intoArray(out, to + 3 * row);
        d12.add(d34.mul(2f)).add(b).max(least).intoArray(out, to + 3 * row + f);
        s12.add(s34.mul(4f)).add(b).max(least).intoArray(out, to + 3 * row + 2 * f);
        d12.add(d34.mul(8f)).add(c35).add(b).max(least).intoArray(out, to + 3 * row + 3 * f);
    }

    /**
     * A·∂E/∂Y·Aᵀ of one tile for L filters, to dm[at + ξ·step], the 4×4 gradients from g[from],
     * positions col floats and rows {@code row} floats apart. A·g of each row, then of each of the
     * six columns of the result; A's rows turn g0 … g3 into g0, (g0 + g2) ± (g1 + g3),
     * (g0 + 4g2) ± 2(g1 + 4g3) and g3.
     */
    @Override
    public void gradientTile(float[] g, int from, int col, int row, float[] dm, int at, int step) {
        FloatVector g0, g1, g2, g3, e, o, e4, o4;
        g0 = FloatVector.fromArray(S, g, from);
        g1 = FloatVector.fromArray(S, g, from + col);
        g2 = FloatVector.fromArray(S, g, from + 2 * col);
        g3 = FloatVector.fromArray(S, g, from + 3 * col);
        e = g0.add(g2);
        o = g1.add(g3);
        e4 = g0.add(g2.mul(4f));
        o4 = g1.add(g3.mul(4f)).mul(2f);
        FloatVector r00 = g0, r01 = e.add(o), r02 = e.sub(o), r03 = e4.add(o4), r04 = e4.sub(o4), r05 = g3;
        g0 = FloatVector.fromArray(S, g, from + 1 * row);
        g1 = FloatVector.fromArray(S, g, from + 1 * row + col);
        g2 = FloatVector.fromArray(S, g, from + 1 * row + 2 * col);
        g3 = FloatVector.fromArray(S, g, from + 1 * row + 3 * col);
        e = g0.add(g2);
        o = g1.add(g3);
        e4 = g0.add(g2.mul(4f));
        o4 = g1.add(g3.mul(4f)).mul(2f);
        FloatVector r10 = g0, r11 = e.add(o), r12 = e.sub(o), r13 = e4.add(o4), r14 = e4.sub(o4), r15 = g3;
        g0 = FloatVector.fromArray(S, g, from + 2 * row);
        g1 = FloatVector.fromArray(S, g, from + 2 * row + col);
        g2 = FloatVector.fromArray(S, g, from + 2 * row + 2 * col);
        g3 = FloatVector.fromArray(S, g, from + 2 * row + 3 * col);
        e = g0.add(g2);
        o = g1.add(g3);
        e4 = g0.add(g2.mul(4f));
        o4 = g1.add(g3.mul(4f)).mul(2f);
        FloatVector r20 = g0, r21 = e.add(o), r22 = e.sub(o), r23 = e4.add(o4), r24 = e4.sub(o4), r25 = g3;
        g0 = FloatVector.fromArray(S, g, from + 3 * row);
        g1 = FloatVector.fromArray(S, g, from + 3 * row + col);
        g2 = FloatVector.fromArray(S, g, from + 3 * row + 2 * col);
        g3 = FloatVector.fromArray(S, g, from + 3 * row + 3 * col);
        e = g0.add(g2);
        o = g1.add(g3);
        e4 = g0.add(g2.mul(4f));
        o4 = g1.add(g3.mul(4f)).mul(2f);
        FloatVector r30 = g0, r31 = e.add(o), r32 = e.sub(o), r33 = e4.add(o4), r34 = e4.sub(o4), r35 = g3;
        e = r00.add(r20);
        o = r10.add(r30);
        e4 = r00.add(r20.mul(4f));
        o4 = r10.add(r30.mul(4f)).mul(2f);
        r00.intoArray(dm, at);
        e.add(o).intoArray(dm, at + 6 * step);
        e.sub(o).intoArray(dm, at + 12 * step);
        e4.add(o4).intoArray(dm, at + 18 * step);
        e4.sub(o4).intoArray(dm, at + 24 * step);
        r30.intoArray(dm, at + 30 * step);
        e = r01.add(r21);
        o = r11.add(r31);
        e4 = r01.add(r21.mul(4f));
        o4 = r11.add(r31.mul(4f)).mul(2f);
        r01.intoArray(dm, at + 1 * step);
        e.add(o).intoArray(dm, at + 7 * step);
        e.sub(o).intoArray(dm, at + 13 * step);
        e4.add(o4).intoArray(dm, at + 19 * step);
        e4.sub(o4).intoArray(dm, at + 25 * step);
        r31.intoArray(dm, at + 31 * step);
        e = r02.add(r22);
        o = r12.add(r32);
        e4 = r02.add(r22.mul(4f));
        o4 = r12.add(r32.mul(4f)).mul(2f);
        r02.intoArray(dm, at + 2 * step);
        e.add(o).intoArray(dm, at + 8 * step);
        e.sub(o).intoArray(dm, at + 14 * step);
        e4.add(o4).intoArray(dm, at + 20 * step);
        e4.sub(o4).intoArray(dm, at + 26 * step);
        r32.intoArray(dm, at + 32 * step);
        e = r03.add(r23);
        o = r13.add(r33);
        e4 = r03.add(r23.mul(4f));
        o4 = r13.add(r33.mul(4f)).mul(2f);
        r03.intoArray(dm, at + 3 * step);
        e.add(o).intoArray(dm, at + 9 * step);
        e.sub(o).intoArray(dm, at + 15 * step);
        e4.add(o4).intoArray(dm, at + 21 * step);
        e4.sub(o4).intoArray(dm, at + 27 * step);
        r33.intoArray(dm, at + 33 * step);
        e = r04.add(r24);
        o = r14.add(r34);
        e4 = r04.add(r24.mul(4f));
        o4 = r14.add(r34.mul(4f)).mul(2f);
        r04.intoArray(dm, at + 4 * step);
        e.add(o).intoArray(dm, at + 10 * step);
        e.sub(o).intoArray(dm, at + 16 * step);
        e4.add(o4).intoArray(dm, at + 22 * step);
        e4.sub(o4).intoArray(dm, at + 28 * step);
        r34.intoArray(dm, at + 34 * step);
        e = r05.add(r25);
        o = r15.add(r35);
        e4 = r05.add(r25.mul(4f));
        o4 = r15.add(r35.mul(4f)).mul(2f);
        r05.intoArray(dm, at + 5 * step);
        e.add(o).intoArray(dm, at + 11 * step);
        e.sub(o).intoArray(dm, at + 17 * step);
        e4.add(o4).intoArray(dm, at + 23 * step);
        e4.sub(o4).intoArray(dm, at + 29 * step);
        r35.intoArray(dm, at + 35 * step);
    }

    /**
     * B·∂E/∂V·Bᵀ of one tile for L channels (dv[at + ξ·step]), added into a channels-last image
     * at the tile's 6×6 inputs from image[to], rows {@code row} floats and positions c floats apart.
     */
    @Override
    public void fold(float[] dv, int at, int step, float[] image, int to, int row, int c, float[] t) {
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
     * [ξ][o][c], as {@link F2x2}'s weights. Lanes are L kernels: the taps are
     * transposed to [c][tap][o] (forward) or [tap][o·c], then G is applied to g's columns and
     * to the rows of the result.
     */
    @Override
    public void transformWeights(ConvShape s, float[] w, boolean forward, float[] u) {
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        int groups = forward ? c : 1, width = forward ? f : pairs;
        float[] taps = TAPS.get(9 * pairs);
        if (forward) {
            Transpose.transpose(f, 9 * c, w, 0, 9 * c, taps, 0, f);
        } else {
            Transpose.transpose(pairs, 9, w, 0, 9, taps, 0, pairs);
        }
        float[] t = TRANSFORM.get(scratchFloats());
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
    @Override
    public void transformWeightGradient(ConvShape s, float[] du, float[] dw) {
        int pairs = s.outChannels() * s.inChannels();
        float[] taps = TAPS.get(9 * pairs);
        float[] t = TRANSFORM.get(scratchFloats());
        for (int y = 0; y < pairs; y += L) {
            // Gᵀ·∂E/∂U column by column, to t[r][j]; then row r times G: taps 3r … 3r + 2.
            for (int j = 0; j < 6; j++) {
                kernelGradient(du, j * pairs + y, 6 * pairs, t, j * L, 6 * L);
            }
            for (int r = 0; r < 3; r++) {
                kernelGradient(t, 6 * r * L, L, taps, 3 * r * pairs + y, pairs);
            }
        }
        float[] sums = SUMS.get(9 * pairs);
        Transpose.transpose(9, pairs, taps, 0, pairs, sums, 0, 9);
        VectorElementwise.INSTANCE.axpy(9 * pairs, 1f, sums, 0, dw, 0);
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
