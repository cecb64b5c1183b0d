package dev.nn.optim;

/**
 * A limit on the gradients that an optimizer applies to all of them, every step, before its update
 * rule: by their global norm ({@link NormClipping}) or by value ({@link ValueClipping}).
 */
public interface GradientClipping {
    /**
     * The clipping's name, which is also the name of the {@code dev.nn.Optimizer} method that sets it:
     * {@code "clipGradientNorm"} or {@code "clipGradientValue"}.
     *
     * @return the name
     */
    String name();

    /**
     * The limit: the largest global norm, or the largest magnitude of a value.
     *
     * @return the limit, above 0
     */
    float limit();

    /**
     * Clips the gradients of one step in place.
     *
     * @param gradients the gradient of each parameter, in the same order every step
     * @param sizes the number of values of each, the first {@code sizes[i]} of {@code gradients[i]}
     */
    void clip(float[][] gradients, int[] sizes);

    /**
     * The clipping of the given name and limit: the inverse of {@link #name()} and {@link #limit()}.
     *
     * @param name the clipping's name
     * @param limit its limit, above 0 and finite
     * @return the clipping
     * @throws IllegalArgumentException naming an unknown clipping or a limit out of its range
     */
    static GradientClipping create(String name, float limit) {
        return switch (name) {
            case "clipGradientNorm" -> byNorm(limit);
            case "clipGradientValue" -> byValue(limit);
            default -> throw new IllegalArgumentException("unknown gradient clipping \"" + name
                    + "\": this nn knows clipGradientNorm and clipGradientValue");
        };
    }

    /**
     * Clipping by the global norm; see {@link NormClipping}.
     *
     * @param maxNorm the largest norm of all gradients together, above 0 and finite
     * @return the clipping
     * @throws IllegalArgumentException if maxNorm is out of range
     */
    static GradientClipping byNorm(float maxNorm) {
        return new NormClipping(maxNorm);
    }

    /**
     * Clipping by value; see {@link ValueClipping}.
     *
     * @param limit the largest magnitude of a gradient value, above 0 and finite
     * @return the clipping
     * @throws IllegalArgumentException if limit is out of range
     */
    static GradientClipping byValue(float limit) {
        return new ValueClipping(limit);
    }
}
