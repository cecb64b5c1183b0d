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
 * The Vector API max pooling equals its scalar twin exactly, y to the bit and argmax (and for 2×2
 * windows at stride 2, dx of the backward pass), on random plane sizes, windows and strides, with
 * values drawn so that ties, signed zeros and NaN occur.
 */
class PoolingPropertyTest {
    /** Sizes around the vector length (16 floats) and twice it, the input columns of 16 2×2 windows. */
    private static final List<Integer> SIZES = List.of(1, 2, 3, 4, 5, 7, 13, 16, 17, 26, 28, 31, 32, 33, 34, 65);
    /** Small value sets make ties common; the last adds signed zeros and NaN. */
    private static final float[][] VALUE_SETS = {
        {-1f, 0f, 1f},
        {2f, 3f},
        {-0f, 0f, 1f, Float.NaN},
    };
    /** Fills the arrays past the outputs, so that a stray write there shows as a difference. */
    private static final float SENTINEL = 12345f;

    @Test
    void vectorPoolingEqualsScalarTwin() {
        qt().withExamples(1500).forAll(pick(SIZES), pick(SIZES), range(1, 5), range(0, Integer.MAX_VALUE))
                .checkAssert((h, w, drawn, bits) -> {
                    // No larger than the plane, drawn directly: rejecting larger pools with an
                    // assumption can leave QuickTheories too few examples, and it then gives up.
                    int pool = Math.min(drawn, Math.min(h, w));
                    // Stride 2 with pool 2 half the time: the vector kernel's special case.
                    int stride = (bits & 1) == 0 && pool == 2 ? 2 : 1 + (bits >> 1) % 4;
                    check(1 + (bits >> 3) % 3, h, w, pool, stride, bits);
                });
    }

    @Test
    void manyPlanesOfReferenceLayerShapes() {
        // Many rows of 13, 14, 5, 27 and 56 outputs, where vectors run past the ends of rows.
        check(64, 26, 26, 2, 2, 1);
        check(32, 28, 28, 2, 2, 2);
        check(50, 11, 11, 2, 2, 3);
        check(8, 55, 55, 3, 2, 4);
        check(3, 112, 112, 2, 2, 5);
        // A stride beyond VectorPooling's gather maps, and a plane narrower than a vector.
        check(2, 40, 40, 3, 17, 6);
        check(1000, 3, 3, 1, 1, 7);
    }

    /**
     * Runs one case. {@code bits} seeds the values and chooses how they are drawn: uniform in
     * [−1, 1) or from one of {@link #VALUE_SETS}, and whether the arrays have spare room.
     */
    private static void check(int planes, int h, int w, int pool, int stride, int bits) {
        int oh = Pooling.outputSize(h, pool, stride), ow = Pooling.outputSize(w, pool, stride);
        int inputs = planes * h * w, outputs = planes * oh * ow;
        int spare = (bits >> 5) % 2 == 0 ? 0 : 1 + (bits >> 6) % 40;
        Rng rng = new Rng(bits);
        float[] x = Close.random(rng, inputs);
        int set = (bits >> 12) % (VALUE_SETS.length + 1);
        if (set < VALUE_SETS.length) {
            float[] values = VALUE_SETS[set];
            for (int i = 0; i < inputs; i++) {
                x[i] = values[rng.nextInt(values.length)];
            }
        }
        float[] y = new float[outputs + spare], yV = new float[outputs + spare];
        int[] arg = new int[outputs + spare], argV = new int[outputs + spare];
        Arrays.fill(y, SENTINEL);
        Arrays.fill(yV, SENTINEL);
        Arrays.fill(arg, -7);
        Arrays.fill(argV, -7);

        ScalarPooling.INSTANCE.maxPoolForward(planes, h, w, pool, stride, x, y, arg);
        VectorPooling.INSTANCE.maxPoolForward(planes, h, w, pool, stride, x, yV, argV);

        String what = String.format("planes=%d %d×%d pool %d stride %d values %s spare %d",
                planes, h, w, pool, stride, set < VALUE_SETS.length ? Arrays.toString(VALUE_SETS[set]) : "uniform", spare);
        assertArrayEquals(arg, argV, "argmax of " + what);
        for (int o = 0; o < y.length; o++) {
            // Raw bits: −0.0 and 0.0 must come from the same element, NaN from the same window.
            int o2 = o;
            assertEquals(Float.floatToRawIntBits(y[o]), Float.floatToRawIntBits(yV[o]),
                    () -> "y[" + o2 + "] of " + what + ": " + yV[o2] + " but the scalar twin gives " + y[o2]);
        }
        if (pool == 2 && stride == 2) {
            // The one-pass backward of non-overlapping windows against the scalar scatter: every
            // input gets exactly its window's gradient or 0, so the results are equal to the bit.
            float[] dy = Close.random(rng, outputs + spare);
            float[] dx = Close.random(rng, inputs + spare), dxV = dx.clone();
            ScalarPooling.INSTANCE.maxPoolBackward(planes, h, w, pool, stride, dy, arg, dx);
            VectorPooling.maxPoolBackward2(planes, h, w, dy, arg, dxV);
            assertArrayEquals(dx, dxV, "dx of " + what);
        }
    }
}
