package dev.nn.core.kernels.pool;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Average pooling on the Vector API, for {@link VectorPooling}. Window averages take L adjacent
 * outputs of an output row at a time and gather each window tap for the L windows through
 * {@link VectorPooling#STRIDE_MAPS}, adding the taps in row-major order as {@link ScalarPooling}
 * does, so that both give the same sums to the bit. The last vector of a row is masked: its lanes
 * past the row would otherwise write into inputs that no window covers, which must stay zero in
 * the backward pass. A gather checks the bounds of its masked lanes too, so the last windows of the
 * batch, whose L lanes would reach past the end of x, take the scalar loop.
 */
final class VectorAvgPooling {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorAvgPooling() {
    }

    /** Each window's mean, strides up to {@link VectorPooling#MAX_GATHER_STRIDE}; larger ones run the scalar loop. */
    static void forward(int planes, int h, int w, int pool, int stride, float[] x, float[] y) {
        if (stride > VectorPooling.MAX_GATHER_STRIDE) {
            ScalarPooling.INSTANCE.avgPoolForward(planes, h, w, pool, stride, x, y);
            return;
        }
        int oh = PoolingKernels.outputSize(h, pool, stride), ow = PoolingKernels.outputSize(w, pool, stride);
        int[] map = VectorPooling.STRIDE_MAPS[stride];
        float count = pool * pool;
        long lastCorner = lastCorner(planes * h * w, w, pool, stride);
        for (int p = 0, o = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++, o += ow) {
                int row = (p * h + i * stride) * w;
                int j = 0;
                for (; j < ow && row + j * stride <= lastCorner; j += L) {
                    VectorMask<Float> inRow = S.indexInRange(j, ow);
                    int corner = row + j * stride;
                    FloatVector sum = FloatVector.zero(S);
                    for (int a = 0; a < pool; a++) {
                        for (int b = 0; b < pool; b++) {
                            sum = sum.add(FloatVector.fromArray(S, x, corner + a * w + b, map, 0, inRow));
                        }
                    }
                    sum.div(count).intoArray(y, o + j, inRow);
                }
                for (; j < ow; j++) {
                    y[o + j] = ScalarPooling.sumOfWindow(x, row + j * stride, w, pool) / count;
                }
            }
        }
    }

    /** The last window corner from which the gathers of L windows {@code stride} apart stay inside x. */
    private static long lastCorner(int size, int w, int pool, int stride) {
        return (long) size - (long) (L - 1) * stride - (long) (pool - 1) * w - pool;
    }

    /**
     * The backward pass of windows that do not overlap (stride ≥ pool), whose inputs each take the
     * gradient of one window at most: one scatter per window tap for L windows. Overlapping windows
     * run the scalar loop, whose sums of several windows' gradients a vector order would change.
     */
    static void backward(int planes, int h, int w, int pool, int stride, float[] dy, float[] dx) {
        if (stride < pool || stride > VectorPooling.MAX_GATHER_STRIDE) {
            ScalarPooling.INSTANCE.avgPoolBackward(planes, h, w, pool, stride, dy, dx);
            return;
        }
        int oh = PoolingKernels.outputSize(h, pool, stride), ow = PoolingKernels.outputSize(w, pool, stride);
        int[] map = VectorPooling.STRIDE_MAPS[stride];
        float count = pool * pool;
        Arrays.fill(dx, 0, planes * h * w, 0f);
        long lastCorner = lastCorner(planes * h * w, w, pool, stride);
        for (int p = 0, o = 0; p < planes; p++) {
            for (int i = 0; i < oh; i++, o += ow) {
                int row = (p * h + i * stride) * w;
                int j = 0;
                for (; j < ow && row + j * stride <= lastCorner; j += L) {
                    VectorMask<Float> inRow = S.indexInRange(j, ow);
                    int corner = row + j * stride;
                    // + 0: the scalar twin adds the gradient onto a zero, which turns −0 into +0.
                    FloatVector g = FloatVector.fromArray(S, dy, o + j, inRow).div(count).add(0f);
                    for (int a = 0; a < pool; a++) {
                        for (int b = 0; b < pool; b++) {
                            g.intoArray(dx, corner + a * w + b, map, 0, inRow);
                        }
                    }
                }
                for (; j < ow; j++) {
                    ScalarPooling.addToWindow(dx, row + j * stride, w, pool, dy[o + j] / count);
                }
            }
        }
    }

    /** Each plane of dx filled with its output's gradient over the plane's size. */
    static void globalBackward(int planes, int size, float[] dy, float[] dx) {
        for (int p = 0; p < planes; p++) {
            float g = dy[p] / size;
            FloatVector v = FloatVector.broadcast(S, g);
            int e = p * size, end = e + size;
            for (; e <= end - L; e += L) {
                v.intoArray(dx, e);
            }
            for (; e < end; e++) {
                dx[e] = g;
            }
        }
    }
}
