package dev.nn.core.runtime;

/** An int array per thread that one kernel owns, as {@link FloatScratch}. */
public final class IntScratch {
    private static final int[] EMPTY = new int[0];

    private final ThreadLocal<int[]> arrays = ThreadLocal.withInitial(() -> EMPTY);

    /** This thread's array, at least {@code n} ints long. */
    public int[] get(int n) {
        int[] a = arrays.get();
        if (a.length < n) {
            a = new int[n];
            arrays.set(a);
        }
        return a;
    }
}
