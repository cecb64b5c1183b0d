package dev.nn.core.kernels.pool;

import static dev.nn.core.ErrorMessages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.kernels.Pooling;
import org.junit.jupiter.api.Test;

/** The scalar max pooling against hand-computed cases, and the facade's argument checks. */
class ScalarPoolingTest {
    // 1 3 | 2 1      windows of 2×2, stride 2: {1,3,4,2} → 4 at index 4, {2,1,0,5} → 5 at 7,
    // 4 2 | 0 5      {7,1,0,8} → 8 at 13, and {6,6,6,2}, a tie, → the first 6, at index 10.
    // ----+----
    // 7 1 | 6 6
    // 0 8 | 6 2
    private static final float[] X = {1, 3, 2, 1, 4, 2, 0, 5, 7, 1, 6, 6, 0, 8, 6, 2};
    private static final float[] DY = {1, 2, 3, 4};

    @Test
    void pool2Stride2OnA4x4Plane() {
        float[] y = new float[4];
        int[] argmax = new int[4];
        ScalarPooling.INSTANCE.maxPoolForward(1, 4, 4, 2, 2, X, y, argmax);
        assertArrayEquals(new float[] {4, 5, 8, 6}, y);
        assertArrayEquals(new int[] {4, 7, 13, 10}, argmax);

        float[] dx = new float[16];
        java.util.Arrays.fill(dx, 99f); // overwritten, not added to
        ScalarPooling.INSTANCE.maxPoolBackward(1, 4, 4, 2, 2, DY, argmax, dx);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 0, 0, 2, 0, 0, 4, 0, 0, 3, 0, 0}, dx);
    }

    @Test
    void overlappingPool3Stride1AccumulatesGradients() {
        // Windows at (0,0) {1,3,2,4,2,0,7,1,6} → 7 at 8; (0,1) {3,2,1,2,0,5,1,6,6} → 6 at 10;
        // (1,0) {4,2,0,7,1,6,0,8,6} → 8 at 13; (1,1) {2,0,5,1,6,6,8,6,2} → 8 at 13 again.
        float[] y = new float[4];
        int[] argmax = new int[4];
        ScalarPooling.INSTANCE.maxPoolForward(1, 4, 4, 3, 1, X, y, argmax);
        assertArrayEquals(new float[] {7, 6, 8, 8}, y);
        assertArrayEquals(new int[] {8, 10, 13, 13}, argmax);

        float[] dx = new float[16];
        ScalarPooling.INSTANCE.maxPoolBackward(1, 4, 4, 3, 1, DY, argmax, dx);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 3 + 4, 0, 0}, dx);
    }

    @Test
    void indicesCountFromTheStartOfTheBatchAndLeftoverEdgesAreDropped() {
        // Two 5×5 planes, 2×2 at stride 2: 2×2 outputs each; row 4 and column 4 are in no window.
        float[] x = new float[50];
        x[4] = 100f;       // column 4 of plane 0: ignored
        x[6] = 1f;         // (1, 1) of plane 0
        x[25 + 20] = 100f; // row 4 of plane 1: ignored
        x[25 + 13] = 2f;   // (2, 3) of plane 1
        float[] y = new float[8];
        int[] argmax = new int[8];
        ScalarPooling.INSTANCE.maxPoolForward(2, 5, 5, 2, 2, x, y, argmax);
        assertArrayEquals(new float[] {1, 0, 0, 0, 0, 0, 0, 2}, y);
        assertArrayEquals(new int[] {6, 2, 10, 12, 25, 27, 35, 38}, argmax);
    }

    @Test
    void nanPropagatesAndSignedZerosTieToTheFirst() {
        float nan = Float.NaN;
        // A 2×6 plane, three 2×2 windows: {1, NaN / NaN, 2} → the first NaN, at 1;
        // {5, 0 / 0, NaN} → NaN, at 9; {−0, 0 / 0, −0}, all equal → the first, −0 at 4.
        float[] x = {1, nan, 5, 0, -0f, 0, nan, 2, 0, nan, 0, -0f};
        float[] y = new float[3];
        int[] argmax = new int[3];
        ScalarPooling.INSTANCE.maxPoolForward(1, 2, 6, 2, 2, x, y, argmax);
        assertArrayEquals(new int[] {1, 9, 4}, argmax);
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(y[2]));
        assertEquals(nan, y[0]);
        assertEquals(nan, y[1]);
    }

    @Test
    void facadeGivesTheSameResults() {
        float[] y = new float[4];
        int[] argmax = new int[4];
        Pooling.maxPoolForward(1, 4, 4, 2, 2, X, y, argmax);
        assertArrayEquals(new float[] {4, 5, 8, 6}, y);
        assertArrayEquals(new int[] {4, 7, 13, 10}, argmax);
        float[] dx = new float[16];
        Pooling.maxPoolBackward(1, 4, 4, 3, 1, DY, new int[] {8, 10, 13, 13}, dx);
        assertEquals(7f, dx[13]);
    }

    @Test
    void outputSizeRoundsDown() {
        assertEquals(14, Pooling.outputSize(28, 2, 2));
        assertEquals(2, Pooling.outputSize(5, 2, 2));
        assertEquals(27, Pooling.outputSize(55, 3, 2));
        assertEquals(8, Pooling.outputSize(26, 3, 3));
        assertEquals(1, Pooling.outputSize(3, 3, 5));
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        float[] y = new float[4];
        int[] argmax = new int[4];
        assertMessage("at least 1, got planes=0",
                () -> Pooling.maxPoolForward(0, 4, 4, 2, 2, X, y, argmax));
        assertMessage("stride=0", () -> Pooling.maxPoolForward(1, 4, 4, 2, 0, X, y, argmax));
        assertMessage("a 5×5 window is larger than the 4×4 plane",
                () -> Pooling.maxPoolForward(1, 4, 4, 5, 1, X, y, argmax));
        assertMessage("Pooling.maxPoolForward: x has length 16 but needs length 32",
                () -> Pooling.maxPoolForward(2, 4, 4, 2, 2, X, new float[8], new int[8]));
        assertMessage("y has length 3 but needs length 4",
                () -> Pooling.maxPoolForward(1, 4, 4, 2, 2, X, new float[3], argmax));
        assertMessage("argmax is null", () -> Pooling.maxPoolForward(1, 4, 4, 2, 2, X, y, null));
        assertMessage("Pooling.maxPoolBackward: dx has length 15 but needs length 16",
                () -> Pooling.maxPoolBackward(1, 4, 4, 2, 2, DY, argmax, new float[15]));
        assertMessage("dy is null", () -> Pooling.maxPoolBackward(1, 4, 4, 2, 2, null, argmax, new float[16]));
        assertMessage("a pooling window of 3 is larger than an axis of 2", () -> Pooling.outputSize(2, 3, 1));
        assertMessage("pool=0", () -> Pooling.outputSize(2, 0, 1));
    }
}
