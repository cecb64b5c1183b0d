package dev.nn.core.runtime;

/**
 * Float arrays with room for one more vector past their values, for tensors and scratch buffers.
 * The kernels end a row with one masked vector, and a masked access that reaches past the end of
 * its array leaves the Vector API's fast path for a slow check per lane that allocates.
 */
public final class FloatArrays {
    /** Floats past the values in every array made here: one 512-bit vector. */
    public static final int SLACK = 16;

    private FloatArrays() {
    }

    /** A zeroed array for n values and {@link #SLACK} more. */
    public static float[] allocate(int n) {
        return new float[n + SLACK];
    }
}
