package dev.nn.io.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules of a header's content, applied to the tree that {@link StrictJson} built (which has
 * already refused duplicate keys): the metadata is an object of strings; each tensor's entry holds
 * exactly a known dtype, a shape of non-negative integers and two non-negative offsets, begin ≤ end,
 * as many bytes apart as the shape's elements take. Where the tensors lie relative to each other is
 * {@link Tiling}'s job.
 */
final class HeaderParser {
    private static final Set<String> ENTRY_KEYS = Set.of(Header.DTYPE_KEY, Header.SHAPE_KEY, Header.OFFSETS_KEY);

    private HeaderParser() {
    }

    /** The header's content; messages start with {@code file}. */
    static Header parse(JsonObject json, String file) throws IOException {
        Map<String, String> metadata = Map.of();
        List<TensorEntry> tensors = new ArrayList<>();
        for (Map.Entry<String, JsonElement> member : json.entrySet()) {
            if (member.getKey().equals(Header.METADATA_KEY)) {
                metadata = metadata(member.getValue(), file + ": " + Header.METADATA_KEY);
            } else {
                tensors.add(entry(member.getKey(), member.getValue(), file + ": " + TensorEntry.label(member.getKey())));
            }
        }
        return new Header(metadata, tensors);
    }

    private static Map<String, String> metadata(JsonElement value, String where) throws IOException {
        if (!(value instanceof JsonObject object)) {
            throw new IOException(where + ": expected an object of strings, found " + StrictJson.describe(value));
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> pair : object.entrySet()) {
            if (!(pair.getValue() instanceof JsonPrimitive primitive && primitive.isString())) {
                throw new IOException(where + ": the value of \"" + pair.getKey() + "\" must be a string, found "
                        + StrictJson.describe(pair.getValue()));
            }
            metadata.put(pair.getKey(), primitive.getAsString());
        }
        return metadata;
    }

    private static TensorEntry entry(String name, JsonElement value, String where) throws IOException {
        if (!(value instanceof JsonObject object)) {
            throw new IOException(where + ": expected an object of dtype, shape and data_offsets, found "
                    + StrictJson.describe(value));
        }
        for (String key : object.keySet()) {
            if (!ENTRY_KEYS.contains(key)) {
                throw new IOException(where + ": unknown key \"" + key + "\" (an entry holds dtype, shape and data_offsets only)");
            }
        }
        DType dtype = dtype(required(object, Header.DTYPE_KEY, where), where);
        long[] shape = nonNegativeIntegers(required(object, Header.SHAPE_KEY, where), where + ": " + Header.SHAPE_KEY);
        long[] offsets = nonNegativeIntegers(required(object, Header.OFFSETS_KEY, where), where + ": " + Header.OFFSETS_KEY);
        if (offsets.length != 2) {
            throw new IOException(where + ": " + Header.OFFSETS_KEY + " " + Arrays.toString(offsets)
                    + ": expected 2 numbers (begin and end), found " + offsets.length);
        }
        if (offsets[0] > offsets[1]) {
            throw new IOException(where + ": " + Header.OFFSETS_KEY + " " + Arrays.toString(offsets)
                    + ": begin is after end");
        }
        TensorEntry entry = new TensorEntry(name, dtype, shape, offsets[0], offsets[1]);
        String layout = dtype + " " + Arrays.toString(shape);
        long needed;
        try {
            needed = Math.multiplyExact(entry.elementCount(), dtype.size());
        } catch (ArithmeticException overflow) {
            throw new IOException(where + ": " + layout + " needs more bytes than a long can count", overflow);
        }
        if (needed != entry.byteLength()) {
            throw new IOException(where + ": " + Header.OFFSETS_KEY + " " + Arrays.toString(offsets) + " hold "
                    + entry.byteLength() + " bytes but " + layout + " needs " + needed);
        }
        return entry;
    }

    private static JsonElement required(JsonObject entry, String key, String where) throws IOException {
        JsonElement value = entry.get(key);
        if (value == null) {
            throw new IOException(where + ": missing \"" + key + "\"");
        }
        return value;
    }

    private static DType dtype(JsonElement value, String where) throws IOException {
        if (!(value instanceof JsonPrimitive primitive && primitive.isString())) {
            throw new IOException(where + ": " + Header.DTYPE_KEY + ": expected a string, found "
                    + StrictJson.describe(value));
        }
        return DType.named(primitive.getAsString()).orElseThrow(() -> new IOException(where + ": unknown "
                + Header.DTYPE_KEY + " \"" + primitive.getAsString() + "\" (known: "
                + Arrays.toString(DType.values()) + ")"));
    }

    /** An array of integers from 0 to Long.MAX_VALUE; {@code where} names the array. */
    private static long[] nonNegativeIntegers(JsonElement value, String where) throws IOException {
        if (!(value instanceof JsonArray array)) {
            throw new IOException(where + ": expected an array of integers, found " + StrictJson.describe(value));
        }
        long[] integers = new long[array.size()];
        for (int i = 0; i < integers.length; i++) {
            integers[i] = StrictJson.longValue(array.get(i), where + "[" + i + "]");
        }
        for (long integer : integers) {
            if (integer < 0) {
                throw new IOException(where + " " + Arrays.toString(integers) + ": " + integer + " is negative");
            }
        }
        return integers;
    }
}
