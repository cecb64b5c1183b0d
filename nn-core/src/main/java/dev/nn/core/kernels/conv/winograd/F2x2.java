package dev.nn.core.kernels.conv.winograd;

import dev.nn.core.ConvShape;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The transforms of Winograd's F(2×2, 3×3): each 2×2 block of outputs is
 * {@code Aᵀ[(G·g·Gᵀ) ⊙ (Bᵀ·d·B)]A} with d the 4×4 inputs under it, interpolating at 0, ±1 and ∞:
 * <pre>
 * Bᵀ = [1  0 −1  0]   G = [1    0    0]   Aᵀ = [1  1  1  0]
 *      [0  1  1  0]       [½    ½    ½]        [0  1 −1 −1]
 *      [0 −1  1  0]       [½   −½    ½]
 *      [0  1  0 −1]       [0    0    1]
 * </pre>
 * 16 multiply-adds per channel pair and tile, 4 per output where direct convolution takes 9. The
 * transforms are additions and halvings, so they round little. Lanes are L channels (see
 * {@link Winograd}); each transform is written out in full, no vector crossing a method boundary.
 */
final class F2x2 implements TileTransform {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** The one instance: the class holds no state. */
    static final F2x2 INSTANCE = new F2x2();

    private F2x2() {
    }

    @Override
    public int m() {
        return 2;
    }

    @Override
    public int scratchFloats() {
        return 0;
    }

    /**
     * Bᵀ·d·B for L channels of the tile whose 4×4 inputs start at image[from] (rows {@code row}
     * floats, positions c floats apart, channels-last), to v[at + ξ·step]. Bᵀ's rows are
     * (1 0 −1 0), (0 1 1 0), (0 −1 1 0), (0 1 0 −1).
     */
    @Override
    public void tile(float[] image, int from, int row, int c, float[] v, int at, int step, float[] t) {
        FloatVector d00 = FloatVector.fromArray(S, image, from);
        FloatVector d01 = FloatVector.fromArray(S, image, from + c);
        FloatVector d02 = FloatVector.fromArray(S, image, from + 2 * c);
        FloatVector d03 = FloatVector.fromArray(S, image, from + 3 * c);
        FloatVector d10 = FloatVector.fromArray(S, image, from + row);
        FloatVector d11 = FloatVector.fromArray(S, image, from + row + c);
        FloatVector d12 = FloatVector.fromArray(S, image, from + row + 2 * c);
        FloatVector d13 = FloatVector.fromArray(S, image, from + row + 3 * c);
        FloatVector d20 = FloatVector.fromArray(S, image, from + 2 * row);
        FloatVector d21 = FloatVector.fromArray(S, image, from + 2 * row + c);
        FloatVector d22 = FloatVector.fromArray(S, image, from + 2 * row + 2 * c);
        FloatVector d23 = FloatVector.fromArray(S, image, from + 2 * row + 3 * c);
        FloatVector d30 = FloatVector.fromArray(S, image, from + 3 * row);
        FloatVector d31 = FloatVector.fromArray(S, image, from + 3 * row + c);
        FloatVector d32 = FloatVector.fromArray(S, image, from + 3 * row + 2 * c);
        FloatVector d33 = FloatVector.fromArray(S, image, from + 3 * row + 3 * c);
        // Row i of Bᵀ·d, (e0, e1, e2, e3), times B: (e0 − e2, e1 + e2, e2 − e1, e1 − e3).
        FloatVector e0, e1, e2, e3;
        e0 = d00.sub(d20);
        e1 = d01.sub(d21);
        e2 = d02.sub(d22);
        e3 = d03.sub(d23);
        e0.sub(e2).intoArray(v, at);
        e1.add(e2).intoArray(v, at + step);
        e2.sub(e1).intoArray(v, at + 2 * step);
        e1.sub(e3).intoArray(v, at + 3 * step);
        e0 = d10.add(d20);
        e1 = d11.add(d21);
        e2 = d12.add(d22);
        e3 = d13.add(d23);
        e0.sub(e2).intoArray(v, at + 4 * step);
        e1.add(e2).intoArray(v, at + 5 * step);
        e2.sub(e1).intoArray(v, at + 6 * step);
        e1.sub(e3).intoArray(v, at + 7 * step);
        e0 = d20.sub(d10);
        e1 = d21.sub(d11);
        e2 = d22.sub(d12);
        e3 = d23.sub(d13);
        e0.sub(e2).intoArray(v, at + 8 * step);
        e1.add(e2).intoArray(v, at + 9 * step);
        e2.sub(e1).intoArray(v, at + 10 * step);
        e1.sub(e3).intoArray(v, at + 11 * step);
        e0 = d10.sub(d30);
        e1 = d11.sub(d31);
        e2 = d12.sub(d32);
        e3 = d13.sub(d33);
        e0.sub(e2).intoArray(v, at + 12 * step);
        e1.add(e2).intoArray(v, at + 13 * step);
        e2.sub(e1).intoArray(v, at + 14 * step);
        e1.sub(e3).intoArray(v, at + 15 * step);
    }

