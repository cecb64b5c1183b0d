package dev.nn.core.architecture.cycle.a;

import dev.nn.core.architecture.cycle.b.Second;

/** Half of a deliberate package cycle, to prove that the architecture rules catch one. */
public final class First {
    private First() {
    }

    /** Refers to the other package. */
    public static int size() {
        return Second.one();
    }
}
