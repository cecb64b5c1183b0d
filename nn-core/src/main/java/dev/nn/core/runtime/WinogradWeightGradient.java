package dev.nn.core.runtime;

/**
 * Whether the weight gradients of 3×3 stride-1 convolutions between whole vectors of channels run
 * by Winograd's algorithm, as their forward pass and input gradient do: an opt-in, off unless the
 * system property {@code nn.winogradWeightGradient} is {@code true} or it is switched on at run
 * time.
 *
 * <p>Why off: Winograd's weight gradient sums transformed tiles and transforms the sum back, and
 * the transforms mix the products of all the taps. Where every product of a weight's sum is 0
 * (an output unit and an input unit never active together at that tap, as ReLU makes common) the
 * exact gradient is 0, but that weight's entry receives the rounding of its neighbours' sums,
 * ±1e-10 to 1e-8 on unit-scale activations. Adam divides by √v + ε with ε = 1e-8 and turns such
 * noise into steps of a sizeable fraction of the learning rate, where PyTorch, summing the
 * products themselves, takes none. The direct weight gradient keeps those zeros exact.
 */
public final class WinogradWeightGradient {
    /** System property that, set to {@code true}, turns the Winograd weight gradient on. */
    public static final String PROPERTY = "nn.winogradWeightGradient";

    private static volatile boolean enabled = Boolean.getBoolean(PROPERTY);

    private WinogradWeightGradient() {
    }

    /** Whether the Winograd weight gradient is on. */
    public static boolean enabled() {
        return enabled;
    }

    /** Turns the Winograd weight gradient on or off, for the calls that start after this one. */
    public static void enable(boolean on) {
        enabled = on;
    }
}