    /**
     * Aᵀ·M·A of one tile for L filters (m[at + ξ·step]), shift[o …] (the bias, or zeros) added
     * and the result at least floor[0 …] (0 for ReLU, −∞ for none: as
     * {@code VectorRows.addScalarRows} computes an output), into a channels-last output:
     * the tile's 2×2 outputs from out[to], rows {@code row} floats and positions f floats apart.
     * Aᵀ's rows are (1 1 1 0), (0 1 −1 −1).
     */
    @Override
    public void untile(float[] m, int at, int step, float[] shift, int o, float[] floor, float[] out, int to,
                               int row, int f) {
        FloatVector m00 = FloatVector.fromArray(S, m, at);
        FloatVector m01 = FloatVector.fromArray(S, m, at + step);
        FloatVector m02 = FloatVector.fromArray(S, m, at + 2 * step);
        FloatVector m03 = FloatVector.fromArray(S, m, at + 3 * step);
        FloatVector m10 = FloatVector.fromArray(S, m, at + 4 * step);
        FloatVector m11 = FloatVector.fromArray(S, m, at + 5 * step);
        FloatVector m12 = FloatVector.fromArray(S, m, at + 6 * step);
        FloatVector m13 = FloatVector.fromArray(S, m, at + 7 * step);
        FloatVector m20 = FloatVector.fromArray(S, m, at + 8 * step);
        FloatVector m21 = FloatVector.fromArray(S, m, at + 9 * step);
        FloatVector m22 = FloatVector.fromArray(S, m, at + 10 * step);
        FloatVector m23 = FloatVector.fromArray(S, m, at + 11 * step);
        FloatVector m30 = FloatVector.fromArray(S, m, at + 12 * step);
        FloatVector m31 = FloatVector.fromArray(S, m, at + 13 * step);
        FloatVector m32 = FloatVector.fromArray(S, m, at + 14 * step);
        FloatVector m33 = FloatVector.fromArray(S, m, at + 15 * step);
        // Row p of Aᵀ·M, (s0, s1, s2, s3), times A: (s0 + s1 + s2, s1 − s2 − s3).
        FloatVector s0 = m00.add(m10).add(m20), s1 = m01.add(m11).add(m21);
        FloatVector s2 = m02.add(m12).add(m22), s3 = m03.add(m13).add(m23);
        FloatVector y00 = s0.add(s1).add(s2), y01 = s1.sub(s2).sub(s3);
        s0 = m10.sub(m20).sub(m30);
        s1 = m11.sub(m21).sub(m31);
        s2 = m12.sub(m22).sub(m32);
        s3 = m13.sub(m23).sub(m33);
        FloatVector y10 = s0.add(s1).add(s2), y11 = s1.sub(s2).sub(s3);
        FloatVector b = FloatVector.fromArray(S, shift, o);
        FloatVector least = FloatVector.fromArray(S, floor, 0);
        y00 = y00.add(b).max(least);
        y01 = y01.add(b).max(least);
        y10 = y10.add(b).max(least);
        y11 = y11.add(b).max(least);
        y00.intoArray(out, to);
        y01.intoArray(out, to + f);
        y10.intoArray(out, to + row);
        y11.intoArray(out, to + row + f);
    }

