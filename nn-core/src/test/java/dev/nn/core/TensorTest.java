package dev.nn.core;

import static dev.nn.core.ErrorMessages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TensorTest {
    @Test
    void zerosHasShapeAndSize() {
        Tensor t = Tensor.zeros(2, 3, 4);
        assertArrayEquals(new int[] {2, 3, 4}, t.shape());
        assertEquals(3, t.rank());
        assertEquals(24, t.size());
        assertEquals(0f, t.get(1, 2, 3));
    }

    @Test
    void elementAccessIsRowMajor() {
        Tensor t = Tensor.wrap(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        assertEquals(5f, t.get(1, 2));
        assertEquals(3f, t.get(1, 0));
        t.set(9f, 0, 1);
        assertEquals(9f, t.data()[1]);
    }

    @Test
    void reshapeSharesValuesAndInfersOneDimension() {
        Tensor t = Tensor.wrap(new float[] {0, 1, 2, 3, 4, 5}, 2, 3);
        Tensor r = t.reshape(3, -1);
        assertArrayEquals(new int[] {3, 2}, r.shape());
        assertSame(t.data(), r.data());
        r.set(7f, 2, 1);
        assertEquals(7f, t.get(1, 2));
    }

    @Test
    void wrapAcceptsALongerArray() {
        float[] buffer = new float[100];
        Tensor t = Tensor.wrap(buffer, 2, 5);
        assertEquals(10, t.size());
        assertEquals(10, t.copy().toArray().length);
        assertEquals(10, t.copy().size());
    }

    @Test
    void seededRandomTensorsRepeat() {
        Tensor a = Tensor.uniform(new Rng(42), -1f, 1f, 3, 3);
        Tensor b = Tensor.uniform(new Rng(42), -1f, 1f, 3, 3);
        Tensor c = Tensor.uniform(new Rng(43), -1f, 1f, 3, 3);
        assertArrayEquals(a.data(), b.data());
        assertNotEquals(a.get(0, 0), c.get(0, 0));
        for (float v : a.data()) {
            assertEquals(0f, v, 1f);
        }
        Tensor g = Tensor.gaussian(new Rng(1), 5f, 0.001f, 4);
        assertEquals(5f, g.get(2), 0.01f);
    }

    @Test
    void toStringNestsSmallTensorsAndSummarisesLargeOnes() {
        assertEquals("Tensor[2, 2] [[1.0, 2.0], [3.0, 4.0]]", Tensor.wrap(new float[] {1, 2, 3, 4}, 2, 2).toString());
        assertEquals("Tensor[3] [0.5, 0.0, -1.0]", Tensor.wrap(new float[] {0.5f, 0, -1}, 3).toString());
        String big = Tensor.zeros(64, 784).toString();
        assertEquals(true, big.startsWith("Tensor[64, 784] [0.0, 0.0"), big);
        assertEquals(true, big.endsWith("(50176 values)]"), big);
    }

    @Test
    void badShapesAndArraysNameBoth() {
        assertMessage("array of length 5 is too short for shape [2, 3], which needs 6 values",
                () -> Tensor.wrap(new float[5], 2, 3));
        assertMessage("shape [2, 0] has a dimension below 1", () -> Tensor.zeros(2, 0));
        assertMessage("cannot reshape [2, 3] (6 values) to [4, 2]", () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertMessage("more than one -1", () -> Tensor.zeros(2, 3).reshape(-1, -1));
        assertMessage("index [2, 0] is out of bounds for shape [2, 3]", () -> Tensor.zeros(2, 3).get(2, 0));
        assertMessage("has 1 coordinates but shape [2, 3] has 2", () -> Tensor.zeros(2, 3).get(1));
        assertMessage("data is null", () -> Tensor.wrap(null, 2));
    }

    @Test
    void reuseKeepsTheSameTensorOrArrayWhenItCan() {
        Tensor a = Tensor.reuse(null, 4, new int[] {3});
        assertArrayEquals(new int[] {4, 3}, a.shape());
        assertSame(a, Tensor.reuse(a, 4, new int[] {3}));
        Tensor smaller = Tensor.reuse(a, 2, new int[] {3});
        assertArrayEquals(new int[] {2, 3}, smaller.shape());
        assertSame(a.data(), smaller.data());
        // 15 values fit in the 12 and the slack after them; 30 do not, and the new array holds
        // half as many again as the old one (28 · 1.5 = 42), plus the slack.
        Tensor same = Tensor.reuse(smaller, 5, new int[] {3});
        assertEquals(15, same.size());
        assertSame(a.data(), same.data());
        Tensor larger = Tensor.reuse(smaller, 10, new int[] {3});
        assertEquals(30, larger.size());
        assertEquals(42 + 16, larger.data().length);
    }
}
