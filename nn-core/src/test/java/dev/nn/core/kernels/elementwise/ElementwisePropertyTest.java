package dev.nn.core.kernels.elementwise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.Generate.pick;
import static org.quicktheories.generators.Generate.range;

import dev.nn.core.Close;
import dev.nn.core.Rng;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * Every Vector API element-wise kernel equals its scalar twin on random values, lengths and
 * offsets, in place and not, and leaves everything outside its output untouched.
 *
 * <p>Tolerances: add, scale, the ReLUs, the backward maps and the row/channel additions do the
 * same IEEE operations in the same order in both twins, so they must agree to the bit (signed zeros
 * included: either twin may run a call, see {@code IdenticalTwins}), as must sumRows (same
 * summation order). axpy uses one fused multiply-add, sums change order, and TANH and EXP
 * come from the JDK's SVML library instead of {@link Math}; each tolerance below says why it holds.
 */
class ElementwisePropertyTest {
    /** Lengths around the vector length (16 floats here), including none and one. */
    private static final List<Integer> SIZES = List.of(0, 1, 2, 3, 15, 16, 17, 31, 33, 64, 100, 257, 1000);
    private static final List<Integer> ROWS = List.of(0, 1, 2, 3, 7, 16);
    /** Row lengths with partial last vectors: a softmax over 10 classes, a 257-wide layer. */
    private static final List<Integer> COLS = List.of(1, 2, 3, 10, 15, 16, 17, 31, 33, 100, 257);
    private static final List<Integer> BATCHES = List.of(0, 1, 2, 3);
    private static final List<Integer> CHANNELS = List.of(1, 2, 3, 8);
    private static final List<Integer> PLANES = List.of(1, 2, 4, 9, 15, 16, 17, 49, 196);
    private static final int EXAMPLES = 300;

    /**
     * The vector TANH was measured within 1 ulp of {@code (float) Math.tanh} (over 2²⁰ random
     * values in each of [-1, 1], [-4, 4], [-100, 100]; 0.4–1.6 % of them differ by that 1 ulp).
     * Both are within about 0.6 ulp of the exact value, so 2 ulps leaves a margin.
     */
    private static final double TANH_ULPS = 2;
    /**
     * The vector sigmoid was measured within 2 ulps of the double-precision scalar twin on
     * [-104, 100]: EXP is within 1 ulp of {@code (float) Math.exp} (subnormal results included),
     * and 1 + e and the division add half an ulp each. 4 ulps leaves a margin.
     */
    private static final double SIGMOID_ULPS = 4;

    @FunctionalInterface
    interface Unary {
        void apply(int n, float[] x, int xOff, float[] y, int yOff);
    }

    /** A map of two inputs to one output; in place, the output is the second input. */
    @FunctionalInterface
    interface Binary {
        void apply(int n, float[] a, int aOff, float[] b, int bOff, float[] out, int outOff);
    }

    @Test
    void add() {
        forAll((n, bits) -> checkBinary("add", ScalarElementwise.INSTANCE::add, VectorElementwise.INSTANCE::add, n, bits));
    }