    /**
     * A·∂E/∂Y·Aᵀ of one tile for L filters, to dm[at + ξ·step], ∂E/∂Y from g: top left at
     * g[from], top right col floats on, the bottom ones row floats below them.
     *
     * <p>This and the other per-tile transforms are written out in full, on zero-bordered
     * buffers: with small helpers that took or returned vectors (and loads that chose between a
     * vector and zeros), C2 boxed the vectors where it did not inline the helpers, allocating
     * megabytes per training step in some JVMs and nothing in others.
     */
    @Override
    public void gradientTile(float[] g, int from, int col, int row, float[] dm, int at, int step) {
        FloatVector g00 = FloatVector.fromArray(S, g, from), g01 = FloatVector.fromArray(S, g, from + col);
        FloatVector g10 = FloatVector.fromArray(S, g, from + row);
        FloatVector g11 = FloatVector.fromArray(S, g, from + row + col);
        // Row i of A·∂E/∂Y is (r0, r1), A's rows being (1 0), (1 1), (1 −1), (0 −1); times Aᵀ:
        // (r0, r0 + r1, r0 − r1, −r1).
        FloatVector r0 = g00, r1 = g01;
        r0.intoArray(dm, at);
        r0.add(r1).intoArray(dm, at + step);
        r0.sub(r1).intoArray(dm, at + 2 * step);
        r1.neg().intoArray(dm, at + 3 * step);
        r0 = g00.add(g10);
        r1 = g01.add(g11);
        r0.intoArray(dm, at + 4 * step);
        r0.add(r1).intoArray(dm, at + 5 * step);
        r0.sub(r1).intoArray(dm, at + 6 * step);
        r1.neg().intoArray(dm, at + 7 * step);
        r0 = g00.sub(g10);
        r1 = g01.sub(g11);
        r0.intoArray(dm, at + 8 * step);
        r0.add(r1).intoArray(dm, at + 9 * step);
        r0.sub(r1).intoArray(dm, at + 10 * step);
        r1.neg().intoArray(dm, at + 11 * step);
        r0 = g10.neg();
        r1 = g11.neg();
        r0.intoArray(dm, at + 12 * step);
        r0.add(r1).intoArray(dm, at + 13 * step);
        r0.sub(r1).intoArray(dm, at + 14 * step);
        r1.neg().intoArray(dm, at + 15 * step);
    }

    /**
     * B·∂E/∂V·Bᵀ of one tile for L channels (dv[at + ξ·step]), added into a zero-bordered
     * channels-last image at the tile's 4×4 inputs, from image[to], rows {@code row} floats and
     * positions c floats apart. B's rows are (1 0 0 0), (0 1 −1 1), (−1 1 1 0), (0 0 0 −1).
     */
    @Override
    public void fold(float[] dv, int at, int step, float[] image, int to, int row, int c, float[] t) {
        FloatVector v00 = FloatVector.fromArray(S, dv, at), v01 = FloatVector.fromArray(S, dv, at + step);
        FloatVector v02 = FloatVector.fromArray(S, dv, at + 2 * step);
        FloatVector v03 = FloatVector.fromArray(S, dv, at + 3 * step);
        FloatVector v10 = FloatVector.fromArray(S, dv, at + 4 * step);
        FloatVector v11 = FloatVector.fromArray(S, dv, at + 5 * step);
        FloatVector v12 = FloatVector.fromArray(S, dv, at + 6 * step);
        FloatVector v13 = FloatVector.fromArray(S, dv, at + 7 * step);
        FloatVector v20 = FloatVector.fromArray(S, dv, at + 8 * step);
        FloatVector v21 = FloatVector.fromArray(S, dv, at + 9 * step);
        FloatVector v22 = FloatVector.fromArray(S, dv, at + 10 * step);
        FloatVector v23 = FloatVector.fromArray(S, dv, at + 11 * step);
        FloatVector v30 = FloatVector.fromArray(S, dv, at + 12 * step);
        FloatVector v31 = FloatVector.fromArray(S, dv, at + 13 * step);
        FloatVector v32 = FloatVector.fromArray(S, dv, at + 14 * step);
        FloatVector v33 = FloatVector.fromArray(S, dv, at + 15 * step);
        // Row a of B·∂E/∂V, (e0, e1, e2, e3), adds (e0, e1 − e2 + e3, e1 + e2 − e0, −e3) (its product
        // with Bᵀ) to input row a; written out row by row, no vector chosen by a condition.
        FloatVector e0, e1, e2, e3;
        int r = to;
        e0 = v00;
        e1 = v01;
        e2 = v02;
        e3 = v03;
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
        r += row;
        e0 = v10.sub(v20).add(v30);
        e1 = v11.sub(v21).add(v31);
        e2 = v12.sub(v22).add(v32);
        e3 = v13.sub(v23).add(v33);
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
        r += row;
        e0 = v10.add(v20).sub(v00);
        e1 = v11.add(v21).sub(v01);
        e2 = v12.add(v22).sub(v02);
        e3 = v13.add(v23).sub(v03);
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
        r += row;
        e0 = v30.neg();
        e1 = v31.neg();
        e2 = v32.neg();
        e3 = v33.neg();
        FloatVector.fromArray(S, image, r).add(e0).intoArray(image, r);
        FloatVector.fromArray(S, image, r + c).add(e1.sub(e2).add(e3)).intoArray(image, r + c);
        FloatVector.fromArray(S, image, r + 2 * c).add(e1.add(e2).sub(e0)).intoArray(image, r + 2 * c);
        FloatVector.fromArray(S, image, r + 3 * c).sub(e3).intoArray(image, r + 3 * c);
    }

