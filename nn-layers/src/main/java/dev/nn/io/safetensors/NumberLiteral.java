package dev.nn.io.safetensors;

/**
 * A JSON number kept as written, for every number of a {@link StrictJson} tree that is not an integer
 * literal within a long's range ({@code 1.5}, {@code 1e2}, {@code 2.0}, {@code 99999999999999999999}).
 * Each conversion rounds the decimal text once, straight to the requested type: a float taken from a
 * double would be rounded twice, and differs for a few floats from the float Gson's JsonWriter wrote.
 * The text is not turned into a BigDecimal, whose construction takes time quadratic in the number of
 * digits.
 */
final class NumberLiteral extends Number {
    private final String text;

    /** {@code text}: a JSON number literal whose value is finite as a double, as the parser checked. */
    NumberLiteral(String text) {
        this.text = text;
    }

    @Override
    public int intValue() {
        return (int) doubleValue();
    }

    @Override
    public long longValue() {
        return (long) doubleValue();
    }

    @Override
    public float floatValue() {
        return Float.parseFloat(text);
    }

    @Override
    public double doubleValue() {
        return Double.parseDouble(text);
    }

    /** The literal as written, so that a JsonPrimitive holding it prints (and Gson writes) it unchanged. */
    @Override
    public String toString() {
        return text;
    }
}
