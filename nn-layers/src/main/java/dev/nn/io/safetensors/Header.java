package dev.nn.io.safetensors;

import com.google.gson.Strictness;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of a safetensors header: the metadata and the tensors' entries, and their JSON form
 * as the writer stores it.
 *
 * @param metadata the string pairs of {@code "__metadata__"}, in header order
 * @param tensors the tensors, in header order
 */
record Header(Map<String, String> metadata, List<TensorEntry> tensors) {
    /** The key that holds the metadata rather than a tensor. */
    static final String METADATA_KEY = "__metadata__";
    static final String DTYPE_KEY = "dtype";
    static final String SHAPE_KEY = "shape";
    static final String OFFSETS_KEY = "data_offsets";
    /** The most header bytes a reader accepts, as the reference implementation does. */
    static final long MAX_BYTES = 100_000_000;
    /** The header is padded to a multiple of this, so that the data area starts aligned in the file. */
    private static final int ALIGNMENT = 8;

    /** Holds unmodifiable copies; the metadata's copy keeps its order. */
    Header {
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        tensors = List.copyOf(tensors);
    }

    /**
     * The header as the writer stores it: compact UTF-8 JSON, the metadata first when there is any,
     * padded with spaces to a multiple of 8 bytes.
     */
    byte[] toPaddedJson() throws IOException {
        StringWriter text = new StringWriter();
        try (JsonWriter json = new JsonWriter(text)) {
            json.setStrictness(Strictness.STRICT);
            // Readers decode JSON, not HTML: '<' and '&' are kept as they are.
            json.setHtmlSafe(false);
            json.beginObject();
            if (!metadata.isEmpty()) {
                json.name(METADATA_KEY).beginObject();
                for (Map.Entry<String, String> pair : metadata.entrySet()) {
                    json.name(pair.getKey()).value(pair.getValue());
                }
                json.endObject();
            }
            for (TensorEntry tensor : tensors) {
                json.name(tensor.name()).beginObject();
                json.name(DTYPE_KEY).value(tensor.dtype().name());
                json.name(SHAPE_KEY).beginArray();
                for (long dimension : tensor.shape()) {
                    json.value(dimension);
                }
                json.endArray();
                json.name(OFFSETS_KEY).beginArray().value(tensor.begin()).value(tensor.end()).endArray();
                json.endObject();
            }
            json.endObject();
        }
        byte[] utf8 = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] padded = Arrays.copyOf(utf8, Math.ceilDiv(utf8.length, ALIGNMENT) * ALIGNMENT);
        Arrays.fill(padded, utf8.length, padded.length, (byte) ' ');
        return padded;
    }
}
