package dev.nn.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** SafeTensorsWriter refuses, when a tensor is added, what would make an invalid or ambiguous file. */
class SafeTensorsWriterArgumentsTest {
    private static final TensorData ZEROS = values -> { };

    @TempDir
    Path dir;

    private static void assertRefused(String expected, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    }

    @Test
    void namesMustBeNonEmptyUniqueAndNotTheMetadataKey() {
        SafeTensorsWriter writer = new SafeTensorsWriter().addF32("w", new int[] {1}, ZEROS);
        assertRefused("tensor \"w\": a tensor of that name was already added", () -> writer.addF32("w", new int[] {1}, ZEROS));
        assertRefused("tensor \"w\": a tensor of that name was already added", () -> writer.addI64("w", new int[0], new long[1]));
        assertRefused("tensor \"__metadata__\": the name is reserved for the metadata",
                () -> writer.addF32("__metadata__", new int[] {1}, ZEROS));
        assertRefused("a tensor's name must not be empty", () -> writer.addF32("", new int[] {1}, ZEROS));
        assertRefused("a tensor's name must not be null", () -> writer.addI64(null, new int[0], new long[1]));
        assertRefused("tensor name \"a\uD800\" is not valid Unicode", () -> writer.addF32("a\uD800", new int[] {1}, ZEROS));
        assertRefused("metadata value of \"k\" \"\uDC00\" is not valid Unicode", () -> writer.metadata("k", "\uDC00"));
        assertRefused("metadata key must not be null", () -> writer.metadata(null, "v"));
    }

    @Test
    void shapesMustBeNonNegativeAndFitOneBuffer() {
        SafeTensorsWriter writer = new SafeTensorsWriter();
        assertRefused("tensor \"w\": shape [2, -1] has a negative dimension", () -> writer.addF32("w", new int[] {2, -1}, ZEROS));
        assertRefused("tensor \"w\": shape must not be null", () -> writer.addF32("w", null, ZEROS));
        assertRefused("tensor \"w\": F32 [536870911, 2] would take more than the 2147483639 bytes one buffer holds",
                () -> writer.addF32("w", new int[] {536870911, 2}, ZEROS));
        int big = Integer.MAX_VALUE;
        assertRefused("would take more than", () -> writer.addF32("w", new int[] {big, big, big}, ZEROS));
    }

    @Test
    void valuesMustMatchTheShape() {
        SafeTensorsWriter writer = new SafeTensorsWriter();
        assertRefused("tensor \"n\": shape [2, 2] has 4 elements but 3 values were given",
                () -> writer.addI64("n", new int[] {2, 2}, new long[3]));
        assertRefused("tensor \"n\": shape [] has 1 elements but no values were given", () -> writer.addI64("n", new int[0], null));
        assertRefused("tensor \"w\": data must not be null", () -> writer.addF32("w", new int[] {1}, null));
    }

    @Test
    void aRefusedTensorLeavesTheWriterAsItWas() throws IOException {
        long[] values = {1, 2};
        SafeTensorsWriter writer = new SafeTensorsWriter();
        assertThrows(IllegalArgumentException.class, () -> writer.addI64("n", new int[] {3}, values));
        writer.addI64("n", new int[] {2}, values);
        values[0] = 99; // copied when added
        Path file = dir.resolve("model.safetensors");
        writer.write(file);
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertEquals(new TensorEntry("n", DType.I64, new long[] {2}, 0, 16), reader.entry("n"));
            assertArrayEquals(new long[] {1, 2}, reader.readLongs("n"));
        }
    }
}
