package dev.nn.data;

import dev.nn.core.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reader of the IDX format in which MNIST and Fashion-MNIST are distributed: two zero bytes, a type
 * code (0x08 unsigned byte, 0x09 signed byte, 0x0B short, 0x0C int, 0x0D float, 0x0E double), the
 * number of dimensions, each dimension as a big-endian int, then the values, big-endian, row-major,
 * then nothing. A file may be gzip-compressed; that is recognised from its first two bytes, not
 * from its name, and decompressed strictly: reserved header flags, a wrong CRC-32 or size in a
 * trailer, and any byte after the last gzip member that does not begin another complete member
 * are errors, as bytes after the values are.
 *
 * <p>No size that a file declares is taken on trust: the floats are allocated only once the file
 * is known to hold every value it declares (from the length of an uncompressed file, or else once
 * they have arrived, held meanwhile in blocks as they come), so that a small file declaring
 * billions of values fails as a truncated file after holding no more than it really holds.
 *
 * <p>A malformed file fails with an {@link IOException} whose message names the source, the byte
 * offset (counted in the decompressed IDX data, or in the compressed bytes for a fault of the gzip
 * layer) and what was expected against what was found, e.g.
 * {@code t10k-labels-idx1-ubyte.gz: offset 8: expected 10000 values of 1 byte, file ends after 9990 values}.
 *
 * <p>Thread-safe: the methods hold no state.
 */
public final class Idx {
    /** The most values one Tensor holds (its array-length limit). */
    private static final int MAX_VALUES = Integer.MAX_VALUE - 8;
    /** Bytes per read, and per block held; a multiple of every value width. */
    private static final int CHUNK = 1 << 16;
    private static final VarHandle INT_BE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

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
        return read(file, false);
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
        return read(in, sourceName, -1, false);
    }

    /** {@link #read(Path)}, refusing an int or double value that a float cannot hold exactly if {@code exact}. */
    static Tensor read(Path file, boolean exact) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            // A pipe or device reports no meaningful size; its bytes are counted as they arrive.
            return read(in, file.toString(), Files.isRegularFile(file) ? Files.size(file) : -1, exact);
        }
    }

    /** {@link #read(InputStream, String)}, refusing an int or double value that a float cannot hold exactly if {@code exact}. */
    static Tensor read(InputStream in, String sourceName, boolean exact) throws IOException {
        return read(in, sourceName, -1, exact);
    }

    /** {@code length}: the bytes {@code in} holds, or -1 if unknown. */
    private static Tensor read(InputStream in, String name, long length, boolean exact) throws IOException {
        PushbackInputStream peek = new PushbackInputStream(in, 2);
        byte[] start;
        try {
            start = peek.readNBytes(2);
        } catch (IOException e) {
            throw new IOException(name + ": offset 0: read failed" + reason(e), e);
        }
        peek.unread(start);
        if (!GzipStream.startsMember(start)) {
            return new Reader(peek, name, length, false, exact).tensor();
        }
        try (GzipStream unzipped = new GzipStream(peek, name, CHUNK)) {
            return new Reader(unzipped, name, -1, true, exact).tensor();
        }
    }

    /** ": " and the exception's message, or nothing if it has none. */
    static String reason(Exception e) {
        return e.getMessage() == null ? "" : ": " + e.getMessage();
    }

    /** One pass over one source's IDX bytes, counting them so that errors can say where they are. */
    private static final class Reader {
        private final InputStream in;
        private final String name;
        /** The bytes {@code in} holds, or -1 if unknown until they have been read. */
        private final long length;
        /** Whether {@code in} reports its own faults, naming the source and offset. */
        private final boolean gzip;
        private final boolean exact;
        private long position;

        Reader(InputStream in, String name, long length, boolean gzip, boolean exact) {
            this.in = in;
            this.name = name;
            this.length = length;
            this.gzip = gzip;
            this.exact = exact;
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
            IdxType type = IdxType.of(header[2]);
            if (type == null) {
                throw error(2, "expected a type code (" + IdxType.describeAll() + "), found 0x" + hex(header[2]));
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

        /**
         * The values. With the source's length known, checked first against the declared count and
         * decoded as they are read; else held as they arrive, in blocks (a list of them rather than one
         * array regrown, so that holding never copies nor overshoots), and decoded once all are there.
         */
        private float[] readValues(IdxType type, int count, long offset) throws IOException {
            long bytes = (long) count * type.width;
            if (length >= 0 && length - offset < bytes) {
                throw error(offset, truncated(count, "value", type.width, Math.max(0, length - offset)));
            }
            List<byte[]> held = length >= 0 ? null : holdAll(type, count, offset);
            float[] values = new float[count];
            byte[] buffer = held == null ? new byte[(int) Math.min(CHUNK, bytes)] : null;
            int done = 0;
            for (int block = 0; done < count; block++) {
                byte[] chunk = held == null ? buffer : held.get(block);
                int n = Math.min(chunk.length / type.width, count - done);
                if (held == null) {
                    readFully(chunk, n * type.width, type, count, offset, done);
                }
                int rounded = type.decode(chunk, n, values, done);
                if (exact && rounded >= 0) {
                    int index = done + rounded;
                    throw error(offset + (long) index * type.width, "value " + index + " is "
                            + type.describe(chunk, rounded) + ", which a float cannot hold exactly");
                }
                done += n;
            }
            return values;
        }

        /** All {@code count} values' bytes, in blocks of {@link #CHUNK} bytes (the last one shorter). */
        private List<byte[]> holdAll(IdxType type, int count, long offset) throws IOException {
            long bytes = (long) count * type.width;
            List<byte[]> blocks = new ArrayList<>();
            for (long got = 0; got < bytes; got += CHUNK) {
                byte[] block = new byte[(int) Math.min(CHUNK, bytes - got)];
                readFully(block, block.length, type, count, offset, (int) (got / type.width));
                blocks.add(block);
            }
            return blocks;
        }

        /** Reads {@code len} bytes of values, {@code done} values having been read before them. */
        private void readFully(byte[] b, int len, IdxType type, int count, long offset, int done) throws IOException {
            int got = readUpTo(b, len);
            if (got < len) {
                throw error(offset, truncated(count, "value", type.width, (long) done * type.width + got));
            }
        }

        /** Reads until {@code len} bytes or the end of the data; returns how many were read. */
        private int readUpTo(byte[] b, int len) throws IOException {
            int n = 0;
            while (n < len) {
                int r;
                try {
                    r = in.read(b, n, len - n);
                } catch (IOException e) {
                    if (gzip) {
                        throw e;
                    }
                    throw new IOException(name + ": offset " + (position + n) + ": read failed" + reason(e), e);
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
}
