package dev.nn.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files that SafeTensorsWriter saves, read back by SafeTensorsReader: values bit for bit, metadata, layout. */
class SafeTensorsRoundTripTest {
    /** Values whose bits a careless conversion would change. */
    private static final float[] SPECIAL = {
        Float.intBitsToFloat(0x7fc12345), // a quiet NaN with a payload
        Float.intBitsToFloat(0xffc00001), // a negative one
        -0.0f, 0.0f, Float.MIN_VALUE, -1.0e-40f, Float.MIN_NORMAL,
        Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.MAX_VALUE, -1.5f, 0.1f,
    };

    @TempDir
    Path dir;

    @Test
    void tensorsOfEveryShapeRoundTripBitForBit() throws IOException {
        float[] cube = new float[24];
        for (int i = 0; i < cube.length; i++) {
            cube[i] = i < SPECIAL.length ? SPECIAL[i] : i * 0.5f - 3;
        }
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter()
                .addF32("scalar", new int[0], values -> values.put(SPECIAL[0]))
                .addF32("empty", new int[] {0, 3}, values -> { })
                .addF32("cube", new int[] {2, 3, 4}, values -> values.put(cube))
                .addI64("step", new int[0], new long[] {Long.MIN_VALUE})
                .addI64("seeds", new int[] {3}, new long[] {Long.MAX_VALUE, -1, 0})
                .write(file);
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertEquals(List.of(
                    new TensorEntry("scalar", DType.F32, new long[0], 0, 4),
                    new TensorEntry("empty", DType.F32, new long[] {0, 3}, 4, 4),
                    new TensorEntry("cube", DType.F32, new long[] {2, 3, 4}, 4, 100),
                    new TensorEntry("step", DType.I64, new long[0], 100, 108),
                    new TensorEntry("seeds", DType.I64, new long[] {3}, 108, 132)), reader.entries());
            assertArrayEquals(bits(SPECIAL[0]), bits(reader.readFloats("scalar")));
            assertArrayEquals(new float[0], reader.readFloats("empty"));
            assertArrayEquals(bits(cube), bits(reader.readFloats("cube")));
            assertArrayEquals(new long[] {Long.MIN_VALUE}, reader.readLongs("step"));
            assertArrayEquals(new long[] {Long.MAX_VALUE, -1, 0}, reader.readLongs("seeds"));
            assertTrue(reader.metadata().isEmpty());
        }
    }

    @Test
    void aTensorLargerThanOneReadChunkRoundTrips() throws IOException {
        // 3 MiB and a bit: several positional reads and write slices, the last one partial.
        int n = (3 << 18) + 5;
        Path file = dir.resolve("big.safetensors");
        new SafeTensorsWriter().addF32("big", new int[] {n}, values -> {
            for (int i = 0; i < n; i++) {
                values.put(i * 0.25f);
            }
        }).write(file);
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            float[] values = reader.readFloats("big");
            assertEquals(n, values.length);
            for (int i = 0; i < n; i++) {
                assertEquals(i * 0.25f, values[i], "value " + i);
            }
        }
    }

    @Test
    void aViewIsWrittenWithoutCopying() throws IOException {
        float[][] rows = {{1, 2, 3}, {4, 5, 6}};
        Path file = dir.resolve("transposed.safetensors");
        // The transpose [3, 2] of a [2, 3] matrix, put element by element at absolute positions.
        new SafeTensorsWriter().addF32("t", new int[] {3, 2}, values -> {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 3; c++) {
                    values.put(c * 2 + r, rows[r][c]);
                }
            }
        }).write(file);
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, reader.readFloats("t"));
        }
    }

    @Test
    void metadataRoundTripsWhateverJsonMustEscape() throws IOException {
        Map<String, String> pairs = Map.of(
                "format", "pt",
                "quote \" and backslash \\", "new\nline, tab\t, nul \0 and \u001f",
                "html <b>&amp;</b> 'x'", "line separators \u2028 \u2029",
                "non-ASCII: é, 日本語, 😀", "значение");
        SafeTensorsWriter writer = new SafeTensorsWriter();
        pairs.forEach(writer::metadata);
        Path file = dir.resolve("meta.safetensors");
        writer.addF32("w", new int[] {1}, values -> values.put(1)).write(file);
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertEquals(pairs, reader.metadata());
            assertThrows(UnsupportedOperationException.class, () -> reader.metadata().put("x", "y"));
            assertThrows(UnsupportedOperationException.class, () -> reader.entries().clear());
        }
        String header = header(Files.readAllBytes(file));
        assertTrue(header.contains("<b>&amp;</b>"), "not HTML-escaped: " + header);
        assertTrue(header.contains("日本語"), "UTF-8, not \\u escapes: " + header);
    }

    @Test
    void theHeaderIsCompactMetadataFirstAndPaddedWithSpaces() throws IOException {
        Path file = dir.resolve("layout.safetensors");
        new SafeTensorsWriter()
                .addF32("a", new int[] {2}, values -> values.put(new float[] {1, 2}))
                .metadata("k", "v")
                .write(file);
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, headerLength % 8, "the data area starts at a multiple of 8");
        assertEquals(8 + headerLength + 8, bytes.length);
        assertEquals("{\"__metadata__\":{\"k\":\"v\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                header(bytes).stripTrailing());
        assertTrue(header(bytes).endsWith(" "), "padded with spaces");
    }

    @Test
    void aFileWithoutTensorsOrMetadataRoundTrips() throws IOException {
        Path file = dir.resolve("empty.safetensors");
        new SafeTensorsWriter().write(file);
        assertEquals("{}", header(Files.readAllBytes(file)).strip());
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertTrue(reader.entries().isEmpty());
            assertTrue(reader.metadata().isEmpty());
        }
    }

    @Test
    void readingTheWrongWayOrAMissingTensorIsAnIOException() throws IOException {
        Path file = dir.resolve("model.safetensors");
        new SafeTensorsWriter()
                .addF32("w", new int[] {1}, values -> values.put(1))
                .addI64("step", new int[0], new long[] {7})
                .write(file);
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertNull(reader.entry("missing"));
            assertEquals(DType.I64, reader.entry("step").dtype());
            IOException integers = assertThrows(IOException.class, () -> reader.readFloats("step"));
            assertTrue(integers.getMessage().contains("tensor \"step\": holds integers"), integers.getMessage());
            IOException floats = assertThrows(IOException.class, () -> reader.readLongs("w"));
            assertTrue(floats.getMessage().contains("tensor \"w\": holds F32 values"), floats.getMessage());
            IOException missing = assertThrows(IOException.class, () -> reader.readFloats("missing"));
            assertTrue(missing.getMessage().contains("no tensor \"missing\""), missing.getMessage());
        }
    }

    /** The header's JSON, padding included. */
    private static String header(byte[] file) {
        int length = (int) ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        return new String(file, 8, length, StandardCharsets.UTF_8);
    }

    private static int[] bits(float... values) {
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }
}
