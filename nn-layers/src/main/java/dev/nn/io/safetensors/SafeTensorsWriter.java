package dev.nn.io.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Builds a safetensors file: metadata and tensors are added, then {@link #write} saves them
 * atomically. Tensors are stored in the order added, each right after the previous; the header is
 * compact JSON, the metadata first, padded with spaces to a multiple of 8 bytes as the reference
 * writer pads it. F32 values are not copied when added: {@link TensorData} produces them during the
 * save.
 */
public final class SafeTensorsWriter {
    /** The largest buffer one tensor's bytes are put in. */
    private static final int MAX_TENSOR_BYTES = Integer.MAX_VALUE - 8;
    /**
     * Bytes per channel write. FileChannel copies a heap buffer through a temporary direct buffer as
     * large as what it is given, and keeps that buffer per thread: slices keep it small.
     */
    private static final int WRITE_SLICE_BYTES = 1 << 20;

    private final Map<String, String> metadata = new LinkedHashMap<>();
    private final Map<String, Pending> tensors = new LinkedHashMap<>();
    private long dataLength;

    /** A tensor's entry and what puts its values into its little-endian bytes when the file is written. */
    private record Pending(TensorEntry entry, Consumer<ByteBuffer> payload) {
    }

    /** Starts a file without metadata or tensors. */
    public SafeTensorsWriter() {
    }

    /**
     * Adds a pair to the header's {@code "__metadata__"}, or replaces the value of its key.
     *
     * @param key the key
     * @param value the value
     * @return this writer
     * @throws IllegalArgumentException if either is null or not valid Unicode (an unpaired surrogate)
     */
    public SafeTensorsWriter metadata(String key, String value) {
        metadata.put(requireUnicode(key, "metadata key"), requireUnicode(value, "metadata value of \"" + key + "\""));
        return this;
    }

    /**
     * Adds an F32 tensor whose values {@code data} puts into a buffer when the file is written.
     *
     * @param name the tensor's name
     * @param shape its dimensions, row-major; empty for a scalar
     * @param data what fills the tensor's values
     * @return this writer
     * @throws IllegalArgumentException if the name is null, empty, {@code "__metadata__"}, already
     *     added or not valid Unicode; if the shape is null or has a negative dimension; if the tensor
     *     would take more than {@code Integer.MAX_VALUE - 8} bytes; or if {@code data} is null
     */
    public SafeTensorsWriter addF32(String name, int[] shape, TensorData data) {
        TensorEntry entry = nextEntry(name, DType.F32, shape);
        if (data == null) {
            throw new IllegalArgumentException(TensorEntry.label(name) + ": data must not be null");
        }
        return add(entry, bytes -> data.fill(bytes.asFloatBuffer()));
    }

    /**
     * Adds an I64 tensor, copying its values.
     *
     * @param name the tensor's name
     * @param shape its dimensions, row-major; empty for a scalar
     * @param values the values, row-major
     * @return this writer
     * @throws IllegalArgumentException if the name is null, empty, {@code "__metadata__"}, already
     *     added or not valid Unicode; if the shape is null or has a negative dimension; or if
     *     {@code values} is null or its length is not the shape's element count
     */
    public SafeTensorsWriter addI64(String name, int[] shape, long[] values) {
        TensorEntry entry = nextEntry(name, DType.I64, shape);
        if (values == null || values.length != entry.elementCount()) {
            throw new IllegalArgumentException(TensorEntry.label(name) + ": shape " + Arrays.toString(shape) + " has "
                    + entry.elementCount() + " elements but " + (values == null ? "no" : values.length) + " values were given");
        }
        long[] copy = values.clone();
        return add(entry, bytes -> bytes.asLongBuffer().put(copy));
    }

    /**
     * Saves the file atomically: to a temporary file in the target's directory, forced to the device,
     * then renamed over the target. If anything fails before the rename (an IOException, a full
     * disk, an exception thrown by a {@link TensorData}), the temporary file is deleted, the exception
     * is rethrown, and an existing target is left as it was.
     *
     * @param target the file to create or replace
     * @throws IOException if the directory does not exist, writing fails, or the file system cannot
     *     replace a file atomically (then nothing is written)
     */
    public void write(Path target) throws IOException {
        List<TensorEntry> entries = tensors.values().stream().map(Pending::entry).toList();
        byte[] header = new Header(metadata, entries).toPaddedJson();
        if (header.length > Header.MAX_BYTES) {
            throw new IOException(target + ": the header would take " + header.length + " bytes, more than the "
                    + Header.MAX_BYTES + " readers accept");
        }
        AtomicFile.replace(target, channel -> {
            ByteBuffer start = ByteBuffer.allocate(Long.BYTES + header.length).order(ByteOrder.LITTLE_ENDIAN);
            writeFully(channel, start.putLong(header.length).put(header));
            for (Pending tensor : tensors.values()) {
                ByteBuffer bytes = ByteBuffer.allocate((int) tensor.entry().byteLength()).order(ByteOrder.LITTLE_ENDIAN);
                tensor.payload().accept(bytes);
                writeFully(channel, bytes);
            }
        });
    }

    /** The entry of a tensor that would start where the last one added ends, its arguments checked. */
    private TensorEntry nextEntry(String name, DType dtype, int[] shape) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a tensor's name must not be " + (name == null ? "null" : "empty"));
        }
        if (name.equals(Header.METADATA_KEY)) {
            throw new IllegalArgumentException(TensorEntry.label(name) + ": the name is reserved for the metadata");
        }
        requireUnicode(name, "tensor name");
        if (tensors.containsKey(name)) {
            throw new IllegalArgumentException(TensorEntry.label(name) + ": a tensor of that name was already added");
        }
        if (shape == null) {
            throw new IllegalArgumentException(TensorEntry.label(name) + ": shape must not be null");
        }
        if (Arrays.stream(shape).anyMatch(d -> d < 0)) {
            throw new IllegalArgumentException(TensorEntry.label(name) + ": shape " + Arrays.toString(shape)
                    + " has a negative dimension");
        }
        long[] dimensions = Arrays.stream(shape).asLongStream().toArray();
        long bytes;
        try {
            bytes = Math.multiplyExact(TensorEntry.elementCount(dimensions), dtype.size());
        } catch (ArithmeticException overflow) {
            bytes = Long.MAX_VALUE; // beyond MAX_TENSOR_BYTES as well, refused below
        }
        if (bytes > MAX_TENSOR_BYTES) {
            throw new IllegalArgumentException(TensorEntry.label(name) + ": " + dtype + " " + Arrays.toString(shape)
                    + " would take more than the " + MAX_TENSOR_BYTES + " bytes one buffer holds");
        }
        return new TensorEntry(name, dtype, dimensions, dataLength, dataLength + bytes);
    }

    private SafeTensorsWriter add(TensorEntry entry, Consumer<ByteBuffer> payload) {
        tensors.put(entry.name(), new Pending(entry, payload));
        dataLength = entry.end();
        return this;
    }

    private static String requireUnicode(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " must not be null");
        }
        if (!StandardCharsets.UTF_8.newEncoder().canEncode(text)) {
            throw new IllegalArgumentException(what + " \"" + text + "\" is not valid Unicode: it has an unpaired surrogate");
        }
        return text;
    }

    /** Writes all of {@code bytes}, from 0 to its capacity, whatever its position. */
    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        for (int from = 0; from < bytes.capacity(); from += WRITE_SLICE_BYTES) {
            ByteBuffer slice = bytes.slice(from, Math.min(WRITE_SLICE_BYTES, bytes.capacity() - from));
            while (slice.hasRemaining()) {
                channel.write(slice);
            }
        }
    }
}
