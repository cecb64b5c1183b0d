package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** MaxPool2D on hand-computed planes: forward values, gradient routing, shapes and errors. */
class MaxPool2DTest {
    // 1 3 | 2 1      2×2 windows at stride 2: max 4 (row 1, col 0), 5 (1, 3), 8 (3, 1),
    // 4 2 | 0 5      and 6 for the tie {6, 6, 6, 2}: the first, at (2, 2).
    // ----+----
    // 7 1 | 6 6
    // 0 8 | 6 2
    private static final float[] PLANE = {1, 3, 2, 1, 4, 2, 0, 5, 7, 1, 6, 6, 0, 8, 6, 2};

    /** [batch, channels, 4, 4]: plane k is PLANE + 100·k, so that every plane has its own values. */
    private static Tensor planes(int batch, int channels) {
        Tensor x = Tensor.zeros(batch, channels, 4, 4);
        for (int k = 0; k < batch * channels; k++) {
            for (int i = 0; i < 16; i++) {
                x.data()[16 * k + i] = PLANE[i] + 100 * k;
            }
        }
        return x;
    }

    @Test
    void forwardTakesTheMaximumOfEachWindowInEachChannel() {
        MaxPool2D layer = new MaxPool2D(2);
        Tensor y = layer.forward(planes(2, 2));
        assertArrayEquals(new int[] {2, 2, 2, 2}, y.shape());
        for (int k = 0; k < 4; k++) {
            float c = 100 * k;
            assertArrayEquals(new float[] {4 + c, 5 + c, 8 + c, 6 + c}, java.util.Arrays.copyOfRange(y.toArray(), 4 * k, 4 * k + 4),
                    "plane " + k);
        }
    }

    @Test
    void backwardRoutesEachGradientToItsWindowsMaximum() {
        MaxPool2D layer = new MaxPool2D(2);
        layer.forward(planes(1, 2));
        Tensor dy = Tensor.wrap(new float[] {1, 2, 3, 4, 10, 20, 30, 40}, 1, 2, 2, 2);
        Tensor dx = layer.backward(dy);
        assertArrayEquals(new int[] {1, 2, 4, 4}, dx.shape());
        float[] plane0 = {0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 4, 0, 0, 3, 0, 0};
        float[] expected = new float[32];
        for (int i = 0; i < 16; i++) {
            expected[i] = plane0[i];
            expected[16 + i] = 10 * plane0[i];
        }
        assertArrayEquals(expected, java.util.Arrays.copyOf(dx.toArray(), 32));
    }

    @Test
    void overlappingWindowsAddTheirGradients() {
        // 3×3 at stride 1: the maxima are 7 (index 8), 6 (10), 8 (13) and 8 (13) again.
        MaxPool2D layer = new MaxPool2D(3, 1);
        Tensor y = layer.forward(Tensor.wrap(PLANE.clone(), 1, 1, 4, 4));
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {7, 6, 8, 8}, y.toArray());
        Tensor dx = layer.backward(Tensor.wrap(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 7, 0, 0}, dx.toArray());
    }

    @Test
    void outputShapesRoundDownLikePyTorch() {
        assertArrayEquals(new int[] {32, 13, 13}, new MaxPool2D(2).outputShape(new int[] {32, 26, 26}));
        assertArrayEquals(new int[] {3, 14, 14}, new MaxPool2D(2).outputShape(new int[] {3, 28, 28}));
        assertArrayEquals(new int[] {5, 2, 2}, new MaxPool2D(2).outputShape(new int[] {5, 5, 5}));
        assertArrayEquals(new int[] {64, 27, 27}, new MaxPool2D(3, 2).outputShape(new int[] {64, 55, 55}));
        assertArrayEquals(new int[] {1, 1, 4}, new MaxPool2D(3, 1).outputShape(new int[] {1, 3, 6}));
    }

    @Test
    void buffersAreReusedAndFollowTheBatchSize() {
        MaxPool2D layer = new MaxPool2D(2);
        Tensor y1 = layer.forward(planes(2, 1));
        Tensor dx1 = layer.backward(Tensor.zeros(2, 1, 2, 2));
        assertSame(y1, layer.forward(planes(2, 1)));
        assertSame(dx1, layer.backward(Tensor.zeros(2, 1, 2, 2)));

        Tensor y = layer.forward(planes(1, 1));
        assertArrayEquals(new int[] {1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[] {4, 5, 8, 6}, java.util.Arrays.copyOf(y.toArray(), 4));
        Tensor dx = layer.backward(Tensor.wrap(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 4, 0, 0, 3, 0, 0}, java.util.Arrays.copyOf(dx.toArray(), 16));
    }

    @Test
    void namesItselfAndItsStride() {
        assertEquals("MaxPool2D(2×2)", new MaxPool2D(2).toString());
        assertEquals("MaxPool2D(2×2)", new MaxPool2D(2, 2).toString());
        assertEquals("MaxPool2D(3×3, stride 2)", new MaxPool2D(3, 2).toString());
    }

    @Test
    void errorsNameTheLayerAndTheShape() {
        MaxPool2D layer = new MaxPool2D(2);
        assertMessage(IllegalArgumentException.class, "MaxPool2D needs a pool and a stride of at least 1, got pool 0",
                () -> new MaxPool2D(0));
        assertMessage(IllegalArgumentException.class, "stride 0", () -> new MaxPool2D(2, 0));
        assertMessage(IllegalArgumentException.class,
                "MaxPool2D(2×2) takes inputs of shape [channels, height, width] but got [28, 28]",
                () -> layer.outputShape(new int[] {28, 28}));
        assertMessage(IllegalArgumentException.class,
                "MaxPool2D(3×3): a 3×3 window does not fit in inputs of shape [1, 2, 5]",
                () -> new MaxPool2D(3).outputShape(new int[] {1, 2, 5}));
        assertMessage(IllegalArgumentException.class,
                "MaxPool2D(2×2): expected input of shape [batch, channels, height, width] but got [2, 4, 4]",
                () -> layer.forward(Tensor.zeros(2, 4, 4)));
        assertMessage(IllegalArgumentException.class, "does not fit in inputs of shape [1, 1, 4]",
                () -> layer.forward(Tensor.zeros(2, 1, 1, 4)));
        assertMessage(IllegalStateException.class, "MaxPool2D(2×2): backward called before forward",
                () -> new MaxPool2D(2).backward(Tensor.zeros(1, 1, 2, 2)));
        layer.forward(planes(1, 1));
        assertMessage(IllegalArgumentException.class,
                "MaxPool2D(2×2): expected output gradient of shape [1, 1, 2, 2] but got [1, 1, 2, 3]",
                () -> layer.backward(Tensor.zeros(1, 1, 2, 3)));
    }

    static void assertMessage(Class<? extends RuntimeException> type, String expected, Executable call) {
        RuntimeException e = assertThrows(type, call);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
