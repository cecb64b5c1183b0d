package dev.nn.io.safetensors;

import static dev.nn.io.safetensors.SafeTensorsFiles.concat;
import static dev.nn.io.safetensors.SafeTensorsFiles.file;
import static dev.nn.io.safetensors.SafeTensorsFiles.littleEndian;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files written here byte by byte, as Python's safetensors and other writers lay them out: every
 * dtype converted to floats, no alignment, entries in any order, whitespace anywhere JSON allows.
 */
class SafeTensorsHandWrittenTest {
    @TempDir
    Path dir;

    @Test
    void halfBfloatAndDoubleConvertToFloatsAtUnalignedOffsets() throws IOException {
        // A 1-element F16 tensor first, so that the F32 tensor starts at data offset 2 and the F64 one
        // at 18; a trailing space makes the header's length odd, and the data area start at an odd
        // file offset.
        String json = "{\"half\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]},"
                + "\"single\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[2,18]},"
                + "\"double\":{\"dtype\":\"F64\",\"shape\":[2,3],\"data_offsets\":[18,66]},"
                + "\"halves\":{\"dtype\":\"F16\",\"shape\":[8],\"data_offsets\":[66,82]},"
                + "\"bfloats\":{\"dtype\":\"BF16\",\"shape\":[2,4],\"data_offsets\":[82,98]}} ";
        assertEquals(1, (8 + json.length()) % 2, "the data area starts at an odd offset");
        byte[] data = concat(
                littleEndian(2, 0x3C00),
                littleEndian(4, Float.floatToRawIntBits(1.5f), Float.floatToRawIntBits(-0.0f),
                        Float.floatToRawIntBits(Float.MIN_VALUE), Float.floatToRawIntBits(Float.NaN)),
                littleEndian(8, Double.doubleToRawLongBits(0.1), Double.doubleToRawLongBits(1e300),
                        Double.doubleToRawLongBits(-1e-300), Double.doubleToRawLongBits(3.5),
                        Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY), Double.doubleToRawLongBits(-0.0)),
                // 1, -2, the largest half (65504), the smallest subnormal half (2^-24), infinity, NaN, -0, 1/3 rounded
                littleEndian(2, 0x3C00, 0xC000, 0x7BFF, 0x0001, 0x7C00, 0x7E00, 0x8000, 0x3555),
                // 1, -2, pi to bfloat16's 8 bits (3.140625), -infinity, the smallest subnormal, -0, NaN, 2^127
                littleEndian(2, 0x3F80, 0xC000, 0x4049, 0xFF80, 0x0001, 0x8000, 0x7FC0, 0x7F00));
        Path file = Files.write(dir.resolve("mixed.safetensors"), file(json, data));
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertArrayEquals(new float[] {1}, reader.readFloats("half"));
            assertArrayEquals(new float[] {1.5f, -0.0f, Float.MIN_VALUE, Float.NaN}, reader.readFloats("single"));
            assertArrayEquals(new float[] {0.1f, Float.POSITIVE_INFINITY, -0.0f, 3.5f, Float.NEGATIVE_INFINITY, -0.0f},
                    reader.readFloats("double"));
            assertArrayEquals(new float[] {1, -2, 65504, 0x1p-24f, Float.POSITIVE_INFINITY, Float.NaN, -0.0f, 0.33325195f},
                    reader.readFloats("halves"));
            assertArrayEquals(new float[] {1, -2, 3.140625f, Float.NEGATIVE_INFINITY, 0x1p-133f, -0.0f, Float.NaN, 0x1p127f},
                    reader.readFloats("bfloats"));
        }
    }

    @Test
    void aFileAsPythonWritesItLoads() throws IOException {
        // Spaces after colons and commas, metadata in the middle, entries not in data order, padding.
        String json = "{\"b\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [8, 16]}, "
                + "\"__metadata__\": {\"format\": \"pt\"}, "
                + "\"a\": {\"dtype\": \"I64\", \"shape\": [], \"data_offsets\": [0, 8]}}";
        String padded = json + " ".repeat(8 - (json.length() % 8)) + "\n\t\r";
        byte[] data = concat(littleEndian(8, 42), littleEndian(4, Float.floatToRawIntBits(0.5f), Float.floatToRawIntBits(-4)));
        Path file = Files.write(dir.resolve("python.safetensors"), file(padded, data));
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertEquals(List.of("a", "b"), reader.entries().stream().map(TensorEntry::name).toList(), "data order");
            assertEquals(Map.of("format", "pt"), reader.metadata());
            assertArrayEquals(new long[] {42}, reader.readLongs("a"));
            assertArrayEquals(new float[] {0.5f, -4}, reader.readFloats("b"));
        }
    }

    @Test
    void zeroSizeTensorsMayShareAnOffsetWithEachOtherAndTheNextTensor() throws IOException {
        String json = "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"none\":{\"dtype\":\"F64\",\"shape\":[0],\"data_offsets\":[0,0]},"
                + "\"nothing\":{\"dtype\":\"BF16\",\"shape\":[3,0,2],\"data_offsets\":[0,0]},"
                + "\"last\":{\"dtype\":\"I64\",\"shape\":[0],\"data_offsets\":[4,4]}}";
        Path file = Files.write(dir.resolve("zero.safetensors"), file(json, littleEndian(4, Float.floatToRawIntBits(2))));
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertEquals(List.of("none", "nothing", "w", "last"), reader.entries().stream().map(TensorEntry::name).toList());
            assertArrayEquals(new float[0], reader.readFloats("nothing"));
            assertArrayEquals(new long[0], reader.readLongs("last"));
            assertArrayEquals(new float[] {2}, reader.readFloats("w"));
        }
    }

    @Test
    void aFileWithOnlyMetadataAndNoDataLoads() throws IOException {
        Path file = Files.write(dir.resolve("meta-only.safetensors"), file("{\"__metadata__\":{}}", new byte[0]));
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertTrue(reader.entries().isEmpty());
            assertTrue(reader.metadata().isEmpty());
        }
    }
}
