package dev.nn.core.architecture.cycle.b;

import dev.nn.core.architecture.cycle.a.First;

/** The other half of the deliberate package cycle. */
public final class Second {
    private Second() {
    }

    /** A value for {@link First} to read. */
    public static int one() {
        return 1;
    }

    /** Refers back to the first package. */
    public static int twice() {
        return 2 * First.size();
    }
}
