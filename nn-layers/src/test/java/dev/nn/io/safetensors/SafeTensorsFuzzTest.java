package dev.nn.io.safetensors;

import static dev.nn.io.safetensors.SafeTensorsFiles.file;
import static dev.nn.io.safetensors.SafeTensorsFiles.assertRejected;
import static dev.nn.io.safetensors.SafeTensorsFiles.openAndReadAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.nn.fuzz.FuzzRun;
import dev.nn.fuzz.Mutations;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The safetensors reader against generated corrupt files (see {@link FuzzRun}): a valid file
 * mutated byte by byte (mostly in the header, where the parsing is: random bytes, bit flips, bytes
 * that matter to JSON, insertions, deletions, truncations, header lengths off by a little, huge or
 * negative) and in the header's meaning (offsets shifted into overlaps, holes and beyond the data;
 * duplicate keys and entries; nesting up to 100,000 deep; strings up to 10 MB long).
 */
class SafeTensorsFuzzTest {
    /** Bytes that matter to JSON, for mutations that keep the header nearly valid. */
    private static final byte[] JSON_BYTES = "{}[],:\" 0123456789-.eE\\tnul".getBytes(StandardCharsets.US_ASCII);
    private static final Pattern OFFSETS = Pattern.compile("\"data_offsets\":\\[(\\d{1,18}),(\\d{1,18})\\]");
    private static final Pattern ENTRY = Pattern.compile("\"[^\"]*\":\\{[^{}]*\\}");
    private static final Pattern KEY = Pattern.compile("\"[^\"]*\":");
    private static final Pattern STRING_VALUE = Pattern.compile(":\"[^\"]*\"");
    private static final int MAX_NESTING = 100_000;
    private static final int MAX_STRING = 10 << 20;

    @TempDir
    Path dir;
    private byte[] valid;

    @BeforeEach
    void writeAValidFile() throws IOException {
        Path file = dir.resolve("valid.safetensors");
        new SafeTensorsWriter()
                .metadata("format", "pt")
                .addF32("w", new int[] {2, 3}, values -> values.put(new float[] {1, 2, 3, 4, 5, 6}))
                .addF32("scalar", new int[0], values -> values.put(-1))
                .addF32("empty", new int[] {0, 2}, values -> { })
                .addI64("step", new int[] {2}, new long[] {7, 8})
                .write(file);
        valid = Files.readAllBytes(file);
    }

    @Test
    void mutatedFilesLoadOrFailWithAnIOException() {
        Path file = dir.resolve("mutant.safetensors");
        FuzzRun.run("safetensors", random -> {
            byte[] mutant = valid;
            for (int m = 1 + random.nextInt(3); m > 0; m--) {
                mutant = mutate(mutant, random);
            }
            return mutant;
        }, (mutant, random) -> openAndReadAll(Mutations.write(file, mutant)));
    }

