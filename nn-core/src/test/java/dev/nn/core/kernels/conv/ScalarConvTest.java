package dev.nn.core.kernels.conv;

import static dev.nn.core.ErrorMessages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.core.Close;
import dev.nn.core.ConvShape;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import dev.nn.core.kernels.Conv;
import org.junit.jupiter.api.Test;

/** The scalar convolutions against hand-computed cases, and the adjoint identities between passes. */
class ScalarConvTest {
    private static final float[] X3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};
    private static final float[] K2 = {1, 2, 3, 4};

    @Test
    void correlate2dValid() {
        // y[0][0] = 1·1 + 2·2 + 4·3 + 5·4 = 37, and so on, shifting the window by one.
        float[] y = new float[4];
        ScalarConv.INSTANCE.correlate2d(X3, 0, 3, 3, K2, 0, 2, 2, y, 0);
        assertArrayEquals(new float[] {37, 47, 67, 77}, y);
    }

    @Test
    void convolve2dFull() {
        // scipy.signal.convolve2d([[1,2],[3,4]], [[1,2],[3,4]]) = [[1,4,4],[6,20,16],[9,24,16]]
        float[] y = new float[9];
        ScalarConv.INSTANCE.convolve2d(K2, 0, 2, 2, K2, 0, 2, 2, y, 0);
        assertArrayEquals(new float[] {1, 4, 4, 6, 20, 16, 9, 24, 16}, y);
    }

    @Test
    void forwardWithStrideAndPadding() {
        // 3×3 input padded by 1 to 5×5, a 2×2 kernel of ones at stride 2: each output sums the
        // window rows 2i−1..2i, columns 2j−1..2j of the original: [[1, 2+3], [4+7, 5+6+8+9]].
        ConvShape s = new ConvShape(1, 1, 3, 3, 1, 2, 2, 2, 1);
        float[] y = new float[4];
        ScalarConv.INSTANCE.forward(s, X3, new float[] {1, 1, 1, 1}, null, false, y);
        assertArrayEquals(new float[] {1, 5, 11, 28}, y);
    }

    @Test
    void oneChannelForwardIsCorrelate2dAndInputGradientIsConvolve2d() {
        ConvShape s = ConvShape.valid(1, 1, 3, 3, 1, 2, 2);
        float[] y = new float[4];
        ScalarConv.INSTANCE.forward(s, X3, K2, new float[] {0.5f}, false, y);
        assertArrayEquals(new float[] {37.5f, 47.5f, 67.5f, 77.5f}, y);
        float[] dy = {1, -1, 2, 0.5f};
        float[] dx = new float[9], full = new float[9];
        ScalarConv.INSTANCE.backwardInput(s, dy, null, K2, dx);
        ScalarConv.INSTANCE.convolve2d(dy, 0, 2, 2, K2, 0, 2, 2, full, 0);
        assertArrayEquals(full, dx);
    }

    @Test
    void backwardPassesAreAdjointsOfForward() {
        // For the linear map y = conv(x, w): <conv(x, w), dy> = <x, dx> = <w, dw>.
        ConvShape s = new ConvShape(2, 3, 7, 6, 4, 3, 2, 2, 1);
        Rng rng = new Rng(7);
        float[] x = Close.random(rng, s.inputSize()), w = Close.random(rng, s.weightSize());
        float[] dy = Close.random(rng, s.outputSize());
        float[] y = new float[s.outputSize()], dx = new float[s.inputSize()], dw = new float[s.weightSize()];
        ScalarConv.INSTANCE.forward(s, x, w, null, false, y);
        ScalarConv.INSTANCE.backwardInput(s, dy, null, w, dx);
        ScalarConv.INSTANCE.backwardWeights(s, x, dy, null, dw, null);
        double yDy = dot(y, dy);
        assertEquals(yDy, dot(x, dx), 1e-4 * (1 + Math.abs(yDy)));
        assertEquals(yDy, dot(w, dw), 1e-4 * (1 + Math.abs(yDy)));
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        assertMessage("kernel does not fit", () -> ConvShape.valid(1, 1, 2, 2, 1, 3, 3));
        assertMessage("padding must not be negative", () -> new ConvShape(1, 1, 4, 4, 1, 3, 3, 1, -1));
        assertMessage("at least 1", () -> ConvShape.valid(0, 1, 4, 4, 1, 3, 3));
        ConvShape s = ConvShape.valid(2, 1, 4, 4, 1, 3, 3);
        assertMessage("Conv.forward: x has length 16 but needs length 32", () -> Conv.forward(s, new float[16], new float[9], null, false, new float[8]));
        assertMessage("larger than the 2×2 plane",
                () -> Conv.correlate2d(new float[4], 0, 2, 2, new float[9], 0, 3, 3, new float[1], 0));
        assertMessage("needs 2-D tensors",
                () -> Conv.correlate2d(Tensor.zeros(1, 3, 3), Tensor.zeros(2, 2)));
    }

    @Test
    void tensorFormsReturnNewTensors() {
        Tensor y = Conv.correlate2d(Tensor.wrap(X3, 3, 3), Tensor.wrap(K2, 2, 2));
        assertArrayEquals(new int[] {2, 2}, y.shape());
        assertArrayEquals(new float[] {37, 47, 67, 77}, y.toArray());
        Tensor z = Conv.convolve2d(Tensor.wrap(K2, 2, 2), Tensor.wrap(K2, 2, 2));
        assertArrayEquals(new float[] {1, 4, 4, 6, 20, 16, 9, 24, 16}, z.toArray());
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
