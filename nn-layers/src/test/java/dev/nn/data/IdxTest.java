package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static dev.nn.data.TestData.gzip;
import static dev.nn.data.TestData.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nn.core.Tensor;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** IDX files written here, raw and gzip-compressed, read back; and every kind of malformed file. */
class IdxTest {
    private static final String NAME = "t10k-labels-idx1-ubyte.gz";

    @TempDir
    Path dir;

    @Test
    void everyTypeRoundTripsRawAndGzipped() throws IOException {
        int[] shape = {2, 1, 3};
        double[][] values = {
            {0, 1, 127, 128, 200, 255},
            {-128, -1, 0, 1, 64, 127},
            {-32768, -1, 0, 7, 1000, 32767},
            {-16777216, -123456, 0, 1, 123456, 16777216},
            {1.5, -0.25, 0, Float.MIN_VALUE, -Float.MAX_VALUE, 3.0e38},
            {0.1, -1e-3, 0, 1e30, -2.5, 1.0 / 3},
        };
        int[] types = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E};
        for (int t = 0; t < types.length; t++) {
            float[] expected = new float[values[t].length];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (float) values[t][i];
            }
            byte[] raw = idx(types[t], shape, values[t]);
            // Neither name says gzip: the format is recognised from the content.
            for (byte[] bytes : new byte[][] {raw, gzip(raw)}) {
                Path file = Files.write(dir.resolve("type" + t + ".idx"), bytes);
                String what = "type 0x" + Integer.toHexString(types[t]) + (bytes == raw ? " raw" : " gzip");
                Tensor x = Idx.read(file);
                assertArrayEquals(shape, x.shape(), what);
                assertArrayEquals(expected, Arrays.copyOf(x.data(), x.size()), what);
                Tensor y = Idx.read(new ByteArrayInputStream(bytes), "stream");
                assertArrayEquals(expected, Arrays.copyOf(y.data(), y.size()), what + " from a stream");
            }
        }
    }

    @Test
    void manyChunksAndAGrowingArrayRoundTrip() throws IOException {
        // More values than the reader allocates up front (4 Mi), in many 64 KiB reads.
        int n = 5_000_003;
        byte[] raw = new byte[8 + n];
        raw[2] = 0x08;
        raw[3] = 1;
        raw[4] = (byte) (n >>> 24);
        raw[5] = (byte) (n >>> 16);
        raw[6] = (byte) (n >>> 8);
        raw[7] = (byte) n;
        for (int i = 0; i < n; i++) {
            raw[8 + i] = (byte) (i % 251);
        }
        Tensor x = Idx.read(Files.write(dir.resolve("big"), raw));
        assertArrayEquals(new int[] {n}, x.shape());
        assertEquals(n, x.data().length, "the array grows to exactly the number of values");
        for (int i = 0; i < n; i++) {
            if (x.data()[i] != i % 251) {
                fail("value " + i + " is " + x.data()[i] + ", expected " + i % 251);
            }
        }
        double[] doubles = new double[100_003];
        for (int i = 0; i < doubles.length; i++) {
            doubles[i] = i * 0.5;
        }
        Tensor d = Idx.read(new ByteArrayInputStream(gzip(idx(0x0E, new int[] {doubles.length}, doubles))), "doubles");
        assertEquals(doubles.length, d.size());
        assertEquals(100_002 * 0.5f, d.data()[100_002]);
    }

    @Test
    void theCallersStreamIsLeftOpen() throws IOException {
        boolean[] closed = {false};
        for (byte[] bytes : new byte[][] {idx(0x08, new int[] {1}, 5), gzip(idx(0x08, new int[] {1}, 5))}) {
            Idx.read(new FilterInputStream(new ByteArrayInputStream(bytes)) {
                @Override
                public void close() {
                    closed[0] = true;
                }
            }, "stream");
        }
        assertFalse(closed[0]);
    }

    @Test
    void truncatedDataSaysHowManyValuesArrived() {
        byte[] full = idx(0x08, new int[] {10000}, new double[10000]);
        byte[] cut = gzip(Arrays.copyOf(full, 8 + 9990));
        IOException e = assertMessage(IOException.class, () -> Idx.read(new ByteArrayInputStream(cut), NAME));
        assertEquals(NAME + ": offset 8: expected 10000 values of 1 byte, file ends after 9990 values", e.getMessage());

        byte[] ints = Arrays.copyOf(idx(0x0C, new int[] {3}, 1, 2, 3), 8 + 9);
        assertMessage(IOException.class, () -> read(ints), NAME, "offset 8: expected 3 values of 4 bytes, file ends after 2 values and 1 byte");
    }

    @Test
    void malformedHeadersNameFileOffsetAndWhatWasExpected() {
        assertMessage(IOException.class, () -> read(new byte[0]), NAME, "offset 0", "file ends after 0 bytes");
        assertMessage(IOException.class, () -> read(new byte[] {0, 0, 8}), NAME, "offset 0", "file ends after 3 bytes");
        assertMessage(IOException.class, () -> read(new byte[] {'P', 'K', 3, 4, 0}), NAME, "offset 0",
                "expected the magic bytes 00 00, found 50 4B");
        assertMessage(IOException.class, () -> read(new byte[] {0, 0, 7, 1, 0, 0, 0, 1, 0}), NAME, "offset 2",
                "0x08 unsigned byte", "found 0x07");
        assertMessage(IOException.class, () -> read(new byte[] {0, 0, 8, 0}), NAME, "offset 3",
                "expected at least 1 dimension, found 0");
        assertMessage(IOException.class, () -> read(new byte[] {0, 0, 8, 2, 0, 0, 0, 1, 0}), NAME, "offset 4",
                "expected 2 dimensions of 4 bytes, file ends after 1 dimension and 1 byte");
        assertMessage(IOException.class, () -> read(idx(0x08, new int[] {0})), NAME, "offset 4",
                "expected dimension 1 of 1 to be at least 1, found 0");
        assertMessage(IOException.class, () -> read(idx(0x08, new int[] {3, -5}, 0, 0, 0)), NAME, "offset 8",
                "expected dimension 2 of 2 to be at least 1, found -5");
    }

    @Test
    void tooManyValuesForOneArrayIsRefusedBeforeAllocating() {
        assertMessage(IOException.class, () -> read(idx(0x08, new int[] {65536, 65536})), NAME, "offset 4",
                "at most 2147483639 values", "[65536, 65536]");
        int max = Integer.MAX_VALUE;
        assertMessage(IOException.class, () -> read(idx(0x0D, new int[] {max, max, max, max})), NAME, "offset 4");
        // Within the limit but far beyond the file: a truncation error, not an OutOfMemoryError.
        assertMessage(IOException.class, () -> read(idx(0x0E, new int[] {2_000_000_000}, 1)), NAME, "offset 8",
                "expected 2000000000 values of 8 bytes, file ends after 1 value");
    }

    @Test
    void trailingBytesAreRefused() {
        byte[] extra = Arrays.copyOf(idx(0x0B, new int[] {2}, 1, 2), 8 + 4 + 1);
        assertMessage(IOException.class, () -> read(extra), NAME, "offset 12",
                "expected the end of the file after 2 values, found more bytes");
        assertMessage(IOException.class, () -> read(gzip(extra)), NAME, "offset 12");
    }

    @Test
    void valuesAFloatCannotHoldAreRoundedUnlessExactnessIsAsked() throws IOException {
        byte[] doubles = idx(0x0E, new int[] {3}, 1, 2, 9.0000001);
        assertEquals(9f, read(doubles).data()[2]);
        assertMessage(IOException.class, () -> Idx.read(new ByteArrayInputStream(gzip(doubles)), NAME, true),
                NAME, "offset 24: value 2 is 9.0000001, which a float cannot hold exactly");
        byte[] ints = idx(0x0C, new int[] {2}, 16_777_216, 16_777_217);
        assertEquals(16_777_216f, read(ints).data()[1]);
        assertMessage(IOException.class, () -> Idx.read(new ByteArrayInputStream(ints), NAME, true),
                NAME, "offset 12: value 1 is 16777217, which a float cannot hold exactly");
        byte[] nan = idx(0x0E, new int[] {2}, Double.NaN, Double.POSITIVE_INFINITY);
        assertTrue(Float.isNaN(Idx.read(new ByteArrayInputStream(nan), NAME, true).data()[0]),
                "NaN and infinity convert exactly; what they mean is for the caller to judge");
    }

    @Test
    void everyTruncationAndRandomCorruptionIsAnIoExceptionOrATensor() {
        byte[] raw = idx(0x0C, new int[] {3, 2}, 1, -2, 3, -4, 5, -6);
        byte[] z = gzip(raw);
        for (byte[] file : new byte[][] {raw, z}) {
            for (int len = 0; len < file.length; len++) {
                byte[] cut = Arrays.copyOf(file, len);
                assertMessage(IOException.class, () -> read(cut), NAME, "offset ");
            }
        }
        Random random = new Random(42);
        for (int trial = 0; trial < 2000; trial++) {
            byte[] file = (trial % 2 == 0 ? raw : z).clone();
            for (int k = random.nextInt(3); k >= 0; k--) {
                file[random.nextInt(file.length)] = (byte) random.nextInt(256);
            }
            try {
                read(file);
            } catch (IOException e) {
                assertTrue(e.getMessage().startsWith(NAME + ": offset ")
                        || e.getMessage().startsWith(NAME + ": compressed offset "), e.getMessage());
            }
        }
    }

    private static Tensor read(byte[] file) throws IOException {
        return Idx.read(new ByteArrayInputStream(file), NAME);
    }
}
