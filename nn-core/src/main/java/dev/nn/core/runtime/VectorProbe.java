package dev.nn.core.runtime;

import jdk.incubator.vector.FloatVector;

/**
 * The only reference to the Vector API that {@link VectorSupport} makes; kept in its own class so
 * that a JVM without the incubator module fails here, inside a try block, and nowhere else.
 */
final class VectorProbe {
    private VectorProbe() {
    }

    static int preferredBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }
}
