package dev.nn.data;

import dev.nn.core.Tensor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format in which MNIST and Fashion-MNIST are distributed: two zero bytes, a type
 * code (0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), the
 * number of dimensions, each dimension as a big-endian int, then the values, big-endian, row-major.
 * A file may be gzip-compressed; that is recognised from its first two bytes, not from its name.
 *
 * <p>A malformed file fails with an {@link IOException} whose message names the source, the byte
 * offset (counted in the decompressed IDX data) and what was expected against what was found, e.g.
 * {@code t10k-labels-idx1-ubyte.gz: offset 8: expected 10000 values of 1 byte, file ends after 9990 values}.
 */
public final class Idx {
    /** The most values one Tensor holds (its array-length limit). */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    /** Bytes decoded per bulk read; a multiple of every value width. */
    private static final int CHUNK = 1 << 16;
    /**
     * Values allocated before any arrive. The array then grows fourfold up to the header's count,
     * so that a corrupt header claiming billions of values in a tiny file fails as a truncated file
     * rather than with an OutOfMemoryError, while MNIST's 47 million pixels take two regrowths.
     */
    private static final int INITIAL_CAPACITY = 1 << 22;
    private static final int GZIP_MAGIC_0 = 0x1f;
    private static final int GZIP_MAGIC_1 = 0x8b;

