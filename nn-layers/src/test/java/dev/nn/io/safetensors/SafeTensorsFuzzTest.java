package dev.nn.io.safetensors;

import static dev.nn.io.safetensors.SafeTensorsFiles.openAndReadAll;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of random corruptions of a valid file: each must load and read, or fail with an
 * IOException. Any other Throwable (an IllegalStateException out of Gson, an ArithmeticException,
 * an OutOfMemoryError from a size taken on trust) is a bug.
 */
class SafeTensorsFuzzTest {
    private static final long SEED = 20250611L;
    private static final int CASES = 4000;
    /** Bytes that matter to JSON, for mutations that keep the header nearly valid. */
    private static final byte[] JSON_BYTES = "{}[],:\" 0123456789-.eE\\tnul".getBytes(StandardCharsets.US_ASCII);

    @TempDir
    Path dir;

    @Test
    void mutatedFilesLoadOrFailWithAnIOException() throws IOException {
        Path valid = dir.resolve("valid.safetensors");
        new SafeTensorsWriter()
                .metadata("format", "pt")
                .addF32("w", new int[] {2, 3}, values -> values.put(new float[] {1, 2, 3, 4, 5, 6}))
                .addF32("scalar", new int[0], values -> values.put(-1))
                .addF32("empty", new int[] {0, 2}, values -> { })
                .addI64("step", new int[] {2}, new long[] {7, 8})
                .write(valid);
        byte[] original = Files.readAllBytes(valid);
        Random random = new Random(SEED);
        Path file = dir.resolve("mutant.safetensors");
        int loaded = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] mutant = original;
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                mutant = mutate(mutant, random);
            }
            Files.write(file, mutant);
            try {
                openAndReadAll(file);
                loaded++;
            } catch (IOException expected) {
                // A refused file: what the reader must do with a corrupt one.
            } catch (Throwable t) {
                fail("case " + i + " (seed " + SEED + "): " + t + " for " + HexFormat.of().formatHex(mutant), t);
            }
        }
        assertTrue(loaded > 0 && loaded < CASES, loaded + " of " + CASES + " mutants loaded: the mutations are too weak or too strong");
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        int headerEnd = 8 + (int) Math.min(Math.max(0, headerLength(bytes)), Math.max(0, bytes.length - 8));
        // Most mutations land in the header, where the parsing is.
        int at = bytes.length == 0 ? 0 : random.nextInt(4) > 0 && headerEnd > 8
                ? 8 + random.nextInt(headerEnd - 8) : random.nextInt(bytes.length);
        return switch (random.nextInt(8)) {
            case 0 -> withByte(bytes, at, (byte) random.nextInt(256));
            case 1 -> withByte(bytes, at, (byte) (at < bytes.length ? bytes[at] ^ (1 << random.nextInt(8)) : 0));
            case 2 -> withByte(bytes, at, JSON_BYTES[random.nextInt(JSON_BYTES.length)]);
            case 3 -> Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
            case 4 -> insert(bytes, at, JSON_BYTES[random.nextInt(JSON_BYTES.length)]);
            case 5 -> delete(bytes, at, 1 + random.nextInt(4));
            case 6 -> withHeaderLength(bytes, headerLength(bytes) + random.nextInt(17) - 8);
            default -> withHeaderLength(bytes, switch (random.nextInt(4)) {
                case 0 -> random.nextLong();
                case 1 -> Long.MIN_VALUE | random.nextInt(64);
                case 2 -> random.nextInt(bytes.length + 1);
                default -> 0;
            });
        };
    }

    private static long headerLength(byte[] bytes) {
        return bytes.length < 8 ? 0 : ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] withHeaderLength(byte[] bytes, long length) {
        byte[] copy = Arrays.copyOf(bytes, Math.max(8, bytes.length));
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
        return copy;
    }

    private static byte[] withByte(byte[] bytes, int at, byte value) {
        if (at >= bytes.length) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        copy[at] = value;
        return copy;
    }

    private static byte[] insert(byte[] bytes, int at, byte value) {
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = value;
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    private static byte[] delete(byte[] bytes, int at, int n) {
        int end = Math.min(bytes.length, at + n);
        byte[] copy = new byte[bytes.length - (end - at)];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, end, copy, at, bytes.length - end);
        return copy;
    }
}
