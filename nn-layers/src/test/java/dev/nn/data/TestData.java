package dev.nn.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the data tests: IDX files built in memory, and error-message assertions. */
final class TestData {
    private TestData() {
    }

    /** The bytes of an IDX file of the given type code and dimensions, values cast to the type. */
    static byte[] idx(int type, int[] dims, double... values) {
        int width = switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> throw new IllegalArgumentException("no IDX type 0x" + Integer.toHexString(type));
        };
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length + width * values.length); // big-endian
        b.put((byte) 0).put((byte) 0).put((byte) type).put((byte) dims.length);
        for (int d : dims) {
            b.putInt(d);
        }
        for (double v : values) {
            switch (type) {
                case 0x08, 0x09 -> b.put((byte) (int) v);
                case 0x0B -> b.putShort((short) v);
                case 0x0C -> b.putInt((int) v);
                case 0x0D -> b.putFloat((float) v);
                default -> b.putDouble(v);
            }
        }
        return b.array();
    }

    /** {@code raw} gzip-compressed. */
    static byte[] gzip(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out)) {
            z.write(raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * One gzip member of {@code raw} with the given FLG byte, built by hand so that the optional
     * fields can be tested: FEXTRA adds 3 bytes, FNAME the name "x.idx", FCOMMENT "hi", FHCRC the
     * header's CRC (reserved bits are written as given).
     */
    static byte[] gzipMember(byte[] raw, int flags) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 1, 2, 3, 4, 0, 3});
        if ((flags & 4) != 0) {
            header.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'});
        }
        if ((flags & 8) != 0) {
            header.writeBytes("x.idx\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & 16) != 0) {
            header.writeBytes("hi\0".getBytes(StandardCharsets.ISO_8859_1));
        }
        if ((flags & 2) != 0) {
            CRC32 crc = new CRC32();
            crc.update(header.toByteArray());
            header.writeBytes(new byte[] {(byte) crc.getValue(), (byte) (crc.getValue() >>> 8)});
        }
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(raw);
        deflater.finish();
        byte[] deflated = new byte[raw.length + 64];
        int n = deflater.deflate(deflated);
        deflater.end();
        CRC32 crc = new CRC32();
        crc.update(raw);
        return ByteBuffer.allocate(header.size() + n + 8).order(ByteOrder.LITTLE_ENDIAN)
                .put(header.toByteArray()).put(deflated, 0, n).putInt((int) crc.getValue()).putInt(raw.length).array();
    }

    /** {@code parts} joined into one array. */
    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Asserts that {@code call} throws {@code type} with a message containing each of {@code parts}. */
    static <T extends Throwable> T assertMessage(Class<T> type, Executable call, String... parts) {
        T e = assertThrows(type, call);
        for (String part : parts) {
            assertTrue(e.getMessage() != null && e.getMessage().contains(part),
                    "message '" + e.getMessage() + "' should contain '" + part + "'");
        }
        return e;
    }
}
