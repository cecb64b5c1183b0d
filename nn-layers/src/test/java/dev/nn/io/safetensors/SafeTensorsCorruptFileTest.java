package dev.nn.io.safetensors;

import static dev.nn.io.safetensors.SafeTensorsFiles.assertRejected;
import static dev.nn.io.safetensors.SafeTensorsFiles.bytes;
import static dev.nn.io.safetensors.SafeTensorsFiles.file;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every rule of the format broken once: an IOException naming the file, the tensor and the problem. */
class SafeTensorsCorruptFileTest {
    @TempDir
    Path dir;
    private Path file;

    @BeforeEach
    void name() {
        file = dir.resolve("model.safetensors");
    }

    /** A tensor's entry as JSON. */
    private static String entry(String name, String dtype, String shape, String offsets) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}";
    }

    /** A file of one F32 tensor "w" [2] whose entry has {@code members} in place of the usual ones. */
    private static byte[] withEntry(String members) {
        return file("{\"w\":{" + members + "}}", bytes(8));
    }

    @Test
    void aFileShorterThanTheHeaderLength() throws IOException {
        assertRejected(file, new byte[] {1, 2, 3}, "the file holds 3 bytes, fewer than the 8");
    }

    @Test
    void aHeaderLengthAboveTheLimit() throws IOException {
        assertRejected(file, file(100_000_001, "{}".getBytes(StandardCharsets.US_ASCII), new byte[0]),
                "header length 100000001 is more than the limit of 100000000 bytes");
    }

    @Test
    void aHeaderLengthBeyondTheFile() throws IOException {
        assertRejected(file, file(3, "{}".getBytes(StandardCharsets.US_ASCII), new byte[0]),
                "header length 3 goes beyond the end of the file (10 bytes)");
    }

    @Test
    void aHeaderLengthWithTheTopBitSetIsUnsigned() throws IOException {
        assertRejected(file, file(-1, "{}".getBytes(StandardCharsets.US_ASCII), new byte[0]),
                "header length 18446744073709551615 is more than the limit");
        assertRejected(file, file(Long.MIN_VALUE, "{}".getBytes(StandardCharsets.US_ASCII), new byte[0]),
                "header length 9223372036854775808 is more than the limit");
    }

    @Test
    void aHeaderThatIsNotUtf8() throws IOException {
        byte[][] invalid = {
            {'{', '"', (byte) 0xC3, '"', ':', '1', '}'},              // a truncated sequence
            {'{', '"', (byte) 0xC0, (byte) 0xAF, '"', ':', '1', '}'}, // an overlong '/'
            {'{', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ':', '1', '}'}, // an encoded surrogate
        };
        for (byte[] header : invalid) {
            assertRejected(file, file(header.length, header, new byte[0]), "the header is not valid UTF-8 (at byte 10 ");
        }
    }

    @Test
    void aHeaderThatIsNotAnObject() throws IOException {
        assertRejected(file, file("[]", new byte[0]), "header: expected a JSON object, found an array");
        assertRejected(file, file("\"x\"", new byte[0]), "header: expected a JSON object, found a string");
        assertRejected(file, file("", new byte[0]), "header: malformed JSON");
        assertRejected(file, file("    ", new byte[0]), "header: malformed JSON");
        assertRejected(file, file("\uFEFF{}", new byte[0]), "header: expected a JSON object, found a byte order mark");
    }

    @Test
    void anythingButWhitespaceAfterTheObject() throws IOException {
        for (String json : new String[] {"{} x", "{}{}", "{}\0", "{}  ,", "{} //"}) {
            assertRejected(file, file(json, new byte[0]), "header: expected nothing but whitespace after the object");
        }
    }

    @Test
    void malformedJson() throws IOException {
        for (String json : new String[] {"{'w':1}", "{\"w\":NaN}", "{\"a\":{},}", "{/**/}", "{\"w\":01}", "{\"w\"}"}) {
            assertRejected(file, file(json, new byte[0]), "header: malformed JSON");
        }
    }

    @Test
    void aDuplicateTensorName() throws IOException {
        String w = entry("w", "F32", "[2]", "[0,8]");
        assertRejected(file, file("{" + w + "," + w + "}", bytes(8)), "duplicate key \"w\" at $.w");
    }

    @Test
    void aDuplicateKeyInAnEntry() throws IOException {
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2],\"dtype\":\"F32\",\"data_offsets\":[0,8]"),
                "duplicate key \"dtype\" at $.w.dtype");
    }

    @Test
    void aDuplicateMetadataKey() throws IOException {
        assertRejected(file, file("{\"__metadata__\":{\"k\":\"a\",\"k\":\"b\"}}", new byte[0]),
                "duplicate key \"k\" at $.__metadata__.k");
    }

    @Test
    void metadataThatIsNotAnObjectOfStrings() throws IOException {
        assertRejected(file, file("{\"__metadata__\":{\"k\":1}}", new byte[0]),
                "__metadata__: the value of \"k\" must be a string, found 1");
        assertRejected(file, file("{\"__metadata__\":{\"k\":{\"nested\":\"x\"}}}", new byte[0]),
                "__metadata__: the value of \"k\" must be a string, found an object");
        assertRejected(file, file("{\"__metadata__\":{\"k\":null}}", new byte[0]),
                "__metadata__: the value of \"k\" must be a string, found null");
        assertRejected(file, file("{\"__metadata__\":null}", new byte[0]),
                "__metadata__: expected an object of strings, found null");
    }

    @Test
    void anEntryThatIsNotAnObject() throws IOException {
        assertRejected(file, file("{\"w\":[1]}", new byte[0]),
                "tensor \"w\": expected an object of dtype, shape and data_offsets, found an array");
    }

    @Test
    void anUnknownDtype() throws IOException {
        assertRejected(file, withEntry("\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[0,8]"),
                "tensor \"w\": unknown dtype \"I32\" (known: [F32, F16, BF16, F64, I64])");
        assertRejected(file, withEntry("\"dtype\":4,\"shape\":[2],\"data_offsets\":[0,8]"),
                "tensor \"w\": dtype: expected a string, found 4");
    }

    @Test
    void aMissingKey() throws IOException {
        assertRejected(file, withEntry("\"shape\":[2],\"data_offsets\":[0,8]"), "tensor \"w\": missing \"dtype\"");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"data_offsets\":[0,8]"), "tensor \"w\": missing \"shape\"");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2]"), "tensor \"w\": missing \"data_offsets\"");
    }

    @Test
    void anUnknownKey() throws IOException {
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"offset\":0"),
                "tensor \"w\": unknown key \"offset\"");
    }

    @Test
    void aNegativeDimension() throws IOException {
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[-2,-1],\"data_offsets\":[0,8]"),
                "tensor \"w\": shape [-2, -1]: -2 is negative");
    }

    @Test
    void aDimensionThatIsNotAnIntegerLiteral() throws IOException {
        String integer = "expected an integer from -9223372036854775808 to 9223372036854775807, found ";
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]"),
                "tensor \"w\": shape[0]: " + integer + "1.5");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[1,\"2\"],\"data_offsets\":[0,8]"),
                "tensor \"w\": shape[1]: " + integer + "\"2\"");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]"),
                "tensor \"w\": shape[0]: " + integer + "2.0");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2e0],\"data_offsets\":[0,8]"),
                "tensor \"w\": shape[0]: " + integer + "2e0");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[null],\"data_offsets\":[0,8]"),
                "tensor \"w\": shape[0]: " + integer + "null");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]"),
                "tensor \"w\": shape: expected an array of integers, found 2");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[1e400],\"data_offsets\":[0,8]"),
                "number 1e400 at $.w.shape[0] is beyond the range of a double");
    }

    @Test
    void offsetsThatAreNotTwo() throws IOException {
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8]"),
                "tensor \"w\": data_offsets [8]: expected 2 numbers (begin and end), found 1");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4,8]"),
                "tensor \"w\": data_offsets [0, 4, 8]: expected 2 numbers (begin and end), found 3");
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]"),
                "tensor \"w\": data_offsets [-8, 0]: -8 is negative");
    }

    @Test
    void aBeginAfterItsEnd() throws IOException {
        assertRejected(file, withEntry("\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]"),
                "tensor \"w\": data_offsets [8, 0]: begin is after end");
    }

    @Test
    void overlappingTensors() throws IOException {
        String json = "{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[4,12]") + "}";
        assertRejected(file, file(json, bytes(12)), "tensor \"b\": data starts at byte 4, inside tensor \"a\", which ends at byte 8");
    }

    @Test
    void aHoleBetweenTensors() throws IOException {
        String json = "{" + entry("a", "F32", "[2]", "[0,8]") + "," + entry("b", "F32", "[2]", "[12,20]") + "}";
        assertRejected(file, file(json, bytes(20)),
                "tensor \"b\": data starts at byte 12, leaving bytes 8 to 12 after tensor \"a\" unused");
    }

    @Test
    void aFirstTensorThatDoesNotStartAtZero() throws IOException {
        assertRejected(file, file("{" + entry("a", "F32", "[2]", "[4,12]") + "}", bytes(12)),
                "tensor \"a\": data starts at byte 4, but the first tensor must start at 0");
    }

    @Test
    void trailingBytesAfterTheLastTensor() throws IOException {
        assertRejected(file, file("{" + entry("a", "F32", "[2]", "[0,8]") + "}", bytes(11)),
                "the data area holds 11 bytes but the last tensor, tensor \"a\", ends at byte 8: 3 trailing bytes");
        assertRejected(file, file("{}", bytes(1)), "the data area holds 1 bytes but there are no tensors");
    }

    @Test
    void aTensorBeyondTheEndOfTheFile() throws IOException {
        assertRejected(file, file("{" + entry("a", "F32", "[2]", "[0,8]") + "}", bytes(7)),
                "tensor \"a\": data ends at byte 8, beyond the end of the file (the data area holds 7 bytes)");
    }

    @Test
    void offsetsThatHoldAnotherNumberOfBytesThanTheShapeNeeds() throws IOException {
        assertRejected(file, file("{" + entry("0.weight", "F32", "[2,3]", "[0,12]") + "}", bytes(12)),
                "tensor \"0.weight\": data_offsets [0, 12] hold 12 bytes but F32 [2, 3] needs 24");
        assertRejected(file, file("{" + entry("s", "F64", "[]", "[0,4]") + "}", bytes(4)),
                "tensor \"s\": data_offsets [0, 4] hold 4 bytes but F64 [] needs 8");
    }

    @Test
    void aShapeWhoseBytesOverflowALong() throws IOException {
        assertRejected(file, file("{" + entry("w", "F32", "[4294967296,4294967296]", "[0,8]") + "}", bytes(8)),
                "tensor \"w\": F32 [4294967296, 4294967296] needs more bytes than a long can count");
        // The element count fits in a long; its bytes do not.
        assertRejected(file, file("{" + entry("w", "F32", "[4611686018427387904]", "[0,8]") + "}", bytes(8)),
                "tensor \"w\": F32 [4611686018427387904] needs more bytes than a long can count");
    }

    @Test
    void anOffsetBeyondALong() throws IOException {
        assertRejected(file, file("{" + entry("w", "F32", "[2]", "[0,9223372036854775808]") + "}", bytes(8)),
                "tensor \"w\": data_offsets[1]: expected an integer from -9223372036854775808 to 9223372036854775807, "
                        + "found 9223372036854775808");
    }

    @Test
    void aHugeTensorClaimedByATinyFileIsRefusedBeforeAnythingIsAllocated() {
        // 2^31 floats, 8 GiB, as the offsets say, in a file of 8 data bytes.
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertRejected(file,
                file("{" + entry("w", "F32", "[2147483648]", "[0,8589934592]") + "}", bytes(8)),
                "tensor \"w\": data ends at byte 8589934592, beyond the end of the file (the data area holds 8 bytes)"));
    }

    @Test
    void aTensorLargerThanAJavaArrayCanHoldIsRefusedOnRead() throws IOException {
        // A valid file of 2^31 halves: 4 GiB of data, sparse on the disk as it is never written.
        String json = "{" + entry("w", "F16", "[2147483648]", "[0,4294967296]") + "}";
        byte[] header = json.getBytes(StandardCharsets.US_ASCII);
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
            sparse.write(file(header.length, header, new byte[0]));
            sparse.setLength(8 + header.length + (1L << 32));
        }
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertEquals(2147483648L, reader.entry("w").elementCount());
            IOException e = assertThrows(IOException.class, () -> reader.readFloats("w"));
            assertTrue(e.getMessage().equals(file + ": tensor \"w\": [2147483648] has 2147483648 elements, "
                    + "more than a Java array holds (2147483639)"), e.getMessage());
        }
    }
}
