package dev.nn.core.kernels.update;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** The update rules ({@link UpdateKernels}) on the Vector API: whole vectors, then one masked vector for the tail. */
public final class VectorUpdates implements UpdateKernels {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** The one instance: the class holds no state. */
    public static final VectorUpdates INSTANCE = new VectorUpdates();

    private VectorUpdates() {
    }

    @Override
    public void momentum(int n, float lr, float mu, boolean nesterov, float[] w, float[] g, float[] v) {
        FloatVector muV = FloatVector.broadcast(S, mu);
        FloatVector rate = FloatVector.broadcast(S, -lr);
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector vv = flush(FloatVector.fromArray(S, v, i).fma(muV, gv));
            vv.intoArray(v, i);
            FloatVector step = nesterov ? vv.fma(muV, gv) : vv;
            step.fma(rate, FloatVector.fromArray(S, w, i)).intoArray(w, i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector gv = FloatVector.fromArray(S, g, i, k);
            FloatVector vv = flush(FloatVector.fromArray(S, v, i, k).fma(muV, gv));
            vv.intoArray(v, i, k);
            FloatVector step = nesterov ? vv.fma(muV, gv) : vv;
            step.fma(rate, FloatVector.fromArray(S, w, i, k)).intoArray(w, i, k);
        }
    }

    @Override
    public void adam(int n, float stepSize, float beta1, float beta2, float eps, float[] w, float[] g, float[] m, float[] v) {
        int i = 0;
        for (int end = S.loopBound(n); i < end; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = flush(FloatVector.fromArray(S, m, i).mul(beta1).add(gv.mul(1 - beta1)));
            FloatVector vv = flush(FloatVector.fromArray(S, v, i).mul(beta2).add(gv.mul(1 - beta2).mul(gv)));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector update = mv.mul(stepSize).div(vv.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i).sub(update).intoArray(w, i);
        }
        if (i < n) {
            VectorMask<Float> k = S.indexInRange(i, n);
            FloatVector gv = FloatVector.fromArray(S, g, i, k);
            FloatVector mv = flush(FloatVector.fromArray(S, m, i, k).mul(beta1).add(gv.mul(1 - beta1)));
            FloatVector vv = flush(FloatVector.fromArray(S, v, i, k).mul(beta2).add(gv.mul(1 - beta2).mul(gv)));
            mv.intoArray(m, i, k);
            vv.intoArray(v, i, k);
            FloatVector update = mv.mul(stepSize).div(vv.lanewise(VectorOperators.SQRT).add(eps));
            FloatVector.fromArray(S, w, i, k).sub(update).intoArray(w, i, k);
        }
    }

    /** Zero where |x| is below the smallest normal float (see the facade, {@code dev.nn.core.kernels.ParameterUpdates}). */
    private static FloatVector flush(FloatVector x) {
        return x.blend(0f, x.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
    }
}
