package dev.nn.io.safetensors;

import java.util.Optional;

/**
 * The element types of safetensors files that nn reads and writes, each named in a file's header by
 * its constant's name. Values are stored little-endian.
 */
public enum DType {
    /** IEEE 754 single precision. */
    F32(4),
    /** IEEE 754 half precision. */
    F16(2),
    /** bfloat16: the upper 16 bits of a single-precision float. */
    BF16(2),
    /** IEEE 754 double precision. */
    F64(8),
    /** Signed 64-bit integers. */
    I64(8);

    private final int size;

    DType(int size) {
        this.size = size;
    }

    /**
     * The bytes one element takes.
     *
     * @return 2, 4 or 8
     */
    public int size() {
        return size;
    }

    /**
     * The type a header names.
     *
     * @param headerName the value of a tensor's {@code "dtype"}, such as {@code "F32"}
     * @return the type, or empty if nn does not know it (safetensors has more, such as {@code "I8"})
     */
    public static Optional<DType> named(String headerName) {
        for (DType type : values()) {
            if (type.name().equals(headerName)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
