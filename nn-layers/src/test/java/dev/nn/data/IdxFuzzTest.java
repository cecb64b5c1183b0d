package dev.nn.data;

import static dev.nn.data.TestData.concat;
import static dev.nn.data.TestData.gzip;
import static dev.nn.data.TestData.gzipMember;
import static dev.nn.data.TestData.idx;

import dev.nn.fuzz.FuzzRun;
import dev.nn.fuzz.Mutations;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IDX reader against generated corrupt files (see {@link FuzzRun}): valid files of every type
 * mutated at the IDX level (truncations, bit flips, huge, zero and negative dimensions, wrong magic,
 * type and rank, trailing garbage, a header declaring far more than the data holds), then stored raw
 * or gzip-compressed and mutated again at the gzip level (bit flips in the compressed stream,
 * truncations, reserved flags, corrupt trailers, garbage or another member after it). A quarter of
 * the cases are read from a file, whose length the reader checks, the rest from a stream.
 */
class IdxFuzzTest {
    private static final List<byte[]> VALID = List.of(
            idx(0x08, new int[] {3, 4, 5}, new Random(1).doubles(60, 0, 256).toArray()),
            idx(0x09, new int[] {10}, new Random(2).doubles(10, -128, 128).toArray()),
            idx(0x0B, new int[] {7, 1}, new Random(3).doubles(7, -32768, 32768).toArray()),
            idx(0x0C, new int[] {2, 2}, 1, -2, 16_777_217, Integer.MIN_VALUE),
            idx(0x0D, new int[] {2, 3}, 0.5, -1, Float.MAX_VALUE, Double.NaN, 0, 1e-40),
            idx(0x0E, new int[] {1, 1, 2}, Math.PI, -1e300));

    @TempDir
    Path dir;

    @Test
    void corruptFilesLoadOrFailWithAnIOException() {
        Path file = dir.resolve("case.idx");
        FuzzRun.run("IDX", IdxFuzzTest::generate, (input, random) -> {
            if (random.nextInt(4) == 0) {
                Idx.read(Mutations.write(file, input), random.nextBoolean());
            } else {
                Idx.read(new ByteArrayInputStream(input), "case", random.nextBoolean());
            }
        });
    }

    private static byte[] generate(Random random) {
        byte[] raw = VALID.get(random.nextInt(VALID.size()));
        for (int m = random.nextInt(3); m > 0; m--) {
            raw = mutateIdx(raw, random);
        }
        if (random.nextBoolean()) {
            return raw;
        }
        byte[] z = random.nextBoolean() ? gzip(raw) : gzipMember(raw, random.nextInt(32));
        for (int m = random.nextInt(3); m > 0; m--) {
            z = mutateGzip(z, random);
        }
        return z;
    }

    private static byte[] mutateIdx(byte[] raw, Random random) {
        int rank = raw.length > 3 ? raw[3] & 0xFF : 0;
        return switch (random.nextInt(10)) {
            case 0 -> Mutations.truncate(raw, random);
            case 1 -> Mutations.flipBit(raw, random);
            case 2 -> Mutations.setByte(raw, random.nextInt(4), (byte) random.nextInt(256));
            case 3, 4 -> rank == 0 || raw.length < 4 + 4 * rank ? Mutations.flipBit(raw, random)
                    : withInt(raw, 4 + 4 * random.nextInt(rank), size(random));
            case 5 -> concat(raw, Mutations.garbage(random));
            case 6 -> Mutations.insert(raw, random);
            case 7 -> Mutations.delete(raw, random);
            // A header declaring billions of values before a little data: held, never allocated for.
            case 8 -> concat(Arrays.copyOf(withInt(raw, 4, 2_000_000_000 + random.nextInt(100_000_000)), 8),
                    new byte[random.nextInt(1 << 16)]);
            default -> Mutations.setByte(raw, 3, (byte) random.nextInt(4));
        };
    }

    private static byte[] mutateGzip(byte[] z, Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> Mutations.truncate(z, random);
            case 1, 2 -> Mutations.flipBit(z, random);
            // The flag byte: reserved bits, or optional fields that are not there.
            case 3 -> Mutations.setByte(z, 3, (byte) (z.length > 3 ? z[3] ^ 1 << random.nextInt(8) : 0));
            // The trailer: CRC-32 and size.
            case 4 -> Mutations.setByte(z, z.length - 1 - random.nextInt(8), (byte) random.nextInt(256));
            case 5 -> concat(z, Mutations.garbage(random));
            default -> concat(z, random.nextBoolean() ? gzip(new byte[random.nextInt(3)]) : z);
        };
    }

    /** A dimension's size: the extremes, zero, negatives and sizes just beyond the data. */
    private static int size(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.MAX_VALUE;
            case 1 -> Integer.MIN_VALUE + random.nextInt(3);
            case 2 -> -random.nextInt(3);
            case 3 -> random.nextInt();
            case 4 -> 1 << random.nextInt(31);
            default -> 1 + random.nextInt(70);
        };
    }

    private static byte[] withInt(byte[] bytes, int at, int value) {
        byte[] copy = Arrays.copyOf(bytes, Math.max(bytes.length, at + 4));
        ByteBuffer.wrap(copy).putInt(at, value);
        return copy;
    }
}
