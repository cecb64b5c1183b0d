package dev.nn.core;

/**
 * Which implementation the kernels of this library run on: the Vector API or the scalar twins.
 * Decided once, when a kernel is first used; see {@link #description()}.
 */
public final class Kernels {
    private Kernels() {
    }

    /** Whether the SIMD (Vector API) kernels are in use. */
    public static boolean vectorized() {
        return VectorSupport.ENABLED;
    }

    /**
     * One line that says which kernels run and, when they are the scalar ones, why and how to
     * enable the SIMD ones.
     */
    public static String description() {
        return VectorSupport.DESCRIPTION;
    }
}