    /** The extremes the generator reaches only now and then, each checked once in the fuzz tests' 256 MiB heap. */
    @Test
    void tenMegabyteStringsAndAHundredThousandLevelsOfNesting() throws IOException {
        String header = header(valid);
        String key = "k".repeat(MAX_STRING);
        Path file = Files.write(dir.resolve("huge.safetensors"), withHeader(valid, header.replace("\"w\":", "\"" + key + "\":")));
        try (SafeTensorsReader reader = SafeTensorsReader.open(file)) {
            assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, reader.readFloats(key));
        }
        Files.write(file, withHeader(valid, header.replace("\"pt\"", "\"" + "\u00e9".repeat(MAX_STRING / 2) + "\"")));
        openAndReadAll(file);
        Files.write(file, withHeader(valid, header.replace("\"pt\"", "[".repeat(MAX_NESTING) + "]".repeat(MAX_NESTING))));
        assertRejected(file, Files.readAllBytes(file), "header: malformed JSON: Nesting limit " + StrictJson.MAX_NESTING + " reached");
    }

    private static byte[] mutate(byte[] bytes, Random random) {
        int headerEnd = 8 + (int) Math.min(Math.max(0, headerLength(bytes)), Math.max(0, bytes.length - 8));
        // Most mutations land in the header, where the parsing is.
        int at = bytes.length == 0 ? 0 : random.nextInt(4) > 0 && headerEnd > 8
                ? 8 + random.nextInt(headerEnd - 8) : random.nextInt(bytes.length);
        return switch (random.nextInt(14)) {
            case 0 -> Mutations.setByte(bytes, at, (byte) random.nextInt(256));
            case 1 -> Mutations.flipBit(bytes, random);
            case 2 -> Mutations.setByte(bytes, at, JSON_BYTES[random.nextInt(JSON_BYTES.length)]);
            case 3 -> Mutations.truncate(bytes, random);
            case 4 -> Mutations.insert(bytes, random);
            case 5 -> Mutations.delete(bytes, random);
            case 6 -> withHeaderLength(bytes, headerLength(bytes) + random.nextInt(17) - 8);
            case 7 -> withHeaderLength(bytes, switch (random.nextInt(4)) {
                case 0 -> random.nextLong();
                case 1 -> Long.MIN_VALUE | random.nextInt(64);
                case 2 -> random.nextInt(bytes.length + 1);
                default -> 0;
            });
            case 8, 9 -> withHeader(bytes, shiftedOffsets(header(bytes), random));
            case 10 -> withHeader(bytes, duplicated(header(bytes), random));
            case 11 -> withHeader(bytes, nested(header(bytes), random));
            // Rarely, as each costs up to 10 MB: about 1% of the cases get one.
            case 12 -> random.nextInt(40) == 0 ? withHeader(bytes, hugeString(header(bytes), random)) : bytes;
            default -> withHeader(bytes, header(bytes).replaceFirst("\"F32\"|\"I64\"", random.nextBoolean() ? "\"F16\"" : "\"F64\""));
        };
    }

    /** One tensor's offsets moved: into another's bytes, leaving a hole, past the data, or beyond a long. */
    private static String shiftedOffsets(String header, Random random) {
        List<MatchResult> all = matches(OFFSETS, header);
        if (all.isEmpty()) {
            return header;
        }
        MatchResult target = all.get(random.nextInt(all.size()));
        long begin = Long.parseLong(target.group(1));
        long end = Long.parseLong(target.group(2));
        long newBegin = switch (random.nextInt(4)) {
            case 0 -> begin + random.nextInt(17) - 8;
            case 1 -> Long.parseLong(all.get(random.nextInt(all.size())).group(1)) + random.nextInt(3) - 1;
            case 2 -> random.nextInt(200);
            default -> Long.MAX_VALUE - random.nextInt(100);
        };
        // Mostly keep the length, so that the entry stays valid alone and only the tiling is wrong.
        long newEnd = random.nextInt(4) > 0 ? newBegin + (end - begin) : newBegin + random.nextInt(40);
        String offsets = "\"data_offsets\":[" + Long.toUnsignedString(newBegin) + "," + Long.toUnsignedString(newEnd) + "]";
        return header.substring(0, target.start()) + offsets + header.substring(target.end());
    }

    /** A key repeated: a whole entry, or one key within an entry or the metadata. */
    private static String duplicated(String header, Random random) {
        List<MatchResult> found = matches(random.nextBoolean() ? ENTRY : KEY, header);
        if (found.isEmpty()) {
            return header;
        }
        MatchResult m = found.get(random.nextInt(found.size()));
        String copy = m.group().endsWith(":") ? m.group() + "0," : m.group() + ",";
        return header.substring(0, m.start()) + copy + header.substring(m.start());
    }

    /** A value (or the start of one) replaced by arrays or objects nested up to 100,000 deep. */
    private static String nested(String header, Random random) {
        List<MatchResult> values = matches(STRING_VALUE, header);
        if (values.isEmpty()) {
            return header;
        }
        MatchResult m = values.get(random.nextInt(values.size()));
        int depth = (int) Math.exp(random.nextDouble() * Math.log(MAX_NESTING));
        String nest = switch (random.nextInt(3)) {
            case 0 -> "[".repeat(depth) + "]".repeat(depth);
            case 1 -> "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
            default -> "[".repeat(depth); // never closed
        };
        return header.substring(0, m.start() + 1) + nest + header.substring(m.end());
    }

    /** A key or string value replaced by one of up to 10 MB (log-uniform), sometimes unterminated. */
    private static String hugeString(String header, Random random) {
        List<MatchResult> strings = matches(random.nextBoolean() ? KEY : STRING_VALUE, header);
        if (strings.isEmpty()) {
            return header;
        }
        MatchResult m = strings.get(random.nextInt(strings.size()));
        int length = (int) Math.exp(random.nextDouble() * Math.log(MAX_STRING));
        char c = "x\u00e9\u4e2d".charAt(random.nextInt(3)); // one, two and three bytes of UTF-8
        String huge = String.valueOf(c).repeat(length);
        String replaced = m.group().startsWith(":") ? ":\"" + huge + "\"" : "\"" + huge + (random.nextInt(8) == 0 ? ":" : "\":");
        return header.substring(0, m.start()) + replaced + header.substring(m.end());
    }

    private static List<MatchResult> matches(Pattern pattern, String text) {
        List<MatchResult> all = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            all.add(m.toMatchResult());
        }
        return all;
    }

    /** The header as text (what the header length says, clamped to the file), each byte a char if not UTF-8. */
    private static String header(byte[] bytes) {
        int start = Math.min(8, bytes.length);
        return new String(bytes, start, Math.min(headerEnd(bytes), bytes.length) - start, StandardCharsets.UTF_8);
    }

    /** The file with its header replaced by {@code header} and the header length set to fit. */
    private static byte[] withHeader(byte[] bytes, String header) {
        return file(header, Arrays.copyOfRange(bytes, Math.min(headerEnd(bytes), bytes.length), bytes.length));
    }

    private static int headerEnd(byte[] bytes) {
        return 8 + (int) Math.min(Math.max(0, headerLength(bytes)), Math.max(0, bytes.length - 8));
    }

    private static long headerLength(byte[] bytes) {
        return bytes.length < 8 ? 0 : ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    private static byte[] withHeaderLength(byte[] bytes, long length) {
        byte[] copy = Arrays.copyOf(bytes, Math.max(8, bytes.length));
        ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).putLong(length);
        return copy;
    }
}