    @Test
    void firstNonFinite() {
        forAll((n, bits) -> {
            Case c = new Case(bits);
            int off = c.offset();
            float[] x = c.values(off + n);
            Rng rng = new Rng(bits);
            // None, or one to three of NaN, +∞ and −∞ at random places (the first of them is the answer).
            int bad = n == 0 ? 0 : rng.nextInt(4);
            for (int k = 0; k < bad; k++) {
                x[off + rng.nextInt(n)] = new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}[k];
            }
            if (x.length > off + n) {
                x[off + n] = Float.NaN; // beyond the range: must not be seen
            }
            if (off > 0) {
                x[off - 1] = Float.NaN;
            }
            int expected = ScalarElementwise.INSTANCE.firstNonFinite(n, x, off);
            int actual = VectorElementwise.INSTANCE.firstNonFinite(n, x, off);
            assertEquals(expected, actual, c.describe("firstNonFinite", n));
            assertEquals(bad > 0, expected >= 0, c.describe("firstNonFinite", n));
        });
    }

    @Test
    void axpy() {
        forAll((n, bits) -> {
            Case c = new Case(bits);
            float alpha = c.choose(1f, -0.5f, 3.7f);
            int xOff = c.offset(), yOff = c.offset();
            float[] x = c.values(xOff + n);
            float[] y0 = c.values(yOff + n);
            float[] expected = y0.clone(), actual = y0.clone();
            ScalarElementwise.INSTANCE.axpy(n, alpha, x, xOff, expected, yOff);
            VectorElementwise.INSTANCE.axpy(n, alpha, x, xOff, actual, yOff);
            // fl(y + fl(alpha·x)) and fma(alpha, x, y) differ by the product's rounding, at most
            // u·|alpha·x|, plus one final rounding each, at most u·|result| ≤ u·(|alpha·x| + |y|).
            double[] tol = new double[y0.length];
            for (int i = 0; i < n; i++) {
                tol[yOff + i] = 4 * Close.U * (Math.abs(alpha * x[xOff + i]) + Math.abs(y0[yOff + i]));
            }
            Close.assertClose(c.describe("axpy alpha=" + alpha, n), expected, actual, tol);
        });
    }

    @Test
    void scale() {
        forAll((n, bits) -> {
            Case c = new Case(bits);
            float alpha = c.choose(0f, -0.5f, 3.7f);
            int off = c.offset();
            float[] x = c.values(off + n);
            float[] expected = x.clone(), actual = x.clone();
            ScalarElementwise.INSTANCE.scale(n, alpha, expected, off);
            VectorElementwise.INSTANCE.scale(n, alpha, actual, off);
            assertArrayEquals(expected, actual, c.describe("scale alpha=" + alpha, n));
        });
    }

    @Test
    void tanh() {
        forAll((n, bits) -> checkUnary("tanh", ScalarElementwise.INSTANCE::tanh, VectorElementwise.INSTANCE::tanh, n, bits, TANH_ULPS));
    }

    @Test
    void sigmoid() {
        forAll((n, bits) -> checkUnary("sigmoid", ScalarElementwise.INSTANCE::sigmoid, VectorElementwise.INSTANCE::sigmoid, n, bits, SIGMOID_ULPS));
    }

    @Test
    void relu() {
        forAll((n, bits) -> checkUnary("relu", ScalarElementwise.INSTANCE::relu, VectorElementwise.INSTANCE::relu, n, bits, 0));
    }

    @Test
    void leakyRelu() {
        forAll((n, bits) -> checkUnary("leakyRelu",
                (m, x, xo, y, yo) -> ScalarElementwise.INSTANCE.leakyRelu(m, 0.01f, x, xo, y, yo),
                (m, x, xo, y, yo) -> VectorElementwise.INSTANCE.leakyRelu(m, 0.01f, x, xo, y, yo), n, bits, 0));
    }

    @Test
    void tanhBackward() {
        forAll((n, bits) -> checkBinary("tanhBackward", ScalarElementwise.INSTANCE::tanhBackward, VectorElementwise.INSTANCE::tanhBackward, n, bits));
    }

    @Test
    void sigmoidBackward() {
        forAll((n, bits) -> checkBinary("sigmoidBackward", ScalarElementwise.INSTANCE::sigmoidBackward, VectorElementwise.INSTANCE::sigmoidBackward, n, bits));
    }

    @Test
    void reluBackward() {
        forAll((n, bits) -> checkBinary("reluBackward", ScalarElementwise.INSTANCE::reluBackward, VectorElementwise.INSTANCE::reluBackward, n, bits));
    }

    @Test
    void leakyReluBackward() {
        forAll((n, bits) -> checkBinary("leakyReluBackward",
                (m, x, xo, dy, dyo, dx, dxo) -> ScalarElementwise.INSTANCE.leakyReluBackward(m, 0.01f, x, xo, dy, dyo, dx, dxo),
                (m, x, xo, dy, dyo, dx, dxo) -> VectorElementwise.INSTANCE.leakyReluBackward(m, 0.01f, x, xo, dy, dyo, dx, dxo), n, bits));
    }

    /** Values where the activations saturate, underflow to subnormals, or are not numbers. */
    @Test
    void extremeValues() {
        float[] x = {0f, -0f, 1e-40f, -1e-40f, 1e-30f, 9f, -9f, 17f, -17f, 20f, -20f, 87.5f, -87.5f, 88.8f, -88.8f,
                100f, -100f, 104f, -104f, 1000f, -1000f, Float.MAX_VALUE, -Float.MAX_VALUE,
                Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN};
        int n = x.length;
        float[] expected = new float[n], actual = new float[n];
        ScalarElementwise.INSTANCE.tanh(n, x, 0, expected, 0);
        VectorElementwise.INSTANCE.tanh(n, x, 0, actual, 0);
        Close.assertClose("tanh of extreme values", expected, actual, ulps(expected, 0, n, TANH_ULPS));
        ScalarElementwise.INSTANCE.sigmoid(n, x, 0, expected, 0);
        VectorElementwise.INSTANCE.sigmoid(n, x, 0, actual, 0);
        Close.assertClose("sigmoid of extreme values", expected, actual, ulps(expected, 0, n, SIGMOID_ULPS));
        ScalarElementwise.INSTANCE.relu(n, x, 0, expected, 0);
        VectorElementwise.INSTANCE.relu(n, x, 0, actual, 0);
        // Bit for bit: Close cannot compare infinities, and max(−0, 0) must be +0 in both.
        assertArrayEquals(expected, actual, "relu of extreme values");
    }

    @Test
    void gatherRows() {
        forAllMatrices((rows, cols, bits) -> {
            Case c = new Case(bits);
            Rng rng = new Rng(~bits);
            // Source rows drawn with repeats from a few more rows than are gathered, NaN payloads
            // and signed zeros among them: a copy must keep every bit.
            int srcRows = 1 + rows + rng.nextInt(5);
            float[] src = c.values(srcRows * cols);
            src[rng.nextInt(src.length)] = Float.intBitsToFloat(0x7fc00123);
            src[rng.nextInt(src.length)] = -0f;
            int indexOff = c.offset(), dstOff = c.offset();
            int[] index = new int[indexOff + rows + rng.nextInt(3)];
            for (int i = 0; i < index.length; i++) {
                index[i] = rng.nextInt(srcRows);
            }
            float[] dst0 = c.values(dstOff + rows * cols);
            float[] expected = dst0.clone(), actual = dst0.clone();
            ScalarElementwise.INSTANCE.gatherRows(rows, cols, src, index, indexOff, expected, dstOff);
            VectorElementwise.INSTANCE.gatherRows(rows, cols, src, index, indexOff, actual, dstOff);
            assertBitsEqual(expected, actual, c.describe("gatherRows", rows, cols));
        });
    }

    @Test
    void addRowVector() {
        forAllMatrices((rows, cols, bits) -> {
            Case c = new Case(bits);
            int vOff = c.offset(), yOff = c.offset();
            float[] v = c.values(vOff + cols);
            float[] y0 = c.values(yOff + rows * cols);
            float[] expected = y0.clone(), actual = y0.clone();
            ScalarElementwise.INSTANCE.addRowVector(rows, cols, v, vOff, expected, yOff);
            VectorElementwise.INSTANCE.addRowVector(rows, cols, v, vOff, actual, yOff);
            assertArrayEquals(expected, actual, c.describe("addRowVector", rows, cols));
        });
    }

    @Test
    void sumRows() {
        forAllMatrices((rows, cols, bits) -> {
            Case c = new Case(bits);
            int xOff = c.offset(), outOff = c.offset();
            float[] x = c.values(xOff + rows * cols);
            float[] out0 = c.values(outOff + cols);
            float[] expected = out0.clone(), actual = out0.clone();
            ScalarElementwise.INSTANCE.sumRows(rows, cols, x, xOff, expected, outOff);
            VectorElementwise.INSTANCE.sumRows(rows, cols, x, xOff, actual, outOff);
            assertArrayEquals(expected, actual, c.describe("sumRows", rows, cols));
        });
    }

    @Test
    void softmaxRows() {
        forAllMatrices((rows, cols, bits) -> {
            Case c = new Case(bits);
            int xOff = c.offset(), yOff = c.inPlace ? xOff : c.offset();
            float[] x = c.values(xOff + rows * cols);
            float[] y0 = c.inPlace ? x : c.values(yOff + rows * cols);
            float[] expected = y0.clone(), actual = y0.clone();
            ScalarElementwise.INSTANCE.softmaxRows(rows, cols, c.inPlace ? expected : x, xOff, expected, yOff);
            VectorElementwise.INSTANCE.softmaxRows(rows, cols, c.inPlace ? actual : x, xOff, actual, yOff);
            // Relative to y, in units u = 2^-24: each e^t is within 1 ulp (≤ 2u) of exact in either
            // twin; the two sums of cols positive terms, in different orders, differ by at most
            // (2·cols + 4)u relative; 1/sum and the product add u each per twin. Results that
            // underflow to subnormals have no relative accuracy, hence a few Float.MIN_VALUE.
            double[] tol = new double[y0.length];
            for (int i = yOff; i < yOff + rows * cols; i++) {
                tol[i] = (2.0 * cols + 12) * Close.U * Math.abs(expected[i]) + 4 * Float.MIN_VALUE;
            }
            Close.assertClose(c.describe(c.name("softmaxRows"), rows, cols), expected, actual, tol);
        });
    }

    @Test
    void softmaxRowsBackward() {
        forAllMatrices((rows, cols, bits) -> {
            Case c = new Case(bits);
            int size = rows * cols;
            int yOff = c.offset(), dyOff = c.offset(), dxOff = c.inPlace ? dyOff : c.offset();
            float[] y = c.values(yOff + size);
            float[] dy = c.values(dyOff + size);
            float[] dx0 = c.inPlace ? dy : c.values(dxOff + size);
            float[] expected = dx0.clone(), actual = dx0.clone();
            ScalarElementwise.INSTANCE.softmaxRowsBackward(rows, cols, y, yOff, c.inPlace ? expected : dy, dyOff, expected, dxOff);
            VectorElementwise.INSTANCE.softmaxRowsBackward(rows, cols, y, yOff, c.inPlace ? actual : dy, dyOff, actual, dxOff);
            // The dot products s = Σ dy·y of the two twins (in different orders, one with fma)
            // each lie within cols·u·Σ|dy·y| of the exact value; y·(dy − s) then rounds twice.
            double[] tol = new double[dx0.length];
            for (int r = 0; r < rows; r++) {
                double magnitude = 0;
                for (int j = 0; j < cols; j++) {
                    magnitude += Math.abs((double) dy[dyOff + r * cols + j] * y[yOff + r * cols + j]);
                }
                for (int j = 0; j < cols; j++) {
                    int k = r * cols + j;
                    tol[dxOff + k] = (2.0 * cols + 8) * Close.U * Math.abs(y[yOff + k]) * (magnitude + Math.abs(dy[dyOff + k]));
                }
            }
            Close.assertClose(c.describe(c.name("softmaxRowsBackward"), rows, cols), expected, actual, tol);
        });
    }

    @Test
    void addChannelBias() {
        forAllImages((shape, bits) -> {
            int batch = shape.get(0), channels = shape.get(1), plane = shape.get(2);
            Case c = new Case(bits);
            int bOff = c.offset(), yOff = c.offset();
            float[] bias = c.values(bOff + channels);
            float[] y0 = c.values(yOff + batch * channels * plane);
            float[] expected = y0.clone(), actual = y0.clone();
            ScalarElementwise.INSTANCE.addChannelBias(batch, channels, plane, bias, bOff, expected, yOff);
            VectorElementwise.INSTANCE.addChannelBias(batch, channels, plane, bias, bOff, actual, yOff);
            assertArrayEquals(expected, actual, c.describe("addChannelBias " + shape, batch * channels * plane));
        });
    }

    @Test
    void sumChannels() {
        forAllImages((shape, bits) -> {
            int batch = shape.get(0), channels = shape.get(1), plane = shape.get(2);
            Case c = new Case(bits);
            int xOff = c.offset(), outOff = c.offset();
            float[] x = c.values(xOff + batch * channels * plane);
            float[] out0 = c.values(outOff + channels);
            float[] expected = out0.clone(), actual = out0.clone();
            ScalarElementwise.INSTANCE.sumChannels(batch, channels, plane, x, xOff, expected, outOff);
            VectorElementwise.INSTANCE.sumChannels(batch, channels, plane, x, xOff, actual, outOff);
            // In either twin each plane sum is within plane·u·Σ|x| of exact, whatever the order,
            // and adding the batch sums to out rounds batch times more: each twin is within
            // (plane + batch)·u·(|out| + Σ|x|) of exact, so they differ by at most twice that.
            double[] tol = new double[out0.length];
            for (int ch = 0; ch < channels; ch++) {
                double magnitude = Math.abs(out0[outOff + ch]);
                for (int n = 0; n < batch; n++) {
                    for (int p = 0; p < plane; p++) {
                        magnitude += Math.abs(x[xOff + (n * channels + ch) * plane + p]);
                    }
                }
                tol[outOff + ch] = (2.0 * (plane + batch) + 4) * Close.U * magnitude;
            }
            Close.assertClose(c.describe("sumChannels " + shape, batch * channels * plane), expected, actual, tol);
        });
    }

    /** Runs a unary map in both twins, in place or into a separate array, within {@code ulps}. */
    private static void checkUnary(String name, Unary scalar, Unary vector, int n, int bits, double ulps) {
        Case c = new Case(bits);
        int xOff = c.offset(), yOff = c.inPlace ? xOff : c.offset();
        float[] x = c.values(xOff + n);
        float[] y0 = c.inPlace ? x : c.values(yOff + n);
        float[] expected = y0.clone(), actual = y0.clone();
        scalar.apply(n, c.inPlace ? expected : x, xOff, expected, yOff);
        vector.apply(n, c.inPlace ? actual : x, xOff, actual, yOff);
        if (ulps == 0) {
            assertArrayEquals(expected, actual, c.describe(c.name(name), n));
        } else {
            Close.assertClose(c.describe(c.name(name), n), expected, actual, ulps(expected, yOff, n, ulps));
        }
    }

    /** Runs a map of two inputs in both twins, in place (output = second input) or not; exact. */
    private static void checkBinary(String name, Binary scalar, Binary vector, int n, int bits) {
        Case c = new Case(bits);
        int aOff = c.offset(), bOff = c.offset(), outOff = c.inPlace ? bOff : c.offset();
        float[] a = c.values(aOff + n);
        float[] b = c.values(bOff + n);
        float[] out0 = c.inPlace ? b : c.values(outOff + n);
        float[] expected = out0.clone(), actual = out0.clone();
        scalar.apply(n, a, aOff, c.inPlace ? expected : b, bOff, expected, outOff);
        vector.apply(n, a, aOff, c.inPlace ? actual : b, bOff, actual, outOff);
        assertArrayEquals(expected, actual, c.describe(c.name(name), n));
    }

    /** {@code ulps} units in the last place of {@code expected} in [off, off+n), zero elsewhere. */
    private static double[] ulps(float[] expected, int off, int n, double ulps) {
        double[] tol = new double[expected.length];
        for (int i = off; i < off + n; i++) {
            tol[i] = ulps * Math.ulp(expected[i]);
        }
        return tol;
    }

    private static void forAll(BiConsumer<Integer, Integer> check) {
        qt().withExamples(EXAMPLES).forAll(pick(SIZES), range(0, Integer.MAX_VALUE)).checkAssert(check);
    }

    @FunctionalInterface
    interface MatrixCheck {
        void check(int rows, int cols, int bits);
    }

    private static void forAllMatrices(MatrixCheck check) {
        qt().withExamples(EXAMPLES).forAll(pick(ROWS), pick(COLS), range(0, Integer.MAX_VALUE))
                .checkAssert(check::check);
    }

    /** Equal to the bit, NaN payloads included (assertArrayEquals treats all NaNs as one). */
    private static void assertBitsEqual(float[] expected, float[] actual, String message) {
        int[] e = new int[expected.length], a = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
        }
        for (int i = 0; i < a.length; i++) {
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        assertArrayEquals(e, a, message);
    }

    /** Checks on NCHW shapes given as [batch, channels, plane]. */
    private static void forAllImages(BiConsumer<List<Integer>, Integer> check) {
        qt().withExamples(EXAMPLES).forAll(pick(BATCHES), pick(CHANNELS), pick(PLANES), range(0, Integer.MAX_VALUE))
                .checkAssert((batch, channels, plane, bits) -> check.accept(List.of(batch, channels, plane), bits));
    }

    /**
     * The random choices of one case, all drawn from {@code bits}: whether the output overwrites
     * an input, an offset per array (0 or 1–9, so vectors start unaligned), and a value range of
     * ±1, ±8 or ±100 (the last saturates tanh and sigmoid and makes softmax rows span e^±200).
     * Arrays end 0–3 values past what a kernel may touch; those values must not change.
     */
    private static final class Case {
        final boolean inPlace;
        private final float range;
        private final Rng rng;
        private final StringBuilder offsets = new StringBuilder();

        Case(int bits) {
            rng = new Rng(bits);
            inPlace = rng.nextInt(3) == 0;
            range = choose(1f, 8f, 100f);
        }

        float choose(float... choices) {
            return choices[rng.nextInt(choices.length)];
        }

        int offset() {
            int off = rng.nextInt(3) == 0 ? 0 : 1 + rng.nextInt(9);
            offsets.append(offsets.isEmpty() ? "" : ",").append(off);
            return off;
        }

        /** Random values filling an array of {@code used} values plus 0–3 more. */
        float[] values(int used) {
            float[] a = new float[used + rng.nextInt(4)];
            rng.fillUniform(a, 0, a.length, -range, range);
            return a;
        }

        String describe(String kernel, int n) {
            return kernel + " n=" + n + " offsets=" + offsets + " range=±" + range;
        }

        String describe(String kernel, int rows, int cols) {
            return kernel + " " + rows + "×" + cols + " offsets=" + offsets + " range=±" + range;
        }

        /** The kernel's name, marked when this case runs it in place. */
        String name(String kernel) {
            return inPlace ? kernel + " in place" : kernel;
        }
    }
}
