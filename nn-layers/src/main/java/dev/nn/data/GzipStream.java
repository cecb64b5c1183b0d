package dev.nn.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A gzip file (RFC 1952) decompressed strictly, which {@link java.util.zip.GZIPInputStream} is not:
 * that one ignores the reserved flag bits, never checks the optional header CRC, and silently drops
 * whatever follows a member when it does not look like another gzip header, so garbage after the
 * stream passes unnoticed.
 *
 * <p>Rules: every member starts with 1F 8B and method 8 (deflate), has no reserved flag bit (5-7)
 * set, a header CRC that matches when present, and a trailer whose CRC-32 and size (mod 2³²) match
 * what it decompressed to. Members may follow one another, as RFC 1952 §2.2 allows (a file
 * compressed in parts, then concatenated, decompresses to the concatenation); anything after a
 * member that does not begin another complete member is an error, as trailing bytes after a raw
 * file are. The end of the decompressed data is reported only after all of that has been checked.
 *
 * <p>Every failure is an IOException naming the source and the offset in the compressed bytes.
 * Memory: one buffer of {@code bufferSize} bytes and one inflater, whatever the file declares.
 */
final class GzipStream extends InputStream {
    private static final int MAGIC_0 = 0x1F;
    private static final int MAGIC_1 = 0x8B;
    private static final int DEFLATE = 8;
    private static final int FHCRC = 1 << 1;
    private static final int FEXTRA = 1 << 2;
    private static final int FNAME = 1 << 3;
    private static final int FCOMMENT = 1 << 4;
    private static final int RESERVED = 0xE0;
    /** MTIME (4 bytes), XFL and OS, which nothing here checks. */
    private static final int UNCHECKED_HEADER_BYTES = 6;

    private final InputStream in;
    private final String name;
    private final byte[] buffer;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 memberCrc = new CRC32();
    private final CRC32 headerCrc = new CRC32();
    /** The compressed offset of {@code buffer[0]}. */
    private long bufferStart;
    private int next;
    private int end;
    /** Decompressed bytes of the current member. */
    private long memberSize;
    private boolean done;

    /** Whether {@code start}, a file's first bytes, are those of a gzip member. */
    static boolean startsMember(byte[] start) {
        return start.length >= 2 && (start[0] & 0xFF) == MAGIC_0 && (start[1] & 0xFF) == MAGIC_1;
    }

