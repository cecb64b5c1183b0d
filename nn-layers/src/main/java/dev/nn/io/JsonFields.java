package dev.nn.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.nn.io.safetensors.StrictJson;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Typed, exact reads of one JSON object's fields, each failure an {@link IOException} naming where
 * the object is (e.g. {@code "model.safetensors: architecture, layer 2"}) and the field; numbers
 * are read by {@link StrictJson}'s exact readers (an int field refuses {@code 1.5} and {@code "3"}).
 */
final class JsonFields {
    private final JsonObject object;
    private final String where;

    JsonFields(JsonObject object, String where) {
        this.object = object;
        this.where = where;
    }

    /** Fails unless every key of the object is one of {@code allowed}. */
    JsonFields allowOnly(String... allowed) throws IOException {
        Set<String> keys = new HashSet<>(object.keySet());
        keys.removeAll(List.of(allowed));
        if (!keys.isEmpty()) {
            throw error("unknown key(s) " + keys + "; expected only " + Arrays.toString(allowed));
        }
        return this;
    }

    boolean has(String key) {
        return object.has(key) && !object.get(key).isJsonNull();
    }

    String string(String key) throws IOException {
        JsonElement e = require(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(key + " must be a string but is " + e);
        }
        return e.getAsString();
    }

    boolean bool(String key) throws IOException {
        JsonElement e = require(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw error(key + " must be true or false but is " + e);
        }
        return e.getAsBoolean();
    }

    int integer(String key) throws IOException {
        return StrictJson.intValue(require(key), where + ": " + key);
    }

    long longValue(String key) throws IOException {
        return StrictJson.longValue(require(key), where + ": " + key);
    }

    float number(String key) throws IOException {
        return StrictJson.floatValue(require(key), where + ": " + key);
    }

    int[] integers(String key) throws IOException {
        JsonArray array = array(key);
        int[] values = new int[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = StrictJson.intValue(array.get(i), where + ": " + key + "[" + i + "]");
        }
        return values;
    }

    /** A list of two longs written as decimal strings (a JSON number cannot carry 64 bits everywhere). */
    long[] longPair(String key) throws IOException {
        JsonArray array = array(key);
        if (array.size() != 2) {
            throw error(key + " must hold 2 values but holds " + array.size());
        }
        long[] values = new long[2];
        for (int i = 0; i < 2; i++) {
            JsonElement e = array.get(i);
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw error(key + "[" + i + "] must be a string holding a long but is " + e);
            }
            try {
                values[i] = Long.parseLong(e.getAsString());
            } catch (NumberFormatException ex) {
                throw error(key + "[" + i + "] must hold a long but is " + e);
            }
        }
        return values;
    }

    JsonArray array(String key) throws IOException {
        JsonElement e = require(key);
        if (!e.isJsonArray()) {
            throw error(key + " must be an array but is " + e);
        }
        return e.getAsJsonArray();
    }

    JsonObject object(String key) throws IOException {
        JsonElement e = require(key);
        if (!e.isJsonObject()) {
            throw error(key + " must be an object but is " + e);
        }
        return e.getAsJsonObject();
    }

    IOException error(String what) {
        return new IOException(where + ": " + what);
    }

    private JsonElement require(String key) throws IOException {
        if (!object.has(key)) {
            throw error("missing " + key);
        }
        return object.get(key);
    }
}
