package dev.nn;

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
            s = new float[arraysPerParameter][p.size()];
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
