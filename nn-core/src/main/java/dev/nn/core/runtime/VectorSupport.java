package dev.nn.core.runtime;

import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * Decides once, when first used, whether the kernels run on the Vector API or on their scalar
 * twins, and says why in one line when they cannot. The kernels' facades pick one implementation
 * per family from this decision, in one place, into {@code static final} fields.
 *
 * <p>The Vector API path needs the incubator module in the boot layer
 * ({@code --add-modules=jdk.incubator.vector}), a preferred species of at least 128 bits, and a
 * JIT that can intrinsify it (C2); otherwise its boxed fallback is slower than plain scalar code.
 * {@code -Dnn.vector=false} forces the scalar path, for tests and comparisons.
 */
public final class VectorSupport {
    /** System property that, set to {@code false}, forces the scalar kernels. */
    public static final String PROPERTY = "nn.vector";

    private static final boolean ENABLED;
    private static final String DESCRIPTION;

    static {
        String whyNot = reasonVectorApiIsUnusable();
        ENABLED = whyNot == null;
        if (ENABLED) {
            DESCRIPTION = "Vector API, " + VectorProbe.preferredBits() + "-bit vectors";
        } else {
            DESCRIPTION = "scalar kernels: " + whyNot;
            System.err.println("[nn] using scalar kernels: " + whyNot);
        }
    }

    private VectorSupport() {
    }

    /** Whether the Vector API kernels are usable here (decided once, at class initialization). */
    public static boolean enabled() {
        return ENABLED;
    }

    /** One line: the vector size in use, or why the scalar twins run and how to enable the SIMD ones. */
    public static String description() {
        return DESCRIPTION;
    }

    /** Returns null when the Vector API is usable, else a sentence that says why not and what to do. */
    private static String reasonVectorApiIsUnusable() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true").trim())) {
            return "forced by -D" + PROPERTY + "=false";
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return "module jdk.incubator.vector is not loaded; start java with "
                    + "--add-modules=jdk.incubator.vector to enable the SIMD kernels";
        }
        Optional<String> jitLimit = jitLimit();
        if (jitLimit.isPresent()) {
            return jitLimit.get() + " keeps the optimizing JIT (C2) off, and without it the "
                    + "Vector API runs boxed and slower than scalar code; remove that option";
        }
        try {
            int bits = VectorProbe.preferredBits();
            if (bits < 128) {
                return "the preferred vector size on this CPU is only " + bits + " bits";
            }
        } catch (LinkageError e) {
            return "the Vector API could not be loaded (" + e + "); start java with "
                    + "--add-modules=jdk.incubator.vector";
        }
        return null;
    }

    /** The HotSpot option, if any, that stops compilation before C2. */
    private static Optional<String> jitLimit() {
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.equals("-Xint")) {
                return Optional.of("-Xint");
            }
            if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                String level = arg.substring("-XX:TieredStopAtLevel=".length()).trim();
                if (!level.equals("4")) {
                    return Optional.of(arg);
                }
            }
        }
        return Optional.empty();
    }
}
