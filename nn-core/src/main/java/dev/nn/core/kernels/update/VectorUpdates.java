package dev.nn.core.kernels.update;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/** The update rules ({@link UpdateKernels}) on the Vector API: whole vectors, then one masked vector for the tail. */
public final class VectorUpdates implements UpdateKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Doubles for {@link #sumOfSquares}, and the floats of half the width that widen into them lane for lane. */
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> HALF = VectorSpecies.of(float.class,
            VectorShape.forBitSize(D.vectorBitSize() / 2));
    private static final int DL = D.length();

    /** The one instance: the class holds no state. */
    public static final VectorUpdates INSTANCE = new VectorUpdates();

    private VectorUpdates() {
    }

    @Override
    public void sgd(int n, float lr, float wd, float[] w, float[] g) {
        FloatVector decay = FloatVector.broadcast(S, wd);
        FloatVector rate = FloatVector.broadcast(S, -lr);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            wv.fma(decay, FloatVector.fromArray(S, g, i)).fma(rate, wv).intoArray(w, i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector wv = FloatVector.fromArray(S, w, i, k);
            wv.fma(decay, FloatVector.fromArray(S, g, i, k)).fma(rate, wv).intoArray(w, i, k);
        }
    }

    @Override
    public void momentum(int n, float lr, float mu, float wd, boolean nesterov, float[] w, float[] g, float[] v) {
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector decay = FloatVector.broadcast(S, wd);
        FloatVector rate = FloatVector.broadcast(S, -lr);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector wv = FloatVector.fromArray(S, w, i);
            FloatVector dv = wv.fma(decay, FloatVector.fromArray(S, g, i));
            FloatVector vv = flush(FloatVector.fromArray(S, v, i).fma(muV, dv));
            vv.intoArray(v, i);
            FloatVector step = nesterov ? vv.fma(muV, dv) : vv;
            step.fma(rate, wv).intoArray(w, i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector wv = FloatVector.fromArray(S, w, i, k);
            FloatVector dv = wv.fma(decay, FloatVector.fromArray(S, g, i, k));
            FloatVector vv = flush(FloatVector.fromArray(S, v, i, k).fma(muV, dv));
            vv.intoArray(v, i, k);
            FloatVector step = nesterov ? vv.fma(muV, dv) : vv;
            step.fma(rate, wv).intoArray(w, i, k);
        }
    }

    @Override
    public void adam(int n, float decay, float stepSize, float beta1, float beta2, float eps, float[] w, float[] g,
                     float[] m, float[] v) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = flush(FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(1 - beta1)));
            FloatVector vv = flush(FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(1 - beta2).mul(gv)));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector update = mv.mul(stepSize).div(vv.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i).mul(decay).sub(update).intoArray(w, i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector gv = FloatVector.fromArray(S, g, i, k);
            FloatVector mv = flush(FloatVector.fromArray(S, m, i, k).mul(beta1).add(gv.mul(1 - beta1)));
            FloatVector vv = flush(FloatVector.fromArray(S, v, i, k).mul(beta2).add(gv.mul(1 - beta2).mul(gv)));
            mv.intoArray(m, i, k);
            vv.intoArray(v, i, k);
            FloatVector update = mv.mul(stepSize).div(vv.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i, k).mul(decay).sub(update).intoArray(w, i, k);
        }
    }

    @Override
    public void rmsprop(int n, float lr, float alpha, float eps, float[] w, float[] g, float[] s) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector sv = flush(FloatVector.fromArray(S, s, i).mul(alpha).add(gv.mul(1 - alpha).mul(gv)));
            sv.intoArray(s, i);
            FloatVector update = gv.mul(lr).div(sv.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i).sub(update).intoArray(w, i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector gv = FloatVector.fromArray(S, g, i, k);
            FloatVector sv = flush(FloatVector.fromArray(S, s, i, k).mul(alpha).add(gv.mul(1 - alpha).mul(gv)));
            sv.intoArray(s, i, k);
            FloatVector update = gv.mul(lr).div(sv.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i, k).sub(update).intoArray(w, i, k);
        }
    }

    @Override
    public void clipValues(int n, float limit, float[] g) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector.fromArray(S, g, i).max(-limit).min(limit).intoArray(g, i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector.fromArray(S, g, i, k).max(-limit).min(limit).intoArray(g, i, k);
        }
    }

    /**
     * Σ g² in DL double lanes (lane j sums the values i ≡ j mod DL, each widened exactly from
     * float), the lanes added in lane order at the end: {@code reduceLanes(ADD)} leaves the order to
     * the implementation, which differs between the interpreter and the JIT.
     */
    @Override
    public double sumOfSquares(int n, float[] g) {
        DoubleVector acc = DoubleVector.zero(D);
        int i = 0;
        for (int end = HALF.loopBound(n); i < end; i += DL) {
            DoubleVector x = (DoubleVector) FloatVector.fromArray(HALF, g, i).convertShape(VectorOperators.F2D, D, 0);
            acc = x.fma(x, acc);
        }
        if (i < n) {
            // Lanes past the end load as 0 and add nothing.
            FloatVector tail = FloatVector.fromArray(HALF, g, i, HALF.indexInRange(i, n));
            DoubleVector x = (DoubleVector) tail.convertShape(VectorOperators.F2D, D, 0);
            acc = x.fma(x, acc);
        }
        double sum = 0;
        for (int j = 0; j < DL; j++) {
            sum += acc.lane(j);
        }
        return sum;
    }

    /** Zero where |x| is below the smallest normal float (see the facade, {@code dev.nn.core.kernels.ParameterUpdates}). */
    private static FloatVector flush(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }
}
