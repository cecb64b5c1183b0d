package dev.nn.io.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** StrictJson: the JSON it accepts, the tree it builds, what it refuses and how it says so. */
class StrictJsonTest {
    private static final String WHAT = "architecture";

    private static void assertRefused(String expected, Executable call) {
        IOException e = assertThrows(IOException.class, call);
        assertTrue(e.getMessage().startsWith(WHAT + ": ") && e.getMessage().contains(expected),
                "message '" + e.getMessage() + "' should start with '" + WHAT + ": ' and contain '" + expected + "'");
    }

    private static void assertRefused(String text, String expected) {
        assertRefused(expected, () -> StrictJson.parseObject(text, WHAT));
    }

    @Test
    void buildsTheTreeInDocumentOrder() throws IOException {
        JsonObject root = StrictJson.parseObject(
                " {\"z\": [1, -2.5, \"s\", true, null, {}], \"a\": {\"b\": {\"c\": []}}, \"é\\n\": \"\\u00e9\"}\n", WHAT);
        assertEquals(List.of("z", "a", "é\n"), List.copyOf(root.keySet()));
        JsonArray z = root.getAsJsonArray("z");
        assertEquals(6, z.size());
        assertInstanceOf(Long.class, z.get(0).getAsNumber());
        assertInstanceOf(NumberLiteral.class, z.get(1).getAsNumber());
        assertEquals(-2.5, z.get(1).getAsDouble());
        assertEquals("s", z.get(2).getAsString());
        assertTrue(z.get(3).getAsBoolean());
        assertTrue(z.get(4).isJsonNull());
        assertTrue(z.get(5).isJsonObject());
        assertTrue(root.getAsJsonObject("a").getAsJsonObject("b").getAsJsonArray("c").isEmpty());
        assertEquals("é", root.get("é\n").getAsString());
    }

    @Test
    void refusesDuplicateKeysAtEveryDepth() {
        assertRefused("{\"a\":1,\"a\":1}", "duplicate key \"a\" at $.a");
        assertRefused("{\"layers\":[{},{},{\"type\":\"dense\",\"type\":\"relu\"}]}", "duplicate key \"type\" at $.layers[2].type");
        assertRefused("{\"a\":{\"b\":{\"c\":1,\"d\":2,\"c\":3}}}", "duplicate key \"c\" at $.a.b.c");
    }

    @Test
    void refusesNestingDeeperThanTheLimitAtAnyDepthAskedFor() throws IOException {
        int limit = StrictJson.MAX_NESTING;
        // The object itself is the first level.
        StrictJson.parseObject("{\"a\":" + "[".repeat(limit - 1) + "]".repeat(limit - 1) + "}", WHAT);
        for (int depth : new int[] {limit, limit + 1, 10_000, 100_000, 1_000_000}) {
            assertRefused("{\"a\":" + "[".repeat(depth) + "]".repeat(depth) + "}", "Nesting limit " + limit + " reached");
            assertRefused("{\"a\":" + "{\"b\":".repeat(depth) + "1" + "}".repeat(depth) + "}", "Nesting limit " + limit + " reached");
            assertRefused("{\"a\":" + "[".repeat(depth), "Nesting limit " + limit + " reached");
        }
    }

    @Test
    void refusesAnythingButOneObject() {
        assertRefused("[]", "expected a JSON object, found an array");
        assertRefused("3", "expected a JSON object, found a number");
        assertRefused("null", "expected a JSON object, found null");
        assertRefused("{} {}", "expected nothing but whitespace after the object");
        assertRefused("{}]", "expected nothing but whitespace after the object");
        assertRefused("\uFEFF{}", "found a byte order mark");
        assertRefused("", "malformed JSON");
        assertRefused("{", "malformed JSON");
    }

    @Test
    void refusesWhatOnlyLenientParsersAccept() {
        for (String text : new String[] {
            "{a:1}", "{'a':1}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":1;\"b\":2}",
            "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":\"\\x\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"\\ud800\"}",
            "{# comment\n}", "{\"a\":1 /* comment */}", "{\"a\"=1}",
        }) {
            assertRefused(text, "malformed JSON");
        }
        // Gson's advice to programmers (parse leniently; a troubleshooting link) is dropped.
        IOException e = assertThrows(IOException.class, () -> StrictJson.parseObject("{\"a\":NaN}", WHAT));
        assertEquals(WHAT + ": malformed JSON: unexpected character at line 1 column 6 path $.a", e.getMessage());
    }

    @Test
    void refusesNumbersBeyondADouble() {
        assertRefused("{\"a\":{\"b\":[1e400]}}", "number 1e400 at $.a.b[0] is beyond the range of a double");
        assertRefused("{\"a\":-1e309}", "number -1e309 at $.a is beyond the range of a double");
    }

