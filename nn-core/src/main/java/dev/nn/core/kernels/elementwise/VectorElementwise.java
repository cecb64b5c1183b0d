package dev.nn.core.kernels.elementwise;

import dev.nn.core.runtime.FloatScratch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise kernels ({@link ElementwiseKernels}) on the Vector API.
 *
 * <p>Each loop runs unmasked over whole vectors and ends with one masked vector for the last
 * {@code n mod L} elements, so each loop body appears twice, without and with the mask: masking
 * every step, or one masked body called with an all-true mask, runs several times slower,
 * because C2 does not turn a mask it cannot see through back into a plain load and store.
 *
 * <p>The species and every {@link VectorOperators} operator are constants at their call sites: passed
 * as parameters they make the Vector API fall back to a scalar loop slower than {@link Math#tanh}.
 */
public final class VectorElementwise implements ElementwiseKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /**
     * Rows that {@link #gatherRows} copies side by side. A shuffled batch's rows lie far apart in a
     * large data set, so each starts with cache and TLB misses; copying one row after another waits
     * for one row's memory at a time, while copying a vector of each of several rows in turn keeps
     * that many streams in flight. Eight ran fastest of 4, 8, 16 and 32 on 3 KiB rows; more
     * streams than the L2's prefetchers track lose again.
     */
    private static final int GATHER_STREAMS = 8;
    /** A vector's lanes, summed in order by {@link #sumLanes}. */
    private static final FloatScratch LANES = new FloatScratch();

    /** The one instance: the class holds no state. */
    public static final VectorElementwise INSTANCE = new VectorElementwise();

    private VectorElementwise() {
    }

    @Override
    public void add(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(out, outOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, a, aOff + i, m).add(FloatVector.fromArray(S, b, bOff + i, m)).intoArray(out, outOff + i, m);
        }
    }

    /** One fused multiply-add per element: a single rounding where the scalar twin has two. */
    @Override
    public void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        FloatVector av = FloatVector.broadcast(S, alpha);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, x, xOff + i).fma(av, FloatVector.fromArray(S, y, yOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).fma(av, FloatVector.fromArray(S, y, yOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void scale(int n, float alpha, float[] x, int xOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, x, xOff + i).mul(alpha).intoArray(x, xOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).mul(alpha).intoArray(x, xOff + i, m);
        }
    }

    @Override
    public void addRowVector(int rows, int cols, float[] v, int vOff, float[] y, int yOff) {
        for (int r = 0, row = yOff; r < rows; r++, row += cols) {
            add(cols, y, row, v, vOff, y, row);
        }
    }

    /**
     * One strip of L columns at a time, its sums kept in a register down all the rows: each row
     * is added in the same order as in the scalar twin, so the results are identical.
     */
    @Override
    public void sumRows(int rows, int cols, float[] x, int xOff, float[] out, int outOff) {
        int j = 0;
        for (int end = S.loopBound(cols); j < end; j += L) {
            FloatVector acc = FloatVector.fromArray(S, out, outOff + j);
            for (int r = 0, p = xOff + j; r < rows; r++, p += cols) {
                acc = acc.add(FloatVector.fromArray(S, x, p));
            }
            acc.intoArray(out, outOff + j);
        }
        if (j < cols) {
            VectorMask<Float> m = S.indexInRange(j, cols);
            FloatVector acc = FloatVector.fromArray(S, out, outOff + j, m);
            for (int r = 0, p = xOff + j; r < rows; r++, p += cols) {
                acc = acc.add(FloatVector.fromArray(S, x, p, m));
            }
            acc.intoArray(out, outOff + j, m);
        }
    }

    @Override
    public void addChannelBias(int batch, int channels, int plane, float[] bias, int bOff, float[] y, int yOff) {
        for (int n = 0, p = yOff; n < batch; n++) {
            for (int c = 0; c < channels; c++, p += plane) {
                addScalar(plane, bias[bOff + c], y, p, y, p);
            }
        }
    }

    /** {@code y[i] = x[i] + s} for i in [0, n); y may be x. */
    void addScalar(int n, float s, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, x, xOff + i).add(s).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).add(s).intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void sumChannels(int batch, int channels, int plane, float[] x, int xOff, float[] out, int outOff) {
        for (int n = 0, p = xOff; n < batch; n++) {
            for (int c = 0; c < channels; c++, p += plane) {
                out[outOff + c] += sum(plane, x, p);
            }
        }
    }

    /** Σ x[off .. off+n), in L lanes reduced once at the end (reducing inside the loop is slow). */
    private float sum(int n, float[] x, int off) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            acc = acc.add(FloatVector.fromArray(S, x, off + i));
        }
        if (i < n) {
            // Lanes past the end load as 0 and leave the sums unchanged.
            acc = acc.add(FloatVector.fromArray(S, x, off + i, S.indexInRange(i, n)));
        }
        float[] lanes = LANES.get(L);
        acc.intoArray(lanes, 0);
        return sumLanes(lanes, 0);
    }

    /**
     * The sum of a vector's lanes, added in lane order. {@code reduceLanes(ADD)} leaves the order to
     * the implementation, and the JIT's order differs from the interpreter's: the same batch would
     * then round differently before and after compilation, and training would not repeat bit for
     * bit. The vector goes through a scratch array rather than a parameter: a vector passed to a
     * method that is not inlined is boxed, and in a loop C2 then boxes on every trip.
     */
    public static float sumLanes(float[] lanes, int off) {
        float s = 0f;
        for (int i = 0; i < L; i++) {
            s += lanes[off + i];
        }
        return s;
    }

    /** tanh by {@link VectorMath#tanh}, which rounds the same compiled or not. */
    @Override
    public void tanh(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void tanhBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(one.sub(v.mul(v))).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, y, yOff + i, m);
            FloatVector.fromArray(S, dy, dyOff + i, m).mul(one.sub(v.mul(v))).intoArray(dx, dxOff + i, m);
        }
    }

    @Override
    public void sigmoid(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            sigmoid(FloatVector.fromArray(S, x, xOff + i, m)).intoArray(y, yOff + i, m);
        }
    }

    /**
     * σ(x) from e = e^−|x|, which lies in (0, 1] and cannot overflow: 1/(1+e) for x ≥ 0 and
     * e/(1+e) for x &lt; 0. Within 2 ulps of the double-precision result everywhere, subnormal
     * results included. The float form 1/(1+e^−x) loses its accuracy below x ≈ −88.7, where e^−x
     * overflows; 0.5 + 0.5·tanh(x/2) rounds everything below x ≈ −17 to 0.
     */
    private FloatVector sigmoid(FloatVector x) {
        FloatVector e = VectorMath.expNonPositive(x.abs().neg());
        FloatVector numerator = FloatVector.broadcast(S, 1f).blend(e, x.compare(VectorOperators.LT, 0f));
        return numerator.div(e.add(1f));
    }

    @Override
    public void sigmoidBackward(int n, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).mul(v).mul(one.sub(v)).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, y, yOff + i, m);
            FloatVector.fromArray(S, dy, dyOff + i, m).mul(v).mul(one.sub(v)).intoArray(dx, dxOff + i, m);
        }
    }

    /**
     * x·0 is ±0 for every finite x and NaN for NaN and ±∞, so one multiply and one compare test a
     * whole vector; the scalar twin finds the first bad lane of a vector that has one.
     */
    @Override
    public int firstNonFinite(int n, float[] x, int xOff) {
        int i = 0;
        // x·0 is ±0 for finite x and NaN for NaN and ±∞, and a sum is NaN if a term is: one test
        // per four vectors, as a test and branch per vector took twice as long as the loads.
        for (int end = n - 4 * L; i <= end; i += 4 * L) {
            FloatVector a = FloatVector.fromArray(S, x, xOff + i).mul(0f)
                    .add(FloatVector.fromArray(S, x, xOff + i + L).mul(0f));
            FloatVector b = FloatVector.fromArray(S, x, xOff + i + 2 * L).mul(0f)
                    .add(FloatVector.fromArray(S, x, xOff + i + 3 * L).mul(0f));
            if (a.add(b).compare(VectorOperators.NE, 0f).anyTrue()) {
                return i + ScalarElementwise.INSTANCE.firstNonFinite(4 * L, x, xOff + i);
            }
        }
        for (int end = S.loopBound(n); i < end; i += L) {
            if (FloatVector.fromArray(S, x, xOff + i).mul(0f).compare(VectorOperators.NE, 0f).anyTrue()) {
                return i + ScalarElementwise.INSTANCE.firstNonFinite(L, x, xOff + i);
            }
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            if (FloatVector.fromArray(S, x, xOff + i, m).mul(0f).compare(VectorOperators.NE, 0f, m).anyTrue()) {
                return i + ScalarElementwise.INSTANCE.firstNonFinite(n - i, x, xOff + i);
            }
        }
        return -1;
    }

    @Override
    public void relu(int n, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, x, xOff + i).max(0f).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector.fromArray(S, x, xOff + i, m).max(0f).intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void reluBackward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, dyOff + i), positive).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i, m).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, dy, dyOff + i, m), positive).intoArray(dx, dxOff + i, m);
        }
    }

    @Override
    public void leakyRelu(int n, float slope, float[] x, int xOff, float[] y, int yOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector v = FloatVector.fromArray(S, x, xOff + i);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector v = FloatVector.fromArray(S, x, xOff + i, m);
            v.mul(slope).blend(v, v.compare(VectorOperators.GT, 0f)).intoArray(y, yOff + i, m);
        }
    }

    @Override
    public void leakyReluBackward(int n, float slope, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i).compare(VectorOperators.GT, 0f);
            FloatVector g = FloatVector.fromArray(S, dy, dyOff + i);
            g.mul(slope).blend(g, positive).intoArray(dx, dxOff + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i, m).compare(VectorOperators.GT, 0f);
            FloatVector g = FloatVector.fromArray(S, dy, dyOff + i, m);
            g.mul(slope).blend(g, positive).intoArray(dx, dxOff + i, m);
        }
    }

    @Override
    public void softmaxRows(int rows, int cols, float[] x, int xOff, float[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            softmaxRow(cols, x, xOff + r * cols, y, yOff + r * cols);
        }
    }

    /** y = e^(x − max x) / Σ e^(x − max x): the largest power is e^0, so nothing overflows. */
    private void softmaxRow(int n, float[] x, int xOff, float[] y, int yOff) {
        FloatVector maxes = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            maxes = maxes.max(FloatVector.fromArray(S, x, xOff + i));
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            // Masked so that the zeros loaded past the end cannot become the maximum.
            maxes = maxes.lanewise(VectorOperators.MAX, FloatVector.fromArray(S, x, xOff + i, m), m);
        }
        float max = maxes.reduceLanes(VectorOperators.MAX);

        FloatVector sums = FloatVector.zero(S);
        i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector e = VectorMath.expNonPositive(FloatVector.fromArray(S, x, xOff + i).sub(max));
            e.intoArray(y, yOff + i);
            sums = sums.add(e);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            // Lanes past the end hold e^(0 − max) ≠ 0: masked out of the sum.
            FloatVector e = VectorMath.expNonPositive(FloatVector.fromArray(S, x, xOff + i, m).sub(max));
            e.intoArray(y, yOff + i, m);
            sums = sums.add(e, m);
        }
        float[] lanes = LANES.get(L);
        sums.intoArray(lanes, 0);
        scale(n, 1f / sumLanes(lanes, 0), y, yOff);
    }

    @Override
    public void softmaxRowsBackward(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int r = 0; r < rows; r++) {
            int yr = yOff + r * cols, dyr = dyOff + r * cols, dxr = dxOff + r * cols;
            float dot = dot(cols, dy, dyr, y, yr);
            int j = 0;
            for (int end = S.loopBound(cols); j < end; j += L) {
                FloatVector g = FloatVector.fromArray(S, dy, dyr + j).sub(dot);
                FloatVector.fromArray(S, y, yr + j).mul(g).intoArray(dx, dxr + j);
            }
            if (j < cols) {
                VectorMask<Float> m = S.indexInRange(j, cols);
                FloatVector g = FloatVector.fromArray(S, dy, dyr + j, m).sub(dot);
                FloatVector.fromArray(S, y, yr + j, m).mul(g).intoArray(dx, dxr + j, m);
            }
        }
    }

    /** Σ a[aOff + i]·b[bOff + i] for i in [0, n). */
    private float dot(int n, float[] a, int aOff, float[] b, int bOff) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            acc = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            acc = FloatVector.fromArray(S, a, aOff + i, m).fma(FloatVector.fromArray(S, b, bOff + i, m), acc);
        }
        float[] lanes = LANES.get(L);
        acc.intoArray(lanes, 0);
        return sumLanes(lanes, 0);
    }

    @Override
    public void gatherRows(int rows, int cols, float[] src, int[] index, int indexOff, float[] dst, int dstOff) {
        int whole = S.loopBound(cols);
        for (int r0 = 0; r0 < rows; r0 += GATHER_STREAMS) {
            int r1 = Math.min(rows, r0 + GATHER_STREAMS);
            for (int j = 0; j < whole; j += L) {
                for (int r = r0; r < r1; r++) {
                    FloatVector.fromArray(S, src, index[indexOff + r] * cols + j).intoArray(dst, dstOff + r * cols + j);
                }
            }
            // The last cols mod L values of each row, unmasked: a masked vector that would reach
            // past the end of an array (the last rows of a data set) runs a slow path that allocates.
            if (whole < cols) {
                for (int r = r0; r < r1; r++) {
                    System.arraycopy(src, index[indexOff + r] * cols + whole, dst, dstOff + r * cols + whole, cols - whole);
                }
            }
        }
    }
}
