package dev.nn.core.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Per-thread scratch arrays (and native buffers) that kernels reuse from call to call, so that
 * steady-state training allocates nothing. An array only grows; its contents are garbage between calls. Each slot belongs
 * to one kernel, so nested kernels never share an array.
 */
public final class Scratch {
    public static final int GEMM_B = 0;
    public static final int GEMM_A = 1;
    public static final int CONV_COLUMNS = 2;
    public static final int CONV_WIDE = 3;
    public static final int CONV_PADDED = 4;
    public static final int CONV_WEIGHTS_T = 5;
    public static final int LANES = 6;
    public static final int CONV_PACKED = 7;
    public static final int CONV_LANES = 8;
    public static final int CONV_GRADIENT = 9;
    public static final int CONV_UNPOOLED = 10;
    public static final int CONV_POOLED_GRADIENT = 11;
    public static final int CONV_IMAGE_GRADIENT = 12;
    public static final int WINOGRAD_WEIGHTS = 13;
    public static final int WINOGRAD_TILES = 14;
    public static final int WINOGRAD_PRODUCTS = 15;
    public static final int WINOGRAD_IMAGE = 16;
    public static final int WINOGRAD_OUTPUT = 17;
    public static final int WINOGRAD_GRADIENT = 18;
    public static final int WINOGRAD_BORDERED = 19;
    public static final int WINOGRAD_FLOOR = 20;
    public static final int WINOGRAD_TRANSFORM = 21;
    public static final int WINOGRAD_TAPS = 22;
    public static final int CONV_ROW_PANEL = 23;
    public static final int CONV_ROW_PARTIAL = 24;
    private static final int SLOTS = 25;

    private static final ThreadLocal<float[][]> ARRAYS = ThreadLocal.withInitial(() -> new float[SLOTS][0]);

    /** The int slot. */
    public static final int CONV_TAPS = 0;
    private static final ThreadLocal<int[][]> INTS = ThreadLocal.withInitial(() -> new int[1][0]);

    /** The native-buffer slot. */
    public static final int WINOGRAD_PACKED = 0;
    private static final ThreadLocal<MemorySegment[]> SEGMENTS = ThreadLocal.withInitial(() -> new MemorySegment[] {
            MemorySegment.NULL});

    private Scratch() {
    }

    /**
     * A thread-local native buffer of at least {@code floats} floats, 64-byte aligned, for the
     * given segment slot; freed by the collector when outgrown.
     */
    public static MemorySegment segment(int slot, int floats) {
        MemorySegment[] segments = SEGMENTS.get();
        if (segments[slot].byteSize() < 4L * floats) {
            segments[slot] = Arena.ofAuto().allocate(4L * floats, 64);
        }
        return segments[slot];
    }

    /** A thread-local array of at least {@code n} ints for the given int slot. */
    public static int[] ints(int slot, int n) {
        int[][] arrays = INTS.get();
        if (arrays[slot].length < n) {
            arrays[slot] = new int[n];
        }
        return arrays[slot];
    }

    /** A thread-local array of at least {@code n} floats for the given slot. */
    public static float[] floats(int slot, int n) {
        float[][] arrays = ARRAYS.get();
        if (arrays[slot].length < n) {
            arrays[slot] = FloatArrays.allocate(n);
        }
        return arrays[slot];
    }
}
