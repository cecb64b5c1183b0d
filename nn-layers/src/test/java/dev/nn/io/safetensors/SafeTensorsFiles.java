package dev.nn.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** Safetensors files built byte by byte, as another writer (or a corruption) would leave them. */
final class SafeTensorsFiles {
    private SafeTensorsFiles() {
    }

    /** A file: the header length {@code headerLength}, then {@code header}, then {@code data}. */
    static byte[] file(long headerLength, byte[] header, byte[] data) {
        return ByteBuffer.allocate(8 + header.length + data.length).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(headerLength).put(header).put(data).array();
    }

    /** A file whose header is {@code json} as it is, unpadded, followed by {@code data}. */
    static byte[] file(String json, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        return file(header.length, header, data);
    }

    /** {@code n} bytes 0, 1, 2, ... */
    static byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    /** Little-endian bytes of {@code values}, each {@code size} bytes wide (2, 4 or 8), from its low end. */
    static byte[] littleEndian(int size, long... values) {
        ByteBuffer bytes = ByteBuffer.allocate(size * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            switch (size) {
                case 2 -> bytes.putShort((short) value);
                case 4 -> bytes.putInt((int) value);
                case 8 -> bytes.putLong(value);
                default -> throw new IllegalArgumentException("no element of " + size + " bytes");
            }
        }
        return bytes.array();
    }

    /** {@code parts} joined into one array. */
    static byte[] concat(byte[]... parts) {
        ByteBuffer all = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        for (byte[] part : parts) {
            all.put(part);
        }
        return all.array();
    }

    /** Opens the file and reads every tensor, as a loader would. */
    static void openAndReadAll(Path file) throws IOException {
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            for (TensorEntry entry : reader.entries()) {
                if (entry.dtype() == DType.I64) {
                    reader.readLongs(entry.name());
                } else {
                    reader.readFloats(entry.name());
                }
            }
        }
    }

    /**
     * Asserts that {@code bytes}, saved as {@code file}, are refused with an IOException whose
     * message names the file and contains each of {@code parts}.
     */
    static IOException assertRejected(Path file, byte[] bytes, String... parts) throws IOException {
        Files.write(file, bytes);
        IOException e = assertThrows(IOException.class, () -> openAndReadAll(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": "), "message '" + e.getMessage() + "' should start with the file");
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message '" + e.getMessage() + "' should contain '" + part + "'");
        }
        return e;
    }
}