    private static final VarHandle SHORT_BE = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle FLOAT_BE = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.BIG_ENDIAN);
    private static final VarHandle DOUBLE_BE = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.BIG_ENDIAN);

    private Idx() {
    }

    /**
     * Reads an IDX file, raw or gzip-compressed.
     *
     * @param file the file
     * @return a tensor whose shape is the file's dimensions and whose values are the stored numbers
     *     as floats (0..255 for MNIST pixels; ints and doubles are rounded to the nearest float)
     * @throws IOException if the file cannot be read or is malformed; the message names the file
     */
    public static Tensor read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads IDX data, raw or gzip-compressed, from {@code in} to its end. The stream is not closed.
     *
     * @param in the data
     * @param sourceName what to call the data in error messages, usually its file name
     * @return a tensor whose shape is the data's dimensions and whose values are the stored numbers
     *     as floats (ints and doubles are rounded to the nearest float)
     * @throws IOException if reading fails or the data is malformed; the message names {@code sourceName}
     */
    public static Tensor read(InputStream in, String sourceName) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(in, 2);
        byte[] start;
        try {
            start = peek.readNBytes(2);
        } catch (IOException e) {
            throw new IOException(sourceName + ": offset 0: read failed: " + e.getMessage(), e);
        }
        peek.unread(start);
        boolean gzip = start.length == 2 && (start[0] & 0xFF) == GZIP_MAGIC_0 && (start[1] & 0xFF) == GZIP_MAGIC_1;
        if (!gzip) {
            return new Reader(peek, sourceName, false).tensor();
        }
        // Closing the gzip stream frees its inflater's native memory now rather than at some later
        // collection; the shield keeps the caller's stream open, as documented.
        InputStream shield = new FilterInputStream(peek) {
            @Override
            public void close() {
            }
        };
        try (InputStream unzipped = openGzip(shield, sourceName)) {
            return new Reader(unzipped, sourceName, true).tensor();
        }
    }

    private static GZIPInputStream openGzip(InputStream in, String sourceName) throws IOException {
        try {
            return new GZIPInputStream(in, CHUNK);
        } catch (IOException e) {
            throw new IOException(sourceName + ": offset 0: expected a gzip header, found a corrupt one ("
                    + e.getMessage() + ")", e);
        }
    }

    /** One pass over one source's IDX bytes, counting them so that errors can say where they are. */
    private static final class Reader {
        private final InputStream in;
        private final String name;
        private final boolean gzip;
        private long position;

        Reader(InputStream in, String name, boolean gzip) {
            this.in = in;
            this.name = name;
            this.gzip = gzip;
        }

        Tensor tensor() throws IOException {
            byte[] header = new byte[4];
            int n = readUpTo(header, header.length);
            if (n < header.length) {
                throw error(0, "expected a 4-byte header (00 00, type code, number of dimensions), file ends after "
                        + plural(n, "byte"));
            }
            if (header[0] != 0 || header[1] != 0) {
                throw error(0, "expected the magic bytes 00 00, found " + hex(header[0]) + " " + hex(header[1]));
            }
            Type type = Type.of(header[2]);
            if (type == null) {
                throw error(2, "expected a type code (" + Type.describeAll() + "), found 0x" + hex(header[2]));
            }
            int rank = header[3] & 0xFF;
            if (rank == 0) {
                throw error(3, "expected at least 1 dimension, found 0");
            }
            int[] shape = readShape(rank);
            long valuesOffset = header.length + 4L * rank;
            float[] values = readValues(type, product(shape), valuesOffset);
            long end = valuesOffset + (long) values.length * type.width;
            if (readUpTo(new byte[1], 1) > 0) {
                throw error(end, "expected the end of the file after " + plural(values.length, "value")
                        + ", found more bytes");
            }
            return Tensor.wrap(values, shape);
        }

        private int[] readShape(int rank) throws IOException {
            byte[] bytes = new byte[4 * rank];
            int n = readUpTo(bytes, bytes.length);
            if (n < bytes.length) {
                throw error(4, truncated(rank, "dimension", 4, n));
            }
            int[] shape = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = (int) INT_BE.get(bytes, 4 * i);
                if (shape[i] < 1) {
                    throw error(4 + 4L * i, "expected dimension " + (i + 1) + " of " + rank
                            + " to be at least 1, found " + shape[i]);
                }
            }
            return shape;
        }

        private int product(int[] shape) throws IOException {
            long count = 1;
            for (int d : shape) {
                count *= d;
                if (count > MAX_VALUES) {
                    throw error(4, "expected dimensions with at most " + MAX_VALUES
                            + " values in all (the most one array holds), found " + Arrays.toString(shape));
                }
            }
            return (int) count;
        }

        private float[] readValues(Type type, int count, long offset) throws IOException {
            float[] values = new float[Math.min(count, INITIAL_CAPACITY)];
            byte[] chunk = new byte[(int) Math.min(CHUNK, (long) count * type.width)];
            int perChunk = chunk.length / type.width;
            int done = 0;
            while (done < count) {
                int want = Math.min(perChunk, count - done);
                int got = readUpTo(chunk, want * type.width);
                if (got < want * type.width) {
                    throw error(offset, truncated(count, "value", type.width, (long) done * type.width + got));
                }
                if (done + want > values.length) {
                    values = Arrays.copyOf(values, (int) Math.min(count, values.length * 4L));
                }
                type.decode(chunk, want, values, done);
                done += want;
            }
            return values;
        }

        /** Reads until {@code len} bytes or the end of the data; returns how many were read. */
        private int readUpTo(byte[] b, int len) throws IOException {
            int n = 0;
            while (n < len) {
                int r;
                try {
                    r = in.read(b, n, len - n);
                } catch (IOException e) {
                    String what = gzip ? "expected a well-formed gzip stream, found a corrupt or truncated one ("
                            + e.getMessage() + ")" : "read failed: " + e.getMessage();
                    throw new IOException(name + ": offset " + (position + n) + ": " + what, e);
                }
                if (r < 0) {
                    break;
                }
                n += r;
            }
            position += n;
            return n;
        }

        private IOException error(long offset, String message) {
            return new IOException(name + ": offset " + offset + ": " + message);
        }
    }

    /** "expected 10 values of 4 bytes, file ends after 2 values and 3 bytes" */
    private static String truncated(long expected, String unit, int width, long bytesFound) {
        long whole = bytesFound / width;
        long rest = bytesFound % width;
        return "expected " + plural(expected, unit) + " of " + plural(width, "byte") + ", file ends after "
                + plural(whole, unit) + (rest > 0 ? " and " + plural(rest, "byte") : "");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private static String hex(int b) {
        return String.format("%02X", b & 0xFF);
    }

    /** The value types of the IDX format, each with its code, width and big-endian decoding. */
    private enum Type {
        UNSIGNED_BYTE(0x08, 1, "unsigned byte") {
            @Override
            void decode(byte[] src, int n, float[] dst, int off) {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = src[i] & 0xFF;
                }
            }
        },
        SIGNED_BYTE(0x09, 1, "signed byte") {
            @Override
            void decode(byte[] src, int n, float[] dst, int off) {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = src[i];
                }
            }
        },
        SHORT(0x0B, 2, "short") {
            @Override
            void decode(byte[] src, int n, float[] dst, int off) {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (short) SHORT_BE.get(src, 2 * i);
                }
            }
        },
        INT(0x0C, 4, "int") {
            @Override
            void decode(byte[] src, int n, float[] dst, int off) {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (int) INT_BE.get(src, 4 * i);
                }
            }
        },
        FLOAT(0x0D, 4, "float") {
            @Override
            void decode(byte[] src, int n, float[] dst, int off) {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (float) FLOAT_BE.get(src, 4 * i);
                }
            }
        },
        DOUBLE(0x0E, 8, "double") {
            @Override
            void decode(byte[] src, int n, float[] dst, int off) {
                for (int i = 0; i < n; i++) {
                    dst[off + i] = (float) (double) DOUBLE_BE.get(src, 8 * i);
                }
            }
        };

        final int code;
        final int width;
        final String description;

        Type(int code, int width, String description) {
            this.code = code;
            this.width = width;
            this.description = description;
        }

        /** Converts {@code n} values from the start of {@code src} into {@code dst[off ..]}. */
        abstract void decode(byte[] src, int n, float[] dst, int off);

        /** The type with this code, or null. */
        static Type of(byte code) {
            for (Type t : values()) {
                if (t.code == (code & 0xFF)) {
                    return t;
                }
            }
            return null;
        }

        /** "0x08 unsigned byte, 0x09 signed byte, ..." for error messages. */
        static String describeAll() {
            StringBuilder sb = new StringBuilder();
            for (Type t : values()) {
                sb.append(sb.isEmpty() ? "" : ", ").append("0x").append(hex(t.code))
                        .append(' ').append(t.description);
            }
            return sb.toString();
        }
    }
}
