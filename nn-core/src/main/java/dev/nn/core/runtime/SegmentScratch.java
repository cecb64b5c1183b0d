package dev.nn.core.runtime;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A native buffer per thread, 64-byte aligned, that one kernel owns, as {@link FloatScratch}. Native
 * rather than a {@code float[]} because a Java array is only 8-byte aligned (and the collector may
 * move it): a 512-bit load from it would most of the time split two cache lines.
 */
public final class SegmentScratch {
    private final ThreadLocal<MemorySegment> segments = ThreadLocal.withInitial(() -> MemorySegment.NULL);

    /**
     * This thread's buffer, at least {@code floats} floats long. It only grows; an outgrown one is
     * freed by the collector (automatic arena), as is the last when its thread ends.
     */
    public MemorySegment get(int floats) {
        MemorySegment s = segments.get();
        if (s.byteSize() < 4L * floats) {
            s = Arena.ofAuto().allocate(4L * floats, 64);
            segments.set(s);
        }
        return s;
    }
}
