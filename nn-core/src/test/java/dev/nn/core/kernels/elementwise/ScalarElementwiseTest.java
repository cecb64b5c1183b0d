package dev.nn.core.kernels.elementwise;

import static dev.nn.core.ErrorMessages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.kernels.Elementwise;
import org.junit.jupiter.api.Test;

/** The scalar element-wise kernels against values worked out by hand, and the facade's argument checks. */
class ScalarElementwiseTest {
    /** Hand-computed values below are given to 7 significant digits. */
    private static final float DIGITS = 1e-6f;

    @Test
    void addScaleAndAxpyAtOffsets() {
        float[] a = {9, 1, 2, 3};
        float[] b = {10, 20, 30, 9, 9};
        float[] out = new float[4];
        ScalarElementwise.INSTANCE.add(3, a, 1, b, 0, out, 1);
        assertArrayEquals(new float[] {0, 11, 22, 33}, out);

        ScalarElementwise.INSTANCE.add(3, a, 1, b, 0, b, 0);
        assertArrayEquals(new float[] {11, 22, 33, 9, 9}, b, "in place, out = b");

        float[] y = {5, 1, 1, 1};
        ScalarElementwise.INSTANCE.axpy(3, 2f, a, 1, y, 1);
        assertArrayEquals(new float[] {5, 3, 5, 7}, y);

        ScalarElementwise.INSTANCE.scale(2, -0.5f, y, 2);
        assertArrayEquals(new float[] {5, 3, -2.5f, -3.5f}, y);
    }

    @Test
    void denseBiasAndItsGradient() {
        // y is 2×3 and receives v = [1, 2, 3] in each row.
        float[] y = {0, 0, 0, 10, 10, 10};
        ScalarElementwise.INSTANCE.addRowVector(2, 3, new float[] {7, 1, 2, 3}, 1, y, 0);
        assertArrayEquals(new float[] {1, 2, 3, 11, 12, 13}, y);

        // Column sums of [[1, 2, 3], [4, 5, 6]] are [5, 7, 9], added to what out already holds.
        float[] out = {10, 10, 10};
        ScalarElementwise.INSTANCE.sumRows(2, 3, new float[] {1, 2, 3, 4, 5, 6}, 0, out, 0);
        assertArrayEquals(new float[] {15, 17, 19}, out);
    }

    @Test
    void convolutionBiasAndItsGradient() {
        // NCHW with batch 2, channels 2, plane 2: [n0c0 | n0c1 | n1c0 | n1c1].
        float[] y = new float[8];
        ScalarElementwise.INSTANCE.addChannelBias(2, 2, 2, new float[] {1, -1}, 0, y, 0);
        assertArrayEquals(new float[] {1, 1, -1, -1, 1, 1, -1, -1}, y);

        // x = 1..8: channel 0 holds 1, 2, 5, 6 (sum 14), channel 1 holds 3, 4, 7, 8 (sum 22).
        float[] out = {9, 1, 1};
        ScalarElementwise.INSTANCE.sumChannels(2, 2, 2, new float[] {1, 2, 3, 4, 5, 6, 7, 8}, 0, out, 1);
        assertArrayEquals(new float[] {9, 15, 23}, out);
    }

    @Test
    void tanhAndItsGradient() {
        float[] x = {0.5f, -0.5f, 0f, 20f, -20f};
        ScalarElementwise.INSTANCE.tanh(5, x, 0, x, 0);
        assertArrayEquals(new float[] {0.46211716f, -0.46211716f, 0f, 1f, -1f}, x, DIGITS, "in place");

        // dx = dy·(1 − y²): 2·(1 − 0.25) = 1.5, 4·(1 − 0) = 4, 3·(1 − 1) = 0.
        float[] dy = {2, 4, 3};
        ScalarElementwise.INSTANCE.tanhBackward(3, new float[] {0.5f, 0f, -1f}, 0, dy, 0, dy, 0);
        assertArrayEquals(new float[] {1.5f, 4f, 0f}, dy, "in place, dx = dy");
    }

