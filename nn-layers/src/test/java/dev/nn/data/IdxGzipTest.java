package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static dev.nn.data.TestData.concat;
import static dev.nn.data.TestData.gzip;
import static dev.nn.data.TestData.gzipMember;
import static dev.nn.data.TestData.idx;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gzip layer of the IDX reader: RFC 1952's framing checked strictly, and no size taken on trust. */
class IdxGzipTest {
    private static final String NAME = "train-images-idx3-ubyte.gz";
    private static final byte[] RAW = idx(0x0B, new int[] {2, 3}, 1, -2, 3, -4, 500, -600);
    private static final float[] VALUES = {1, -2, 3, -4, 500, -600};

    @TempDir
    Path dir;

    @Test
    void everyOptionalHeaderFieldIsSkippedAndTheHeaderCrcChecked() throws IOException {
        for (int flags = 0; flags < 32; flags++) {
            Tensor x = read(gzipMember(RAW, flags));
            assertArrayEquals(VALUES, Arrays.copyOf(x.data(), x.size()), "flags " + flags);
        }
        byte[] badHeaderCrc = gzipMember(RAW, 0x1E);
        int crcAt = 10 + 5 + 6 + 3; // fixed header, extra field, name, comment
        badHeaderCrc[crcAt] ^= 1;
        assertMessage(IOException.class, () -> read(badHeaderCrc), NAME, "compressed offset " + crcAt,
                "expected the header CRC");
    }

    @Test
    void reservedFlagBitsAreRefused() {
        for (int bit = 5; bit < 8; bit++) {
            int flags = 1 << bit;
            assertMessage(IOException.class, () -> read(gzipMember(RAW, flags)), NAME, "compressed offset 3",
                    "reserved flag bits 5-7 to be 0", String.format("found flags %02X", flags));
        }
    }

    @Test
    void bytesAfterTheLastMemberAreRefusedLikeBytesAfterARawFile() {
        byte[] z = gzip(RAW);
        for (byte[] garbage : new byte[][] {{'x', 'y', 'z'}, {0x1f, 0x0a}, new byte[100]}) {
            assertMessage(IOException.class, () -> read(concat(z, garbage)), NAME, "compressed offset " + z.length,
                    "expected the end of the file or a gzip member (1F 8B), found ");
        }
        assertMessage(IOException.class, () -> read(concat(z, new byte[] {0})), NAME,
                "compressed offset " + z.length + ": expected the end of the file or a gzip member (1F 8B), found 00 the end of the file");
        // What starts like a member must be a complete one.
        assertMessage(IOException.class, () -> read(concat(z, new byte[] {0x1f, (byte) 0x8b})), NAME,
                "compressed offset " + (z.length + 2) + ": expected a gzip header (member at offset " + z.length + "), the file ends");
        assertMessage(IOException.class, () -> read(concat(z, new byte[] {'P', 'K'})), NAME,
                "compressed offset " + z.length, "expected the end of the file or a gzip member (1F 8B), found 50 4B");
        // A second complete member decompresses to bytes after the values: the IDX layer refuses them.
        assertMessage(IOException.class, () -> read(concat(z, gzip(RAW))), NAME, "offset 24",
                "expected the end of the file after 6 values, found more bytes");
    }

    @Test
    void membersConcatenatedAsRfc1952AllowsDecompressToTheirConcatenation() throws IOException {
        for (int cut : new int[] {0, 1, 5, 9, RAW.length}) {
            byte[] z = concat(gzip(Arrays.copyOf(RAW, cut)), gzipMember(Arrays.copyOfRange(RAW, cut, RAW.length), 8));
            Tensor x = read(z);
            assertArrayEquals(VALUES, Arrays.copyOf(x.data(), x.size()), "cut at " + cut);
        }
    }