    /**
     * Row i of G·g, then that row times Gᵀ, four ξ at a time over all kernels: writing all 16 ξ
     * of one kernel at once would write 16 streams 4·pairs bytes apart, which fall in the same few
     * sets of L1.
     */
    @Override
    public void transformWeights(ConvShape s, float[] w, boolean forward, float[] u) {
        int f = s.outChannels(), c = s.inChannels(), pairs = f * c;
        int oStep = forward ? 1 : c, cStep = forward ? f : 1;
        for (int i = 0; i < 4; i++) {
            for (int o = 0, k = 0; o < f; o++) {
                for (int ch = 0, at = 4 * i * pairs + o * oStep; ch < c; ch++, k += 9, at += cStep) {
                    float a = g(i, w[k], w[k + 3], w[k + 6]);
                    float b = g(i, w[k + 1], w[k + 4], w[k + 7]);
                    float d = g(i, w[k + 2], w[k + 5], w[k + 8]);
                    u[at] = a;
                    u[at + pairs] = 0.5f * (a + b + d);
                    u[at + 2 * pairs] = 0.5f * (a - b + d);
                    u[at + 3 * pairs] = d;
                }
            }
        }
    }

    /** Row i of G times three values: G = [1 0 0; ½ ½ ½; ½ −½ ½; 0 0 1]. */
    private static float g(int i, float v0, float v1, float v2) {
        return switch (i) {
            case 0 -> v0;
            case 1 -> 0.5f * (v0 + v1 + v2);
            case 2 -> 0.5f * (v0 - v1 + v2);
            default -> v2;
        };
    }

    @Override
    public void transformWeightGradient(ConvShape s, float[] du, float[] dw) {
        int pairs = s.outChannels() * s.inChannels();
        for (int at = 0, k = 0; at < pairs; at++, k += 9) {
            for (int r = 0; r < 3; r++) {
                float p0 = gt(r, du[at], du[4 * pairs + at], du[8 * pairs + at], du[12 * pairs + at]);
                float p1 = gt(r, du[pairs + at], du[5 * pairs + at], du[9 * pairs + at], du[13 * pairs + at]);
                float p2 = gt(r, du[2 * pairs + at], du[6 * pairs + at], du[10 * pairs + at], du[14 * pairs + at]);
                float p3 = gt(r, du[3 * pairs + at], du[7 * pairs + at], du[11 * pairs + at], du[15 * pairs + at]);
                for (int q = 0; q < 3; q++) {
                    dw[k + 3 * r + q] += gt(q, p0, p1, p2, p3);
                }
            }
        }
    }

    /** Row r of Gᵀ times four values: Gᵀ = [1 ½ ½ 0; 0 ½ −½ 0; 0 ½ ½ 1]. */
    private static float gt(int r, float v0, float v1, float v2, float v3) {
        return switch (r) {
            case 0 -> v0 + 0.5f * (v1 + v2);
            case 1 -> 0.5f * (v1 - v2);
            default -> 0.5f * (v1 + v2) + v3;
        };
    }
}
