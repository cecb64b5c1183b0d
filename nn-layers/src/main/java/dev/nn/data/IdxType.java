package dev.nn.data;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** The value types of the IDX format, each with its code, width and big-endian decoding to floats. */
enum IdxType {
    UNSIGNED_BYTE(0x08, 1, "unsigned byte") {
        @Override
        int decode(byte[] src, int n, float[] dst, int off) {
            for (int i = 0; i < n; i++) {
                dst[off + i] = src[i] & 0xFF;
            }
            return -1;
        }
    },
    SIGNED_BYTE(0x09, 1, "signed byte") {
        @Override
        int decode(byte[] src, int n, float[] dst, int off) {
            for (int i = 0; i < n; i++) {
                dst[off + i] = src[i];
            }
            return -1;
        }
    },
    SHORT(0x0B, 2, "short") {
        @Override
        int decode(byte[] src, int n, float[] dst, int off) {
            for (int i = 0; i < n; i++) {
                dst[off + i] = (short) SHORT_BE.get(src, 2 * i);
            }
            return -1;
        }
    },
    INT(0x0C, 4, "int") {
        @Override
        int decode(byte[] src, int n, float[] dst, int off) {
            int firstRounded = -1;
            for (int i = 0; i < n; i++) {
                int v = (int) INT_BE.get(src, 4 * i);
                float f = v;
                dst[off + i] = f;
                if ((long) f != v && firstRounded < 0) {
                    firstRounded = i;
                }
            }
            return firstRounded;
        }

        @Override
        String describe(byte[] src, int i) {
            return Integer.toString((int) INT_BE.get(src, 4 * i));
        }
    },
    FLOAT(0x0D, 4, "float") {
        @Override
        int decode(byte[] src, int n, float[] dst, int off) {
            for (int i = 0; i < n; i++) {
                dst[off + i] = (float) FLOAT_BE.get(src, 4 * i);
            }
            return -1;
        }
    },
    DOUBLE(0x0E, 8, "double") {
        @Override
        int decode(byte[] src, int n, float[] dst, int off) {
            int firstRounded = -1;
            for (int i = 0; i < n; i++) {
                double v = (double) DOUBLE_BE.get(src, 8 * i);
                float f = (float) v;
                dst[off + i] = f;
                // NaN converts to NaN, which is not a rounding; NaN != NaN would say it is.
                if (f != v && !Double.isNaN(v) && firstRounded < 0) {
                    firstRounded = i;
                }
            }
            return firstRounded;
        }

        @Override
        String describe(byte[] src, int i) {
            return Double.toString((double) DOUBLE_BE.get(src, 8 * i));
        }
    };

    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    final int code;
    final int width;
    final String description;

    IdxType(int code, int width, String description) {
        this.code = code;
        this.width = width;
        this.description = description;
    }

    /**
     * Converts {@code n} values from the start of {@code src} into {@code dst[off ..]}; returns the
     * index in {@code src} of the first value that a float cannot hold and was rounded, or -1.
     */
    abstract int decode(byte[] src, int n, float[] dst, int off);

    /** Value {@code i} of {@code src} as stored, for a message about a value that was rounded. */
    String describe(byte[] src, int i) {
        throw new UnsupportedOperationException(this + " values are never rounded");
    }

    /** The type with this code, or null. */
    static IdxType of(byte code) {
        for (IdxType t : values()) {
            if (t.code == (code & 0xFF)) {
                return t;
            }
        }
        return null;
    }

    /** "0x08 unsigned byte, 0x09 signed byte, ..." for error messages. */
    static String describeAll() {
        StringBuilder sb = new StringBuilder();
        for (IdxType t : values()) {
            sb.append(sb.isEmpty() ? "" : ", ").append(String.format("0x%02X ", t.code)).append(t.description);
        }
        return sb.toString();
    }
}