    @Test
    void keepsIntegerLiteralsWithinALongAsLongsAndEveryOtherNumberAsWritten() throws IOException {
        JsonObject numbers = StrictJson.parseObject("{\"min\":-9223372036854775808,\"max\":9223372036854775807,"
                + "\"beyond\":9223372036854775808,\"zero\":-0,\"fraction\":2.0,\"exponent\":2E-0}", WHAT);
        assertEquals(Long.MIN_VALUE, numbers.get("min").getAsNumber());
        assertEquals(Long.MAX_VALUE, numbers.get("max").getAsNumber());
        assertEquals(0L, numbers.get("zero").getAsNumber());
        assertEquals("9223372036854775808", numbers.get("beyond").toString());
        assertEquals(9.223372036854775808e18, numbers.get("beyond").getAsDouble());
        assertEquals("2.0", numbers.get("fraction").toString());
        assertEquals(2, numbers.get("fraction").getAsInt());
        assertEquals("2E-0", numbers.get("exponent").toString());
        assertEquals(2f, numbers.get("exponent").getAsFloat());
    }

    @Test
    void intValueAcceptsIntegerLiteralsWithinAnIntOnly() throws IOException {
        JsonObject json = StrictJson.parseObject("{\"ok\":-2147483648,\"big\":2147483648,\"half\":1.5,\"whole\":1.0,"
                + "\"quoted\":\"3\",\"null\":null,\"list\":[1]}", WHAT);
        assertEquals(Integer.MIN_VALUE, StrictJson.intValue(json.get("ok"), WHAT));
        String expected = "expected an integer from -2147483648 to 2147483647, found ";
        assertRefused(expected + "2147483648", () -> StrictJson.intValue(json.get("big"), WHAT));
        assertRefused(expected + "1.5", () -> StrictJson.intValue(json.get("half"), WHAT));
        assertRefused(expected + "1.0", () -> StrictJson.intValue(json.get("whole"), WHAT));
        assertRefused(expected + "\"3\"", () -> StrictJson.intValue(json.get("quoted"), WHAT));
        assertRefused(expected + "null", () -> StrictJson.intValue(json.get("null"), WHAT));
        assertRefused(expected + "an array", () -> StrictJson.intValue(json.get("list"), WHAT));
        assertRefused(expected + "nothing", () -> StrictJson.intValue(json.get("absent"), WHAT));
    }

    @Test
    void longValueAcceptsIntegerLiteralsWithinALongOnly() throws IOException {
        JsonObject json = StrictJson.parseObject("{\"max\":9223372036854775807,\"beyond\":9223372036854775808}", WHAT);
        assertEquals(Long.MAX_VALUE, StrictJson.longValue(json.get("max"), WHAT));
        assertRefused("found 9223372036854775808", () -> StrictJson.longValue(json.get("beyond"), WHAT));
    }

    @Test
    void floatValueAcceptsNumbersWithinAFloat() throws IOException {
        JsonObject json = StrictJson.parseObject("{\"tenth\":0.1,\"three\":3,\"tiny\":1e-50,\"big\":1e39,\"quoted\":\"1\"}", WHAT);
        assertEquals(0.1f, StrictJson.floatValue(json.get("tenth"), WHAT));
        assertEquals(3f, StrictJson.floatValue(json.get("three"), WHAT));
        assertEquals(0f, StrictJson.floatValue(json.get("tiny"), WHAT));
        assertRefused("expected a number within the range of a float, found 1e39",
                () -> StrictJson.floatValue(json.get("big"), WHAT));
        assertRefused("expected a number, found \"1\"", () -> StrictJson.floatValue(json.get("quoted"), WHAT));
    }

    @Test
    void floatsThatJsonWriterWroteReadBackBitForBit() throws IOException {
        // The shortest decimal of this float (and of its negation), rounded to a double and then to a
        // float, gives its neighbour: the only such floats.
        float twiceRounded = Float.intBitsToFloat(0x15ae43fd);
        assertTrue((float) Double.parseDouble(Float.toString(twiceRounded)) != twiceRounded);
        float[] values = new float[1000];
        values[0] = twiceRounded;
        values[1] = -twiceRounded;
        values[2] = Float.MIN_VALUE;
        values[3] = -Float.MAX_VALUE;
        Random random = new Random(11);
        for (int i = 4; i < values.length; i++) {
            do {
                values[i] = Float.intBitsToFloat(random.nextInt());
            } while (!Float.isFinite(values[i]));
        }
        StringWriter text = new StringWriter();
        try (JsonWriter writer = new JsonWriter(text)) {
            writer.beginObject().name("values").beginArray();
            for (float value : values) {
                writer.value(value);
            }
            writer.endArray().endObject();
        }
        JsonArray read = StrictJson.parseObject(text.toString(), WHAT).getAsJsonArray("values");
        for (int i = 0; i < values.length; i++) {
            assertEquals(Float.floatToRawIntBits(values[i]), Float.floatToRawIntBits(StrictJson.floatValue(read.get(i), WHAT)),
                    values[i] + " written as " + read.get(i));
        }
    }
}
