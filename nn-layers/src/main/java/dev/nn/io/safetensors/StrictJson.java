package dev.nn.io.safetensors;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import java.io.EOFException;
import java.io.IOException;
import java.io.StringReader;

/**
 * A JSON parser that accepts only JSON as RFC 8259 defines it, and only documents whose meaning is
 * unambiguous: one object, no duplicate keys at any depth, no number beyond the range of a double.
 * Gson's own parsers accept more (in every mode, a later duplicate key silently replaces the earlier),
 * so this one builds the tree itself from Gson's {@link JsonReader} in strict mode.
 *
 * <p>In the tree, a number written as an integer literal ({@code 42}, {@code -7}: no fraction, no
 * exponent) that fits in a long is a {@link Long}; every other number ({@code 1.5}, {@code 1e2},
 * {@code 100.0}, integers beyond a long) is kept as written, converted on demand by
 * {@link Number#floatValue()} and its kin, each correctly rounded from the text. {@link #intValue}
 * and {@link #longValue} accept the former only, so that a count written as {@code 2.0} is an error
 * rather than a guess.
 *
 * <p>Every failure is an {@link IOException} whose message starts with the caller's name for the
 * document and says where in it the problem is.
 */
public final class StrictJson {
    /**
     * The deepest nesting of arrays and objects accepted. The documents read here nest a few levels
     * (a header: object, entry, shape); the limit keeps a hostile document's nesting from costing
     * stack or time, and is far below what the recursive descent here can take.
     */
    static final int MAX_NESTING = 64;

    private StrictJson() {
    }

    /**
     * Parses a JSON object.
     *
     * @param text the document: one object, optionally surrounded by whitespace
     * @param what what to call the document in error messages, e.g. {@code architecture}
     * @return the object, members in document order
     * @throws IOException if {@code text} is not strict JSON (no comments, no single quotes, no
     *     {@code NaN}, no trailing commas, no unpaired surrogates, no byte order mark), is not an
     *     object, has anything but whitespace after it, repeats a key in any object, nests arrays and
     *     objects more than 64 deep, or holds a number beyond the range of a double; the message
     *     starts with {@code what}
     */
    public static JsonObject parseObject(String text, String what) throws IOException {
        // Gson skips a byte order mark even in strict mode; RFC 8259 does not allow one.
        if (text.startsWith("\uFEFF")) {
            throw new IOException(what + ": expected a JSON object, found a byte order mark");
        }
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        reader.setNestingLimit(MAX_NESTING);
        try {
            JsonToken first = reader.peek();
            if (first != JsonToken.BEGIN_OBJECT) {
                throw new IOException(what + ": expected a JSON object, found " + describe(first));
            }
            JsonObject object = readObject(reader, what);
            if (!atEnd(reader)) {
                throw new IOException(what + ": expected nothing but whitespace after the object");
            }
            return object;
        } catch (MalformedJsonException | EOFException e) {
            throw new IOException(what + ": malformed JSON: " + withoutAdvice(e.getMessage()), e);
        }
    }

