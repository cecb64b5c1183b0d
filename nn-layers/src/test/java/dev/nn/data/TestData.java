package dev.nn.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
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
