package dev.nn.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations shared by the fuzz tests; each returns a new array and leaves its input alone. */
public final class Mutations {
    private Mutations() {
    }

    /**
     * The first 0 to {@code bytes.length - 1} bytes.
     *
     * @param bytes the input
     * @param random the case's generator
     * @return a proper prefix, or the empty input unchanged
     */
    public static byte[] truncate(byte[] bytes, Random random) {
        return bytes.length == 0 ? bytes : Arrays.copyOf(bytes, random.nextInt(bytes.length));
    }

    /**
     * One bit flipped.
     *
     * @param bytes the input
     * @param random the case's generator
     * @return the copy, or the empty input unchanged
     */
    public static byte[] flipBit(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        return setByte(bytes, at, (byte) (bytes[at] ^ 1 << random.nextInt(8)));
    }

    /**
     * One byte replaced, if {@code at} is inside the input.
     *
     * @param bytes the input
     * @param at the position
     * @param value the new byte
     * @return the copy, or the input unchanged
     */
    public static byte[] setByte(byte[] bytes, int at, byte value) {
        if (at < 0 || at >= bytes.length) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        copy[at] = value;
        return copy;
    }

    /**
     * A random byte inserted at a random position.
     *
     * @param bytes the input
     * @param random the case's generator
     * @return the longer copy
     */
    public static byte[] insert(byte[] bytes, Random random) {
        int at = random.nextInt(bytes.length + 1);
        byte[] copy = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, copy, 0, at);
        copy[at] = (byte) random.nextInt(256);
        System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
        return copy;
    }

    /**
     * One to four bytes deleted at a random position.
     *
     * @param bytes the input
     * @param random the case's generator
     * @return the shorter copy, or the empty input unchanged
     */
    public static byte[] delete(byte[] bytes, Random random) {
        if (bytes.length == 0) {
            return bytes;
        }
        int at = random.nextInt(bytes.length);
        int end = Math.min(bytes.length, at + 1 + random.nextInt(4));
        byte[] copy = new byte[bytes.length - (end - at)];
        System.arraycopy(bytes, 0, copy, 0, at);
        System.arraycopy(bytes, end, copy, at, bytes.length - end);
        return copy;
    }

    /**
     * 1 to 16 bytes to append: zeros, random bytes or the start of a gzip header.
     *
     * @param random the case's generator
     * @return the bytes
     */
    public static byte[] garbage(Random random) {
        byte[] bytes = new byte[1 + random.nextInt(16)];
        switch (random.nextInt(3)) {
            case 0 -> { }
            case 1 -> random.nextBytes(bytes);
            default -> {
                bytes[0] = 0x1f;
                if (bytes.length > 1) {
                    bytes[1] = (byte) 0x8b;
                }
            }
        }
        return bytes;
    }

    /**
     * Writes a case's file; a failure to write is the test's fault, not the reader's, so it is not an
     * IOException.
     *
     * @param file the file
     * @param bytes its content
     * @return the file
     */
    public static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
