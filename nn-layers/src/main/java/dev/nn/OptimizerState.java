package dev.nn;

import dev.nn.core.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/** Per-parameter arrays of an optimizer (velocity, moments), created at the first step of each. */
final class OptimizerState {
    private final Map<Parameter, float[][]> slots = new IdentityHashMap<>();
    private final int arraysPerParameter;

    OptimizerState(int arraysPerParameter) {
        this.arraysPerParameter = arraysPerParameter;
    }

    /** The state arrays of {@code p}, zero at first. */
    float[][] of(Parameter p) {
        float[][] s = slots.get(p);
        if (s == null) {
            // Tensors' arrays, which end with the slack that keeps the kernels' last masked vector
            // on the Vector API's fast path (a plain float[p.size()] made each step allocate).
            s = new float[arraysPerParameter][];
            for (int i = 0; i < arraysPerParameter; i++) {
                s[i] = Tensor.zeros(p.size()).data();
            }
            slots.put(p, s);
        }
        return s;
    }

    static void checkRate(String name, float value, float lo, boolean loInclusive, float hi) {
        boolean ok = (loInclusive ? value >= lo : value > lo) && value < hi;
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi
                    + ") but was " + value);
        }
    }
}