    @Test
    void theTrailersCrcAndSizeAreChecked() {
        byte[] z = gzip(RAW);
        byte[] badCrc = z.clone();
        badCrc[z.length - 8] ^= 0x55;
        assertMessage(IOException.class, () -> read(badCrc), NAME, "compressed offset " + (z.length - 8),
                "expected the CRC-32");
        byte[] badSize = z.clone();
        badSize[z.length - 1] = 1;
        assertMessage(IOException.class, () -> read(badSize), NAME, "compressed offset " + (z.length - 4),
                "expected the decompressed size 24 (mod 2^32), found 16777240");
        byte[] badMethod = z.clone();
        badMethod[2] = 7;
        assertMessage(IOException.class, () -> read(badMethod), NAME, "compressed offset 2",
                "expected compression method 8 (deflate), found 7");
    }

    @Test
    void truncationsAnywhereNameTheFileAndAnOffsetAndNeverSayNull() {
        byte[] z = gzipMember(RAW, 0x1E);
        for (int len = 2; len < z.length; len++) {
            byte[] cut = Arrays.copyOf(z, len);
            IOException e = assertMessage(IOException.class, () -> read(cut), NAME + ": compressed offset ");
            assertTrue(!e.getMessage().contains("null"), e.getMessage());
        }
    }

    @Test
    void corruptDeflateDataSaysSoWithoutNull() {
        byte[] z = gzip(RAW);
        byte[] corrupt = z.clone();
        corrupt[10] = (byte) 0xFF; // block type 3, which deflate reserves
        IOException e = assertMessage(IOException.class, () -> read(corrupt), NAME, "compressed offset ",
                "expected deflate data, found corrupt data: invalid block type");
        assertTrue(!e.getMessage().contains("null"), e.getMessage());
    }

    /**
     * The probe of issue 14: a small gzip file whose header declares 2 billion values but which
     * decompresses to 64 MiB. The reader must fail as a truncated file having allocated about what
     * really arrived, not 1 GiB of floats; this also runs in the fuzz tests' 256 MiB heap.
     */
    @Test
    void aSmallFileDeclaringBillionsOfValuesFailsAfterHoldingOnlyWhatArrived() throws IOException {
        int arrived = 64 << 20;
        byte[] header = ByteBuffer.allocate(8).putInt(0x0801).putInt(2_000_000_000).array();
        byte[] z = gzip(concat(header, new byte[arrived]));
        assertTrue(z.length < 100_000, "the probe's file is small: " + z.length + " bytes");
        Path file = Files.write(dir.resolve(NAME), z);
        long allocated = allocatedBy(() -> assertMessage(IOException.class, () -> Idx.read(file), file.toString(),
                "offset 8: expected 2000000000 values of 1 byte, file ends after " + arrived + " values"));
        assertTrue(allocated < arrived + (16L << 20), "allocated " + allocated + " bytes for " + arrived + " that arrived");
    }

    @Test
    void aRawFileIsCheckedAgainstItsLengthBeforeAnythingIsAllocated() throws IOException {
        Path file = Files.write(dir.resolve("big.idx"), idx(0x0E, new int[] {2_000_000_000}, 1));
        long allocated = allocatedBy(() -> assertMessage(IOException.class, () -> Idx.read(file), file.toString(),
                "offset 8: expected 2000000000 values of 8 bytes, file ends after 1 value"));
        assertTrue(allocated < 1 << 20, "allocated " + allocated + " bytes for a file of 16");
    }

    @Test
    void gzippedAndRawRandomFilesReadTheSame() throws IOException {
        Random random = new Random(7);
        double[] values = random.doubles(70_000, -1e6, 1e6).toArray();
        byte[] raw = idx(0x0D, new int[] {values.length}, values);
        Tensor fromRaw = Idx.read(Files.write(dir.resolve("raw"), raw));
        Tensor fromGzip = Idx.read(Files.write(dir.resolve("gz"), gzipMember(raw, 0x1E)));
        assertArrayEquals(fromRaw.data(), fromGzip.data());
    }

    private static Tensor read(byte[] file) throws IOException {
        return Idx.read(new ByteArrayInputStream(file), NAME);
    }

    /** Bytes this thread allocated while running {@code call}. */
    private static long allocatedBy(Runnable call) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        long before = threads.getThreadAllocatedBytes(id);
        call.run();
        return threads.getThreadAllocatedBytes(id) - before;
    }
}
