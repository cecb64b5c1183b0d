package dev.nn.core.kernels.pool;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.Rng;
import dev.nn.core.kernels.Pooling;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Vector API average pooling equals its scalar twin: window averages and their gradients to
 * the bit, on random plane sizes, windows and strides (overlapping or not); whole-plane averages to
 * rounding, their gradients to the bit. Arrays have spare room filled with a sentinel, so that a
 * write past the outputs shows.
 */
class AvgPoolingPropertyTest {
    /** Sizes around the vector length (16 floats) and twice it. */
    private static final List<Integer> SIZES = List.of(1, 2, 3, 4, 5, 7, 13, 16, 17, 26, 28, 31, 32, 33, 34, 65);
    private static final float SENTINEL = 12345f;

    @Test
    void windowAveragesEqualTheScalarTwin() {
        qt().withExamples(1500).forAll(pick(SIZES), pick(SIZES), range(1, 5), range(0, Integer.MAX_VALUE))
                .checkAssert((h, w, drawn, bits) -> {
                    // No larger than the plane, drawn directly: rejecting larger pools with an
                    // assumption can leave QuickTheories too few examples, and it then gives up.
                    int pool = Math.min(drawn, Math.min(h, w));
                    // Stride = pool (PyTorch's default) half the time; else 1 to 4, or past the gather maps.
                    int stride = (bits & 1) == 0 ? pool : (bits >> 1) % 7 == 0 ? 17 : 1 + (bits >> 1) % 4;
                    checkWindows(1 + (bits >> 4) % 3, h, w, pool, stride, bits);
                });
    }

    @Test
    void windowAveragesOfReferenceLayerShapes() {
        checkWindows(64, 26, 26, 2, 2, 1);
        checkWindows(32, 28, 28, 2, 2, 2);
        checkWindows(8, 55, 55, 3, 2, 4);
        checkWindows(3, 112, 112, 2, 2, 5);
        checkWindows(1000, 3, 3, 1, 1, 7);
    }

    @Test
    void planeAveragesEqualTheScalarTwin() {
        qt().withExamples(1000).forAll(range(1, 70), range(1, 300), range(0, Integer.MAX_VALUE))
                .checkAssert(this::checkPlanes);
    }

    private void checkPlanes(int planes, int size, int seed) {
        Rng rng = new Rng(seed);
        float[] x = Close.random(rng, planes * size);
        float[] y = filled(planes + 3), yV = filled(planes + 3);
        ScalarPooling.INSTANCE.globalAvgPoolForward(planes, size, x, y);
        VectorPooling.INSTANCE.globalAvgPoolForward(planes, size, x, yV);
        String what = planes + " planes of " + size;
        assertArrayEquals(y, yV, "y of " + what);
        // Both run the twin's four interleaved chains: they must add each plane's values in order.
        float[] inOrder = filled(planes + 3);
        for (int p = 0; p < planes; p++) {
            float sum = 0f;
            for (int e = 0; e < size; e++) {
                sum += x[p * size + e];
            }
            inOrder[p] = sum / size;
        }
        assertArrayEquals(inOrder, y, "y of " + what + ", against the sums in order");
        float[] dy = Close.random(rng, planes + 3);
        float[] dx = filled(planes * size + 5), dxV = filled(planes * size + 5);
        ScalarPooling.INSTANCE.globalAvgPoolBackward(planes, size, dy, dx);
        VectorPooling.INSTANCE.globalAvgPoolBackward(planes, size, dy, dxV);
        assertArrayEquals(dx, dxV, "dx of " + what);
    }

    private static void checkWindows(int planes, int h, int w, int pool, int stride, int bits) {
        int oh = Pooling.outputSize(h, pool, stride), ow = Pooling.outputSize(w, pool, stride);
        int inputs = planes * h * w, outputs = planes * oh * ow;
        Rng rng = new Rng(bits);
        float[] x = Close.random(rng, inputs);
        if ((bits >> 8) % 3 == 0) {
            for (int i = 0; i < inputs; i++) {
                x[i] = rng.nextInt(2) == 0 ? -0f : 0f; // signed zeros: the sums must keep the twin's sign
            }
        }
        float[] y = filled(outputs + 5), yV = filled(outputs + 5);
        ScalarPooling.INSTANCE.avgPoolForward(planes, h, w, pool, stride, x, y);
        VectorPooling.INSTANCE.avgPoolForward(planes, h, w, pool, stride, x, yV);
        String what = String.format("planes=%d %d×%d pool %d stride %d", planes, h, w, pool, stride);
        assertBitsEqual(y, yV, "y of " + what);

        float[] dy = Close.random(rng, outputs + 5);
        if ((bits >> 10) % 3 == 0) {
            Arrays.fill(dy, -0f);
        }
        float[] dx = filled(inputs + 5), dxV = filled(inputs + 5);
        ScalarPooling.INSTANCE.avgPoolBackward(planes, h, w, pool, stride, dy, dx);
        VectorPooling.INSTANCE.avgPoolBackward(planes, h, w, pool, stride, dy, dxV);
        assertBitsEqual(dx, dxV, "dx of " + what);
    }

    private static void assertBitsEqual(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            int i2 = i;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    () -> what + " at " + i2 + ": " + actual[i2] + " but the scalar twin gives " + expected[i2]);
        }
    }

    private static float[] filled(int n) {
        float[] a = new float[n];
        Arrays.fill(a, SENTINEL);
        return a;
    }
}
