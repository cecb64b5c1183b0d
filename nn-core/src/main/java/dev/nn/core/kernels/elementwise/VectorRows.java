package dev.nn.core.kernels.elementwise;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Row copies between the narrow rows of an output plane (outWidth values each) and rows that lie
 * further apart (a convolution's wide rows, a padded image's rows), with a shift, ReLU or ReLU's
 * derivative applied on the way: the moves of data that convolution and pooling kernels make
 * around their products. Whole vectors without masks wherever the layout leaves room for them
 * (each method says what room it needs), because masked tails took most of the time of rows as
 * short as 11 values.
 */
public final class VectorRows {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorRows() {
    }

    /**
     * {@code y[yOff + r·n + i] = x[xOff + r·xStride + i] + s}, then max(0, ·) with {@code relu},
     * for r < rows and i < n: rows of x, xStride ≥ n apart, into consecutive rows of y (the
     * narrowing copy of a convolution, for every output plane). Without masks, whose tails were most
     * of the time of 11-wide rows: rows of at least one vector end with a whole vector placed at
     * n − L, which rewrites a few values with the same results; shorter rows of at least L/2 are
     * written as one whole vector each, its last L − n lanes garbage that the next row overwrites,
     * and the last row one value at a time. x must be readable L − n values past each row.
     */
    public static void addScalarRows(int rows, int n, float s, boolean relu, float[] x, int xOff, int xStride,
                              float[] y, int yOff) {
        narrowRows(rows, n, true, s, relu, false, x, xOff, xStride, y, yOff);
    }

    /**
     * {@code y[yOff + r·n + i] = x[xOff + r·xStride + i]}: {@link #addScalarRows} without the
     * shift (the inputs of a convolution's outputs for one tap, into a row of columns), with the
     * same whole vectors and the same room needed past each row of x. With {@code spill}, the last
     * row of L/2 ≤ n < L values is a whole vector too: then x must be readable, and y writable,
     * L − n values past the last row as well.
     */
    public static void copyRows(int rows, int n, boolean spill, float[] x, int xOff, int xStride, float[] y, int yOff) {
        narrowRows(rows, n, false, 0f, false, spill, x, xOff, xStride, y, yOff);
    }

    private static void narrowRows(int rows, int n, boolean shift, float s, boolean relu, boolean spill, float[] x,
                                   int xOff, int xStride, float[] y, int yOff) {
        int r = 0;
        if (n >= L) {
            for (; r < rows; r++) {
                for (int i = 0; ; i += L) {
                    int at = Math.min(i, n - L);
                    FloatVector v = FloatVector.fromArray(S, x, xOff + r * xStride + at);
                    v = shift ? v.add(s) : v;
                    (relu ? v.max(0f) : v).intoArray(y, yOff + r * n + at);
                    if (at == n - L) {
                        break;
                    }
                }
            }
        } else if (2 * n >= L) {
            for (int end = spill ? rows : rows - 1; r < end; r++) {
                FloatVector v = FloatVector.fromArray(S, x, xOff + r * xStride);
                v = shift ? v.add(s) : v;
                (relu ? v.max(0f) : v).intoArray(y, yOff + r * n);
            }
        }
        for (; r < rows; r++) {
            for (int i = 0; i < n; i++) {
                float v = shift ? x[xOff + r * xStride + i] + s : x[xOff + r * xStride + i];
                y[yOff + r * n + i] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /**
     * The inverse of the narrowing copy: consecutive rows of n values of x into rows yStride ≥ n
     * apart in y, {@code y[yOff + r·yStride + i] = x[xOff + r·n + i]}, with zeros in the
     * yStride − n values after each row but the last (a convolution's gradient into wide rows);
     * with {@code relu} (a forward output laid out like x), zero where relu is not positive, as
     * {@link VectorElementwise#reluBackward}. Rows of n ≥ L/2 and gaps that end within a vector are written as one
     * whole vector each, its lanes past the row zeroed and those past the gap overwritten by the
     * next row; 11-wide rows cost one arraycopy and one fill each otherwise.
     */
    public static void spreadRows(int rows, int n, int yStride, float[] x, float[] relu, int xOff, float[] y, int yOff) {
        int r = 0;
        if (n < L && 2 * n >= L && yStride <= L) {
            VectorMask<Float> row = S.indexInRange(0, n);
            for (; r < rows - 1; r++) {
                VectorMask<Float> keep = row;
                if (relu != null) {
                    keep = keep.and(FloatVector.fromArray(S, relu, xOff + r * n).compare(VectorOperators.GT, 0f));
                }
                FloatVector.fromArray(S, x, xOff + r * n).blend(0f, keep.not()).intoArray(y, yOff + r * yStride);
            }
        }
        for (; r < rows; r++) {
            int from = xOff + r * n, to = yOff + r * yStride;
            if (relu == null) {
                System.arraycopy(x, from, y, to, n);
            } else {
                VectorElementwise.INSTANCE.reluBackward(n, relu, from, x, from, y, to);
            }
            if (r < rows - 1) {
                Arrays.fill(y, to + n, to + yStride, 0f);
            }
        }
    }
}