    /**
     * Reads an int from a tree that {@link #parseObject} built.
     *
     * @param element the value
     * @param what what to call the value in error messages, e.g. {@code architecture: layers[0].units}
     * @return the value
     * @throws IOException if {@code element} is not an integer literal within the range of an int;
     *     a quoted number, {@code 1.5} and {@code 1.0} are all refused
     */
    public static int intValue(JsonElement element, String what) throws IOException {
        return (int) integer(element, what, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * Reads a long from a tree that {@link #parseObject} built.
     *
     * @param element the value
     * @param what what to call the value in error messages
     * @return the value
     * @throws IOException if {@code element} is not an integer literal within the range of a long;
     *     a quoted number, {@code 1.5} and {@code 1.0} are all refused
     */
    public static long longValue(JsonElement element, String what) throws IOException {
        return integer(element, what, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /**
     * Reads a float from a tree that {@link #parseObject} built: the number as written, rounded to
     * the nearest float, which gives back every float that Gson's {@code JsonWriter} wrote.
     *
     * @param element the value
     * @param what what to call the value in error messages
     * @return the value, finite
     * @throws IOException if {@code element} is not a number (a quoted number is refused) or is
     *     beyond the range of a float
     */
    public static float floatValue(JsonElement element, String what) throws IOException {
        if (!(element instanceof JsonPrimitive primitive && primitive.isNumber())) {
            throw new IOException(what + ": expected a number, found " + describe(element));
        }
        float value = primitive.getAsNumber().floatValue();
        if (!Float.isFinite(value)) {
            throw new IOException(what + ": expected a number within the range of a float, found " + element);
        }
        return value;
    }

    private static long integer(JsonElement element, String what, long min, long max) throws IOException {
        if (element instanceof JsonPrimitive primitive && primitive.isNumber()
                && primitive.getAsNumber() instanceof Long value && value >= min && value <= max) {
            return value;
        }
        throw new IOException(what + ": expected an integer from " + min + " to " + max + ", found "
                + describe(element));
    }

    /** Whether only whitespace is left. */
    private static boolean atEnd(JsonReader reader) throws IOException {
        try {
            return reader.peek() == JsonToken.END_DOCUMENT;
        } catch (MalformedJsonException secondValue) {
            // A strict reader refuses whatever follows the top-level value as it peeks at it.
            return false;
        }
    }

    private static JsonObject readObject(JsonReader reader, String what) throws IOException {
        JsonObject object = new JsonObject();
        reader.beginObject();
        while (reader.hasNext()) {
            String key = reader.nextName();
            if (object.has(key)) {
                throw new IOException(what + ": duplicate key \"" + key + "\" at " + reader.getPath());
            }
            object.add(key, readValue(reader, what));
        }
        reader.endObject();
        return object;
    }

    private static JsonArray readArray(JsonReader reader, String what) throws IOException {
        JsonArray array = new JsonArray();
        reader.beginArray();
        while (reader.hasNext()) {
            array.add(readValue(reader, what));
        }
        reader.endArray();
        return array;
    }

    private static JsonElement readValue(JsonReader reader, String what) throws IOException {
        JsonToken token = reader.peek();
        return switch (token) {
            case BEGIN_OBJECT -> readObject(reader, what);
            case BEGIN_ARRAY -> readArray(reader, what);
            case STRING -> new JsonPrimitive(reader.nextString());
            case NUMBER -> number(reader, what);
            case BOOLEAN -> new JsonPrimitive(reader.nextBoolean());
            case NULL -> {
                reader.nextNull();
                yield JsonNull.INSTANCE;
            }
            // A strict JsonReader reports malformed JSON before it would hand out any of these here.
            case END_OBJECT, END_ARRAY, NAME, END_DOCUMENT ->
                    throw new IllegalStateException("JsonReader gave " + token + " where a value begins");
        };
    }

    /** The number at the reader: a Long for an integer literal within a long's range, else the literal. */
    private static JsonPrimitive number(JsonReader reader, String what) throws IOException {
        String path = reader.getPath(); // before nextString moves it past an array element
        String literal = reader.nextString();
        if (isIntegerLiteral(literal)) {
            try {
                return new JsonPrimitive(Long.parseLong(literal));
            } catch (NumberFormatException beyondLong) {
                // Still a valid JSON number: kept as written, which intValue and longValue refuse.
            }
        }
        if (!Double.isFinite(Double.parseDouble(literal))) {
            throw new IOException(what + ": number " + literal + " at " + path + " is beyond the range of a double");
        }
        return new JsonPrimitive(new NumberLiteral(literal));
    }

    /** Whether a JSON number literal, which the reader has checked, has neither fraction nor exponent. */
    private static boolean isIntegerLiteral(String literal) {
        return literal.indexOf('.') < 0 && literal.indexOf('e') < 0 && literal.indexOf('E') < 0;
    }

    /**
     * Gson's message without its advice to programmers (to parse leniently; a troubleshooting URL on
     * a second line), which would mislead whoever holds a malformed file: what is left says where.
     */
    private static String withoutAdvice(String gsonMessage) {
        return gsonMessage.lines().findFirst().orElse("")
                .replace("Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "unexpected character");
    }

    /** An element for a message: a primitive or null as written, a container by its kind. */
    static String describe(JsonElement element) {
        if (element == null) {
            return "nothing";
        }
        if (element.isJsonObject()) {
            return "an object";
        }
        return element.isJsonArray() ? "an array" : element.toString();
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case BEGIN_ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> token.toString();
        };
    }
}
