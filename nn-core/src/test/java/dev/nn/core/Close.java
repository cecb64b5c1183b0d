package dev.nn.core;

import static org.junit.jupiter.api.Assertions.fail;

/** Element-wise comparison with a per-element tolerance, reporting the first element that differs. */
public final class Close {
    /** One unit of float rounding: 2^-24, half the distance from 1 to the next float. */
    public static final double U = 0x1p-24;

    private Close() {
    }

    /** Asserts |expected[i] - actual[i]| ≤ tolerance[i] for i in [0, n), at the given offsets. */
    public static void assertClose(String what, float[] expected, float[] actual, double[] tolerance) {
        for (int i = 0; i < expected.length; i++) {
            double diff = Math.abs((double) expected[i] - actual[i]);
            boolean bothNaN = Float.isNaN(expected[i]) && Float.isNaN(actual[i]);
            if (!bothNaN && !(diff <= tolerance[i])) {
                fail(what + ": element " + i + " is " + actual[i] + " but expected " + expected[i]
                        + " (difference " + diff + " > tolerance " + tolerance[i] + ")");
            }
        }
    }

    /** Asserts the two arrays are equal within tolerance·(1 + |expected|) everywhere. */
    public static void assertClose(String what, float[] expected, float[] actual, double relTolerance) {
        double[] tol = new double[expected.length];
        for (int i = 0; i < tol.length; i++) {
            tol[i] = relTolerance * (1 + Math.abs(expected[i]));
        }
        assertClose(what, expected, actual, tol);
    }

    /** factor·U times each magnitude: a tolerance in units of rounding. */
    public static double[] unitsOfRounding(double factor, float[] magnitude) {
        double[] tolerance = new double[magnitude.length];
        for (int i = 0; i < magnitude.length; i++) {
            tolerance[i] = factor * U * magnitude[i];
        }
        return tolerance;
    }

    /** |a[i]| for every i, in a new array. */
    public static float[] abs(float[] a) {
        float[] b = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            b[i] = Math.abs(a[i]);
        }
        return b;
    }

    public static float[] random(Rng rng, int n) {
        float[] a = new float[n];
        rng.fillUniform(a, 0, n, -1f, 1f);
        return a;
    }
}
