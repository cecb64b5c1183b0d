package dev.nn.spark;

import dev.nn.Network;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A network as the bytes of its model file, which is how the architecture travels to the
 * executors: {@link Network#save} and {@link Network#load} work on files, so the bytes pass
 * through a temporary file on each side.
 */
final class ModelBytes {
    private ModelBytes() {
    }

    /** The bytes of the network's model file. */
    static byte[] of(Network net) {
        Path file = null;
        try {
            file = Files.createTempFile("nn-spark-", ".safetensors");
            net.save(file);
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the network to a temporary model file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    /** The network a model file of these bytes holds. */
    static Network load(byte[] model) {
        Path file = null;
        try {
            file = Files.createTempFile("nn-spark-", ".safetensors");
            Files.write(file, model);
            return Network.load(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not rebuild the network from its model file: " + e.getMessage(), e);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // A temporary file left behind is harmless; the error that matters is the caller's.
            }
        }
    }
}