    /** Opens {@code in} and checks the first member's header; {@code in} is not closed by {@link #close}. */
    GzipStream(InputStream in, String name, int bufferSize) throws IOException {
        this.in = in;
        this.name = name;
        this.buffer = new byte[bufferSize];
        try {
            readHeader();
        } catch (IOException | RuntimeException e) {
            inflater.end();
            throw e;
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (!done) {
            int n = inflate(b, off, len);
            if (n > 0) {
                memberCrc.update(b, off, n);
                memberSize += n;
                return n;
            }
            if (inflater.finished()) {
                readTrailer();
                if (atEnd()) {
                    done = true;
                } else {
                    inflater.reset();
                    readHeader();
                }
            } else if (inflater.needsDictionary()) {
                throw error(position(), "expected deflate data, found a block that needs a preset dictionary");
            } else if (inflater.needsInput() && !fill()) {
                throw error(position(), "expected more deflate data, the file ends in the middle of the stream");
            }
        }
        return -1;
    }

    /** Frees the inflater's native memory; the underlying stream stays open. */
    @Override
    public void close() {
        inflater.end();
    }

    private int inflate(byte[] b, int off, int len) throws IOException {
        inflater.setInput(buffer, next, end - next);
        try {
            return inflater.inflate(b, off, len);
        } catch (DataFormatException e) {
            throw error(position(), "expected deflate data, found corrupt data" + Idx.reason(e));
        } finally {
            next = end - inflater.getRemaining();
        }
    }

    private void readHeader() throws IOException {
        long start = position();
        headerCrc.reset();
        int id1 = readByteOrEnd();
        int id2 = id1 < 0 ? -1 : readByteOrEnd();
        if (id1 != MAGIC_0 || id2 != MAGIC_1) {
            throw error(start, "expected the end of the file or a gzip member (1F 8B), found " + hexOrEnd(id1)
                    + (id1 < 0 ? "" : " " + hexOrEnd(id2)));
        }
        headerCrc.update(id1);
        headerCrc.update(id2);
        int method = headerByte(start, "a gzip header");
        if (method != DEFLATE) {
            throw error(start + 2, "expected compression method 8 (deflate), found " + method);
        }
        int flags = headerByte(start, "a gzip header");
        if ((flags & RESERVED) != 0) {
            throw error(start + 3, String.format("expected the reserved flag bits 5-7 to be 0, found flags %02X", flags));
        }
        for (int i = 0; i < UNCHECKED_HEADER_BYTES; i++) {
            headerByte(start, "a gzip header");
        }
        if ((flags & FEXTRA) != 0) {
            int length = headerByte(start, "the extra field's length") | headerByte(start, "the extra field's length") << 8;
            for (int i = 0; i < length; i++) {
                headerByte(start, "the extra field's " + length + " bytes");
            }
        }
        if ((flags & FNAME) != 0) {
            skipZeroTerminated(start, "the file name's terminating zero");
        }
        if ((flags & FCOMMENT) != 0) {
            skipZeroTerminated(start, "the comment's terminating zero");
        }
        if ((flags & FHCRC) != 0) {
            long at = position();
            int expected = (int) headerCrc.getValue() & 0xFFFF;
            int found = readByte("the header CRC") | readByte("the header CRC") << 8;
            if (found != expected) {
                throw error(at, String.format("expected the header CRC %04X, found %04X", expected, found));
            }
        }
        memberCrc.reset();
        memberSize = 0;
    }

    private void readTrailer() throws IOException {
        long at = position();
        long crc = readLittleEndianInt("the trailer's CRC-32");
        long size = readLittleEndianInt("the trailer's size");
        if (crc != memberCrc.getValue()) {
            throw error(at, String.format("expected the CRC-32 %08X of the decompressed data, found %08X",
                    memberCrc.getValue(), crc));
        }
        if (size != (memberSize & 0xFFFF_FFFFL)) {
            throw error(at + 4, "expected the decompressed size " + memberSize + " (mod 2^32), found " + size);
        }
    }

    private void skipZeroTerminated(long start, String what) throws IOException {
        while (headerByte(start, what) != 0) {
            // a Latin-1 name or comment, which nothing here needs
        }
    }

    /** A byte of the header that started at {@code start}, counted in its CRC. */
    private int headerByte(long start, String what) throws IOException {
        int b = readByte(what + " (member at offset " + start + ")");
        headerCrc.update(b);
        return b;
    }

    private long readLittleEndianInt(String what) throws IOException {
        long value = 0;
        for (int i = 0; i < 4; i++) {
            value |= (long) readByte(what) << (8 * i);
        }
        return value;
    }

    private int readByte(String what) throws IOException {
        int b = readByteOrEnd();
        if (b < 0) {
            throw new EOFException(name + ": compressed offset " + position() + ": expected " + what
                    + ", the file ends");
        }
        return b;
    }

    /** The next byte, or -1 at the end of the file. */
    private int readByteOrEnd() throws IOException {
        return next == end && !fill() ? -1 : buffer[next++] & 0xFF;
    }

    private static String hexOrEnd(int b) {
        return b < 0 ? "the end of the file" : String.format("%02X", b);
    }

    private boolean atEnd() throws IOException {
        return next == end && !fill();
    }

    /** Refills the empty buffer; false at the end of the file. */
    private boolean fill() throws IOException {
        bufferStart += end;
        next = 0;
        end = 0;
        int n;
        try {
            n = in.read(buffer, 0, buffer.length);
        } catch (IOException e) {
            throw new IOException(name + ": compressed offset " + bufferStart + ": read failed" + Idx.reason(e), e);
        }
        end = Math.max(n, 0);
        return n > 0;
    }

    private long position() {
        return bufferStart + next;
    }

    private IOException error(long offset, String message) {
        return new IOException(name + ": compressed offset " + offset + ": " + message);
    }
}
