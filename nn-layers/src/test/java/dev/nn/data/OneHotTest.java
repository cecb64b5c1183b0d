package dev.nn.data;

import static dev.nn.data.TestData.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.Tensor;
import org.junit.jupiter.api.Test;

/** One-hot encoding of labels and argmax of scores, against cases worked out by hand. */
class OneHotTest {
    private static final float NAN = Float.NaN;

    @Test
    void encodesLabelsOfShapeNOrNByOne() {
        float[] expected = {
            0, 0, 1,
            1, 0, 0,
            0, 1, 0,
            0, 0, 1,
        };
        Tensor flat = OneHot.encode(Tensor.wrap(new float[] {2, 0, 1, 2}, 4), 3);
        assertArrayEquals(new int[] {4, 3}, flat.shape());
        assertArrayEquals(expected, flat.toArray());
        assertArrayEquals(expected, OneHot.encode(Tensor.wrap(new float[] {2, 0, 1, 2}, 4, 1), 3).toArray());
    }

    @Test
    void aBadLabelIsNamedByIndexAndValue() {
        assertMessage(IllegalArgumentException.class, () -> encode(3, 0, 10), "label 2 is 10.0", "[0, 10)");
        assertMessage(IllegalArgumentException.class, () -> encode(-1), "label 0 is -1.0");
        assertMessage(IllegalArgumentException.class, () -> encode(0, 1.5f), "label 1 is 1.5");
        assertMessage(IllegalArgumentException.class, () -> encode(0, 0, 0, NAN), "label 3 is NaN");
        assertMessage(IllegalArgumentException.class, () -> encode(3e9f), "label 0 is 3.0E9");
        assertMessage(IllegalArgumentException.class, () -> OneHot.encode(Tensor.zeros(2, 2), 10), "[N] or [N, 1]", "[2, 2]");
        assertMessage(IllegalArgumentException.class, () -> OneHot.encode(Tensor.zeros(2), 0), "at least 1, got 0");
    }

    private static Tensor encode(float... labels) {
        return OneHot.encode(Tensor.wrap(labels, labels.length), 10);
    }

    @Test
    void argmaxFindsTheFirstLargestInARange() {
        float[] a = {9, 1, 5, 3, 5, 2};
        assertEquals(0, OneHot.argmax(a, 0, 6));
        assertEquals(1, OneHot.argmax(a, 1, 3), "5 at position 1 of [1, 5, 3]");
        assertEquals(0, OneHot.argmax(a, 2, 3), "the first of the two 5s");
        assertEquals(0, OneHot.argmax(a, 5, 1));
        float inf = Float.NEGATIVE_INFINITY;
        assertEquals(1, OneHot.argmax(new float[] {NAN, inf, NAN}, 0, 3), "NaN is skipped, -Infinity is a number");
        assertEquals(2, OneHot.argmax(new float[] {NAN, -3, -1}, 0, 3));
        assertEquals(0, OneHot.argmax(new float[] {NAN, NAN}, 0, 2));
    }

    @Test
    void argmaxRefusesAnEmptyOrOutsideRange() {
        float[] a = new float[4];
        assertMessage(IllegalArgumentException.class, () -> OneHot.argmax(a, 0, 0), "length 4");
        assertMessage(IllegalArgumentException.class, () -> OneHot.argmax(a, 2, 3), "[2, 2 + 3)", "length 4");
        assertMessage(IllegalArgumentException.class, () -> OneHot.argmax(a, -1, 2), "length 4");
    }
}
