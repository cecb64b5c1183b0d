package dev.nn.optim;

/** The range check of the rules' hyper-parameters, with a message that names the value and its range. */
final class Ranges {
    private Ranges() {
    }

    /** Throws unless value is in (lo, hi), or [lo, hi) when loInclusive; NaN is in no range. */
    static void check(String name, float value, float lo, boolean loInclusive, float hi) {
        boolean ok = (loInclusive ? value >= lo : value > lo) && value < hi;
        if (!ok) {
            throw new IllegalArgumentException(name + " must be in " + (loInclusive ? "[" : "(") + lo + ", " + hi
                    + ") but was " + value);
        }
    }
}
