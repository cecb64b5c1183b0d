package dev.nn.core.runtime;

/**
 * A float array per thread that one kernel owns and reuses from call to call, so that steady-state
 * training allocates nothing. A kernel declares its own, {@code private static final FloatScratch
 * COLUMNS = new FloatScratch();}: two kernels never share an array, so a kernel that calls another
 * cannot have its buffer overwritten. The array only grows; its contents are garbage between calls.
 */
public final class FloatScratch {
    private static final float[] EMPTY = new float[0];

    private final ThreadLocal<float[]> arrays = ThreadLocal.withInitial(() -> EMPTY);

    /** This thread's array, at least {@code n} floats long (and a vector of slack: see {@link FloatArrays}). */
    public float[] get(int n) {
        float[] a = arrays.get();
        if (a.length < n) {
            a = FloatArrays.allocate(n);
            arrays.set(a);
        }
        return a;
    }
}
