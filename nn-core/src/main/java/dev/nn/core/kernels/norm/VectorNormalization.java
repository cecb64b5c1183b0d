package dev.nn.core.kernels.norm;

import dev.nn.core.kernels.elementwise.VectorElementwise;
import dev.nn.core.runtime.FloatScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalization on the Vector API. Features of dense layers (s = 1) lie side by side in each
 * row, so L channels are summed at a time down the rows, each lane in the scalar twin's order (the
 * same sums to the bit). Image planes (s &gt; 1) are contiguous, so each plane is summed L values at
 * a time and the lanes then added in lane order (the same compiled or not), another order than the
 * scalar twin's. Elementwise passes run L values of a
 * plane, or L channels of a row, at a time, with the scalar twin's fused multiply-adds.
 */
public final class VectorNormalization implements NormalizationKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** A vector's lanes, summed in lane order by {@link VectorElementwise#sumLanes} (see why there). */
    private static final FloatScratch LANES = new FloatScratch();

    /** The one instance: the class holds no state. */
    public static final VectorNormalization INSTANCE = new VectorNormalization();

    private VectorNormalization() {
    }

    @Override
    public void moments(int n, int c, int s, float[] x, float[] mean, float[] variance) {
        if (s == 1) {
            featureMoments(n, c, x, mean, variance);
            return;
        }
        float count = (float) n * s;
        for (int ch = 0; ch < c; ch++) {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += planeSum(x, (i * c + ch) * s, s);
            }
            float m = sum / count, squares = 0f;
            for (int i = 0; i < n; i++) {
                squares += planeSquares(x, (i * c + ch) * s, s, m);
            }
            mean[ch] = m;
            variance[ch] = squares / count;
        }
    }

    /** Dense features: L channels at a time, down the rows, as the scalar twin sums each. */
    private static void featureMoments(int n, int c, float[] x, float[] mean, float[] variance) {
        float count = n;
        int ch = 0;
        for (; ch <= c - L; ch += L) {
            FloatVector sum = FloatVector.zero(S);
            for (int i = 0; i < n; i++) {
                sum = sum.add(FloatVector.fromArray(S, x, i * c + ch));
            }
            FloatVector m = sum.div(count), squares = FloatVector.zero(S);
            for (int i = 0; i < n; i++) {
                FloatVector centered = FloatVector.fromArray(S, x, i * c + ch).sub(m);
                squares = centered.fma(centered, squares);
            }
            m.intoArray(mean, ch);
            squares.div(count).intoArray(variance, ch);
        }
        if (ch < c) {
            tail(n, c, ch, x, mean, variance);
        }
    }

    /** The channels from {@code first} on, which fill no whole vector, as the scalar twin computes them. */
    private static void tail(int n, int c, int first, float[] x, float[] mean, float[] variance) {
        float count = n;
        for (int ch = first; ch < c; ch++) {
            float sum = 0f;
            for (int i = 0; i < n; i++) {
                sum += x[i * c + ch];
            }
            float m = sum / count, squares = 0f;
            for (int i = 0; i < n; i++) {
                float centered = x[i * c + ch] - m;
                squares = Math.fma(centered, centered, squares);
            }
            mean[ch] = m;
            variance[ch] = squares / count;
        }
    }

    private static float planeSum(float[] x, int from, int s) {
        FloatVector sums = FloatVector.zero(S);
        int e = from, end = from + s;
        for (; e <= end - L; e += L) {
            sums = sums.add(FloatVector.fromArray(S, x, e));
        }
        float sum = inOrder(sums);
        for (; e < end; e++) {
            sum += x[e];
        }
        return sum;
    }

    private static float planeSquares(float[] x, int from, int s, float mean) {
        FloatVector sums = FloatVector.zero(S);
        int e = from, end = from + s;
        for (; e <= end - L; e += L) {
            FloatVector centered = FloatVector.fromArray(S, x, e).sub(mean);
            sums = centered.fma(centered, sums);
        }
        float sum = inOrder(sums);
        for (; e < end; e++) {
            float centered = x[e] - mean;
            sum = Math.fma(centered, centered, sum);
        }
        return sum;
    }

    @Override
    public void scaleShift(int n, int c, int s, float[] x, float[] scale, float[] shift, float[] y) {
        for (int i = 0; i < n; i++) {
            if (s == 1) {
                int row = i * c, ch = 0;
                for (; ch <= c - L; ch += L) {
                    FloatVector.fromArray(S, x, row + ch)
                            .fma(FloatVector.fromArray(S, scale, ch), FloatVector.fromArray(S, shift, ch))
                            .intoArray(y, row + ch);
                }
                for (; ch < c; ch++) {
                    y[row + ch] = Math.fma(x[row + ch], scale[ch], shift[ch]);
                }
                continue;
            }
            for (int ch = 0; ch < c; ch++) {
                float a = scale[ch], b = shift[ch];
                int e = (i * c + ch) * s, end = e + s;
                for (; e <= end - L; e += L) {
                    FloatVector.fromArray(S, x, e).fma(a, b).intoArray(y, e);
                }
                for (; e < end; e++) {
                    y[e] = Math.fma(x[e], a, b);
                }
            }
        }
    }

    @Override
    public void gradientSums(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] sumDy,
                             float[] sumDyCentered) {
        if (s == 1) {
            int ch = 0;
            for (; ch <= c - L; ch += L) {
                FloatVector m = FloatVector.fromArray(S, mean, ch), g = FloatVector.zero(S), gc = g;
                for (int i = 0; i < n; i++) {
                    FloatVector d = FloatVector.fromArray(S, dy, i * c + ch);
                    g = g.add(d);
                    gc = d.fma(FloatVector.fromArray(S, x, i * c + ch).sub(m), gc);
                }
                g.intoArray(sumDy, ch);
                gc.intoArray(sumDyCentered, ch);
            }
            for (; ch < c; ch++) {
                float m = mean[ch], g = 0f, gc = 0f;
                for (int i = 0; i < n; i++) {
                    g += dy[i * c + ch];
                    gc = Math.fma(dy[i * c + ch], x[i * c + ch] - m, gc);
                }
                sumDy[ch] = g;
                sumDyCentered[ch] = gc;
            }
            return;
        }
        for (int ch = 0; ch < c; ch++) {
            float m = mean[ch], g = 0f, gc = 0f;
            for (int i = 0; i < n; i++) {
                FloatVector gs = FloatVector.zero(S), gcs = gs;
                int e = (i * c + ch) * s, end = e + s;
                for (; e <= end - L; e += L) {
                    FloatVector d = FloatVector.fromArray(S, dy, e);
                    gs = gs.add(d);
                    gcs = d.fma(FloatVector.fromArray(S, x, e).sub(m), gcs);
                }
                float pg = inOrder(gs), pgc = inOrder(gcs);
                for (; e < end; e++) {
                    pg += dy[e];
                    pgc = Math.fma(dy[e], x[e] - m, pgc);
                }
                g += pg;
                gc += pgc;
            }
            sumDy[ch] = g;
            sumDyCentered[ch] = gc;
        }
    }

    @Override
    public void inputGradient(int n, int c, int s, float[] dy, float[] x, float[] mean, float[] a, float[] b, float[] d,
                              float[] dx) {
        for (int i = 0; i < n; i++) {
            if (s == 1) {
                int row = i * c, ch = 0;
                for (; ch <= c - L; ch += L) {
                    FloatVector centered = FloatVector.fromArray(S, x, row + ch).sub(FloatVector.fromArray(S, mean, ch));
                    FloatVector inner = FloatVector.fromArray(S, b, ch).fma(centered, FloatVector.fromArray(S, d, ch));
                    FloatVector.fromArray(S, a, ch).fma(FloatVector.fromArray(S, dy, row + ch), inner).intoArray(dx, row + ch);
                }
                for (; ch < c; ch++) {
                    dx[row + ch] = Math.fma(a[ch], dy[row + ch], Math.fma(b[ch], x[row + ch] - mean[ch], d[ch]));
                }
                continue;
            }
            for (int ch = 0; ch < c; ch++) {
                float m = mean[ch], ac = a[ch], bc = b[ch], dc = d[ch];
                FloatVector av = FloatVector.broadcast(S, ac);
                int e = (i * c + ch) * s, end = e + s;
                for (; e <= end - L; e += L) {
                    FloatVector inner = FloatVector.fromArray(S, x, e).sub(m).fma(bc, dc);
                    FloatVector.fromArray(S, dy, e).fma(av, inner).intoArray(dx, e);
                }
                for (; e < end; e++) {
                    dx[e] = Math.fma(ac, dy[e], Math.fma(bc, x[e] - m, dc));
                }
            }
        }
    }

    /** The lanes' sum in lane order: {@code reduceLanes(ADD)}'s order differs between the interpreter and the JIT. */
    private static float inOrder(FloatVector v) {
        float[] lanes = LANES.get(L);
        v.intoArray(lanes, 0);
        return VectorElementwise.sumLanes(lanes, 0);
    }
}