    @Test
    void sigmoidAndItsGradient() {
        // 1/(1 + e^−2) = 1/1.1353353 = 0.8807971
        float[] x = {0f, 2f, -2f};
        ScalarElementwise.INSTANCE.sigmoid(3, x, 0, x, 0);
        assertArrayEquals(new float[] {0.5f, 0.8807971f, 0.1192029f}, x, DIGITS, "in place");

        // dx = dy·y·(1 − y): 4·0.5·0.5 = 1, 10·0.2·0.8 = 1.6.
        float[] dy = {4, 10};
        ScalarElementwise.INSTANCE.sigmoidBackward(2, new float[] {0.5f, 0.2f}, 0, dy, 0, dy, 0);
        assertArrayEquals(new float[] {1f, 1.6f}, dy, DIGITS, "in place, dx = dy");
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        float[] x = {100f, -100f, 1000f, -1000f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        float[] y = new float[x.length];
        ScalarElementwise.INSTANCE.sigmoid(x.length, x, 0, y, 0);
        // σ(−100) = 3.7200760e-44 is subnormal in float, and flushed to 0 (see Elementwise).
        assertArrayEquals(new float[] {1f, 0f, 1f, 0f, 1f, 0f, Float.NaN}, y);
    }

    @Test
    void reluAndLeakyReluWithTheirGradients() {
        float[] x = {-1f, 0f, 2f};
        float[] y = new float[3];
        ScalarElementwise.INSTANCE.relu(3, x, 0, y, 0);
        assertArrayEquals(new float[] {0f, 0f, 2f}, y);
        ScalarElementwise.INSTANCE.leakyRelu(3, 0.25f, x, 0, y, 0);
        assertArrayEquals(new float[] {-0.25f, 0f, 2f}, y);

        // The gradient at x = 0 is taken as that of the negative side.
        float[] dy = {4f, 8f, 12f};
        ScalarElementwise.INSTANCE.leakyReluBackward(3, 0.25f, x, 0, dy, 0, dy, 0);
        assertArrayEquals(new float[] {1f, 2f, 12f}, dy, "in place, dx = dy");
        ScalarElementwise.INSTANCE.reluBackward(3, x, 0, dy, 0, dy, 0);
        assertArrayEquals(new float[] {0f, 0f, 12f}, dy, "in place, dx = dy");

        float[] z = {-3f, 3f};
        ScalarElementwise.INSTANCE.relu(2, z, 0, z, 0);
        assertArrayEquals(new float[] {0f, 3f}, z, "in place");
    }

    @Test
    void softmaxOfRows() {
        // e^1 : e^2 : e^3 normalised = 0.0900306, 0.2447285, 0.6652410; the second row is the
        // first shifted by 1000, where e^1000 would overflow without subtracting the row maximum.
        float[] x = {1, 2, 3, 1001, 1002, 1003};
        ScalarElementwise.INSTANCE.softmaxRows(2, 3, x, 0, x, 0);
        float[] p = {0.0900306f, 0.2447285f, 0.6652410f};
        assertArrayEquals(new float[] {p[0], p[1], p[2], p[0], p[1], p[2]}, x, DIGITS, "in place");
    }

    @Test
    void softmaxGradient() {
        // y = [0.2, 0.3, 0.5], dy = [1, 0, 0]: Σ dy·y = 0.2, dx = [0.2·0.8, 0.3·(−0.2), 0.5·(−0.2)].
        // A dy equal in every column is no gradient at all: dx = y·(c − c·Σy) = 0.
        float[] y = {0.2f, 0.3f, 0.5f, 0.2f, 0.3f, 0.5f};
        float[] dy = {1, 0, 0, 7, 7, 7};
        ScalarElementwise.INSTANCE.softmaxRowsBackward(2, 3, y, 0, dy, 0, dy, 0);
        assertArrayEquals(new float[] {0.16f, -0.06f, -0.1f, 0, 0, 0}, dy, DIGITS, "in place, dx = dy");
    }

    @Test
    void facadeGivesTheSameResults() {
        float[] x = {9, 1, 2, 3};
        Elementwise.softmaxRows(1, 3, x, 1, x, 1);
        assertArrayEquals(new float[] {9, 0.0900306f, 0.2447285f, 0.6652410f}, x, DIGITS);
        float[] s = {0.5f, 100f, -100f};
        Elementwise.sigmoid(3, s, 0, s, 0);
        assertEquals(0.6224593f, s[0], DIGITS);
        assertEquals(1f, s[1]);
        assertTrue(s[2] >= 0f && s[2] < 1e-43f, "sigmoid(-100) = " + s[2]);
        float[] t = {0.5f};
        Elementwise.tanh(1, t, 0, t, 0);
        assertEquals(0.46211716f, t[0], DIGITS);
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        float[] three = new float[3];
        assertMessage("n must not be negative but is -1", () -> Elementwise.add(-1, three, 0, three, 0, three, 0));
        assertMessage("cols must not be negative but is -2", () -> Elementwise.softmaxRows(1, -2, three, 0, three, 0));
        assertMessage("x is null but needs length 4 (3 values from offset 1)", () -> Elementwise.tanh(3, null, 1, three, 0));
        assertMessage("dx has length 3 but needs length 4 (3 values from offset 1)",
                () -> Elementwise.reluBackward(3, three, 0, three, 0, three, 1));
        assertMessage("offset of y is negative: -1", () -> Elementwise.axpy(1, 1f, three, 0, three, -1));
        assertMessage("y has length 3 but needs length 4 (4 values from offset 0)",
                () -> Elementwise.addRowVector(2, 2, three, 0, three, 0));
        assertMessage("out has length 3 but needs length 4", () -> Elementwise.sumChannels(1, 4, 0, three, 0, three, 0));
        assertMessage("bias is null but needs length 2", () -> Elementwise.addChannelBias(1, 2, 1, null, 0, three, 0));
        // 2^21·2^21·2^21 = 2^63 values would wrap a long to a negative count: still refused.
        assertMessage("y has length 3", () -> Elementwise.addChannelBias(1 << 21, 1 << 21, 1 << 21, new float[1 << 21], 0, three, 0));
        int[] order = {0, 2, 1};
        assertMessage("index has length 3 but needs length 4 (2 values from offset 2)",
                () -> Elementwise.gatherRows(2, 1, three, order, 2, three, 0));
        assertMessage("index[1] = 2 names no row of src, which holds 1 rows of 2 values",
                () -> Elementwise.gatherRows(2, 2, three, order, 0, new float[4], 0));
        assertMessage("index[1] = -1 names no row of src",
                () -> Elementwise.gatherRows(2, 1, three, new int[] {0, -1}, 0, three, 0));
    }

    @Test
    void gatherRowsCopiesTheIndexedRowsInOrder() {
        float[] src = {0, 1, 10, 11, 20, 21};
        float[] dst = {9, 9, 9, 9, 9, 9, 9, 9};
        ScalarElementwise.INSTANCE.gatherRows(3, 2, src, new int[] {7, 2, 0, 2}, 1, dst, 1);
        assertArrayEquals(new float[] {9, 20, 21, 0, 1, 20, 21, 9}, dst);
    }
}
