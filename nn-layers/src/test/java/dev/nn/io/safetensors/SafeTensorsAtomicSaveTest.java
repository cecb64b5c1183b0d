package dev.nn.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A save replaces the previous file whole, or fails and leaves it byte for byte, with no temporary file behind. */
class SafeTensorsAtomicSaveTest {
    @TempDir
    Path dir;

    private static SafeTensorsWriter model(float first) {
        return new SafeTensorsWriter()
                .metadata("epoch", Float.toString(first))
                .addF32("a", new int[] {4}, values -> values.put(new float[] {first, 2, 3, 4}))
                .addF32("b", new int[] {2, 2}, values -> values.put(new float[] {5, 6, 7, 8}));
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.toList();
        }
    }

    @Test
    void aSaveThatFailsHalfwayLeavesThePreviousFileAsItWas() throws IOException {
        Path file = dir.resolve("model.safetensors");
        model(1).write(file);
        byte[] previous = Files.readAllBytes(file);
        IllegalStateException failure = new IllegalStateException("the tensor went away");
        SafeTensorsWriter failing = new SafeTensorsWriter()
                .addF32("a", new int[] {4}, values -> values.put(new float[] {9, 9, 9, 9}))
                .addF32("b", new int[] {2, 2}, values -> {
                    values.put(9).put(9);
                    throw failure;
                });
        assertSame(failure, assertThrows(IllegalStateException.class, () -> failing.write(file)));
        assertArrayEquals(previous, Files.readAllBytes(file));
        assertEquals(List.of(file), files(), "no temporary file is left behind");
    }

    @Test
    void aSuccessfulSaveReplacesTheFile() throws IOException {
        Path file = dir.resolve("model.safetensors");
        model(1).write(file);
        model(10).write(file);
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertArrayEquals(new float[] {10, 2, 3, 4}, reader.readFloats("a"));
            assertEquals("10.0", reader.metadata().get("epoch"));
        }
        assertEquals(List.of(file), files());
    }

    @Test
    void aMissingDirectoryIsAClearIOException() {
        Path file = dir.resolve("missing").resolve("model.safetensors");
        IOException e = assertThrows(IOException.class, () -> model(1).write(file));
        assertEquals(file + ": cannot save: the directory " + file.getParent() + " does not exist", e.getMessage());
    }

    @Test
    void aSavedFileHasThePermissionsOfAnyNewFile() throws IOException {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path saved = dir.resolve("model.safetensors");
        model(1).write(saved);
        // Files.createTempFile alone would make it readable by its owner only.
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(saved));
        assertTrue(Files.getPosixFilePermissions(saved).size() > 2, Files.getPosixFilePermissions(saved).toString());
    }
}
