package dev.nn.io.safetensors;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * A safetensors file opened for reading: its header checked against every rule of the format when
 * opened, its tensors read on demand with positional reads, so that a large file is never read
 * whole. Reads may run concurrently.
 *
 * <p>Layout: an 8-byte little-endian unsigned header length N, N bytes of UTF-8 JSON (one object,
 * then nothing but whitespace), then the data area, every byte of which belongs to exactly one
 * tensor. Each rule is checked before anything sized by the file is allocated, and every failure is
 * an {@link IOException} whose message names the file, the tensor when there is one, and what was
 * wrong, e.g. {@code model.safetensors: tensor "0.weight": data_offsets [0, 12] hold 12 bytes but F32
 * [2, 3] needs 24}. No alignment of the data is assumed.
 */
public final class SafeTensorsReader implements Closeable {
    /** The bytes of the header length that starts the file. */
    private static final int LENGTH_BYTES = 8;
    /** The largest array the JVM allocates. */
    private static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;
    /** Bytes per positional read: a multiple of every element size. */
    private static final int CHUNK_BYTES = 1 << 20;

    private final String file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, String> metadata;
    private final List<TensorEntry> entries;
    private final Map<String, TensorEntry> byName;

    private SafeTensorsReader(String file, FileChannel channel, long dataStart, Map<String, String> metadata,
            List<TensorEntry> entries) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.metadata = metadata;
        this.entries = entries;
        this.byName = new HashMap<>();
        for (TensorEntry entry : entries) {
            byName.put(entry.name(), entry);
        }
    }

    /**
     * Opens a file and checks its header.
     *
     * @param file the file
     * @return a reader, to be closed
     * @throws IOException if the file cannot be read or breaks a rule of the format; the message
     *     names the file
     */
    public static SafeTensorsReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return checked(file.toString(), channel);
        } catch (Throwable failure) {
            try {
                channel.close();
            } catch (IOException closing) {
                failure.addSuppressed(closing);
            }
            throw failure;
        }
    }

    private static SafeTensorsReader checked(String file, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < LENGTH_BYTES) {
            throw new IOException(file + ": the file holds " + size + " bytes, fewer than the " + LENGTH_BYTES
                    + " of the header length");
        }
        long headerLength = readFully(channel, littleEndian(LENGTH_BYTES), 0, file).getLong();
        // Unsigned: a length with the top bit set is above the limit, not negative.
        if (Long.compareUnsigned(headerLength, Header.MAX_BYTES) > 0) {
            throw new IOException(file + ": header length " + Long.toUnsignedString(headerLength)
                    + " is more than the limit of " + Header.MAX_BYTES + " bytes");
        }
        if (headerLength > size - LENGTH_BYTES) {
            throw new IOException(file + ": header length " + headerLength + " goes beyond the end of the file ("
                    + size + " bytes)");
        }
        String json = utf8(readFully(channel, littleEndian((int) headerLength), LENGTH_BYTES, file), file);
        Header header = HeaderParser.parse(StrictJson.parseObject(json, file + ": header"), file);
        long dataStart = LENGTH_BYTES + headerLength;
        List<TensorEntry> inDataOrder = Tiling.inDataOrder(header.tensors(), size - dataStart, file);
        return new SafeTensorsReader(file, channel, dataStart, header.metadata(), inDataOrder);
    }

    /**
     * The string pairs of the header's {@code "__metadata__"}.
     *
     * @return an unmodifiable map in header order, empty if the header has none
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * The tensors.
     *
     * @return an unmodifiable list in the order of their data in the file
     */
    public List<TensorEntry> entries() {
        return entries;
    }

    /**
     * A tensor's entry.
     *
     * @param name the tensor's name
     * @return its entry, or null if the file has no tensor of that name
     */
    public TensorEntry entry(String name) {
        return byName.get(name);
    }

    /**
     * Reads a floating-point tensor as floats: F32 as stored (bit for bit, NaN payloads included),
     * F16 and BF16 widened exactly, F64 rounded to the nearest float.
     *
     * @param name the tensor's name
     * @return its values, row-major
     * @throws IOException if there is no such tensor, it holds integers (I64), it has more elements
     *     than a Java array holds, or reading fails
     */
    public float[] readFloats(String name) throws IOException {
        TensorEntry entry = required(name);
        Decoder<float[]> decoder = switch (entry.dtype()) {
            case F32 -> (chunk, out, first, count) -> chunk.asFloatBuffer().get(out, first, count);
            case F16 -> (chunk, out, first, count) -> {
                for (int i = 0; i < count; i++) {
                    out[first + i] = Float.float16ToFloat(chunk.getShort(2 * i));
                }
            };
            // bfloat16 is the upper half of a float's bits: shifting the sign-extended short left
            // by 16 drops the extension.
            case BF16 -> (chunk, out, first, count) -> {
                for (int i = 0; i < count; i++) {
                    out[first + i] = Float.intBitsToFloat(chunk.getShort(2 * i) << 16);
                }
            };
            case F64 -> (chunk, out, first, count) -> {
                for (int i = 0; i < count; i++) {
                    out[first + i] = (float) chunk.getDouble(8 * i);
                }
            };
            case I64 -> throw error(entry, "holds integers (I64), not floating-point values: read it with readLongs");
        };
        return read(entry, float[]::new, decoder);
    }

    /**
     * Reads an I64 tensor.
     *
     * @param name the tensor's name
     * @return its values, row-major
     * @throws IOException if there is no such tensor, it is not I64, it has more elements than a Java
     *     array holds, or reading fails
     */
    public long[] readLongs(String name) throws IOException {
        TensorEntry entry = required(name);
        if (entry.dtype() != DType.I64) {
            throw error(entry, "holds " + entry.dtype() + " values, not I64 integers: read it with readFloats");
        }
        return read(entry, long[]::new, (chunk, out, first, count) -> chunk.asLongBuffer().get(out, first, count));
    }

    /**
     * Closes the file.
     *
     * @throws IOException if closing fails
     */
    @Override
    public void close() throws IOException {
        channel.close();
    }

    /** Converts {@code count} little-endian elements from the start of {@code chunk} into {@code out[first ..]}. */
    @FunctionalInterface
    private interface Decoder<A> {
        void decode(ByteBuffer chunk, A out, int first, int count);
    }

    private TensorEntry required(String name) throws IOException {
        TensorEntry entry = byName.get(name);
        if (entry == null) {
            throw new IOException(file + ": no " + TensorEntry.label(name));
        }
        return entry;
    }

    /** The tensor's elements in an array of {@code newArray}, its bytes read chunk by chunk. */
    private <A> A read(TensorEntry entry, IntFunction<A> newArray, Decoder<A> decoder) throws IOException {
        long count = entry.elementCount();
        if (count > MAX_ARRAY_LENGTH) {
            throw error(entry, Arrays.toString(entry.shape()) + " has " + count
                    + " elements, more than a Java array holds (" + MAX_ARRAY_LENGTH + ")");
        }
        A out = newArray.apply((int) count);
        int size = entry.dtype().size();
        ByteBuffer chunk = littleEndian((int) Math.min(CHUNK_BYTES, entry.byteLength()));
        int done = 0;
        while (done < count) {
            int n = (int) Math.min(chunk.capacity() / size, count - done);
            readFully(channel, chunk.clear().limit(n * size), dataStart + entry.begin() + (long) done * size, file);
            decoder.decode(chunk, out, done, n);
            done += n;
        }
        return out;
    }

    private IOException error(TensorEntry entry, String problem) {
        return new IOException(file + ": " + TensorEntry.label(entry.name()) + ": " + problem);
    }

    private static ByteBuffer littleEndian(int capacity) {
        return ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Fills {@code bytes} (from 0 to its limit) from the file at {@code position}; returns it flipped for reading. */
    private static ByteBuffer readFully(FileChannel channel, ByteBuffer bytes, long position, String file)
            throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, position + bytes.position()) < 0) {
                throw new IOException(file + ": the file ends at byte " + (position + bytes.position()) + ", before byte "
                        + (position + bytes.limit()) + " (was it truncated while open?)");
            }
        }
        return bytes.flip();
    }

    private static String utf8(ByteBuffer bytes, String file) throws IOException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes).toString();
        } catch (CharacterCodingException e) {
            // The decoder stops at the first byte it cannot decode.
            throw new IOException(file + ": the header is not valid UTF-8 (at byte " + (LENGTH_BYTES + bytes.position())
                    + " of the file)", e);
        }
    }
}
