package dev.nn.core.kernels.gemm;

import static dev.nn.core.ErrorMessages.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Gemm;
import org.junit.jupiter.api.Test;

/** The scalar GEMM against products worked out by hand, and the facade's argument checks. */
class ScalarGemmTest {
    // A = [[1, 2, 3], [4, 5, 6]] (2×3), B = [[7, 8], [9, 10], [11, 12]] (3×2)
    // A·B = [[1·7+2·9+3·11, 1·8+2·10+3·12], [4·7+5·9+6·11, 4·8+5·10+6·12]] = [[58, 64], [139, 154]]
    private static final float[] A = {1, 2, 3, 4, 5, 6};
    private static final float[] A_T = {1, 4, 2, 5, 3, 6};
    private static final float[] B = {7, 8, 9, 10, 11, 12};
    private static final float[] B_T = {7, 9, 11, 8, 10, 12};
    private static final float[] AB = {58, 64, 139, 154};

    @Test
    void allFourTransposeFormsGiveTheHandComputedProduct() {
        float[][] as = {A, A_T};
        float[][] bs = {B, B_T};
        for (int ta = 0; ta < 2; ta++) {
            for (int tb = 0; tb < 2; tb++) {
                float[] c = new float[4];
                ScalarGemm.INSTANCE.gemm(ta == 1, tb == 1, 2, 2, 3, 1f, as[ta], 0, ta == 1 ? 2 : 3,
                        bs[tb], 0, tb == 1 ? 3 : 2, 0f, c, 0, 2);
                assertArrayEquals(AB, c, "transA=" + ta + " transB=" + tb);
            }
        }
    }

    @Test
    void alphaAndBetaScaleProductAndOldValues() {
        float[] c = {1, 1, 1, 1};
        ScalarGemm.INSTANCE.gemm(false, false, 2, 2, 3, 2f, A, 0, 3, B, 0, 2, -1f, c, 0, 2);
        assertArrayEquals(new float[] {115, 127, 277, 307}, c);
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        float[] c = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        ScalarGemm.INSTANCE.gemm(false, false, 2, 2, 3, 1f, A, 0, 3, B, 0, 2, 0f, c, 0, 2);
        assertArrayEquals(AB, c);
        float[] v = {Float.NaN, Float.NaN, Float.NaN, Float.NaN};
        Gemm.sgemm(false, false, 2, 2, 3, 1f, A, 0, 3, B, 0, 2, 0f, v, 0, 2);
        assertArrayEquals(AB, v);
    }

    @Test
    void offsetsAndLeadingDimensionsSelectASubBlock() {
        // The 2×2 block at row 1, column 1 of a 3×4 C, from the bottom-right 2×3 of a 3×4 A.
        float[] a = {0, 0, 0, 0, 0, 1, 2, 3, 0, 4, 5, 6};
        float[] c = new float[12];
        Gemm.sgemm(false, false, 2, 2, 3, 1f, a, 5, 4, B, 0, 2, 0f, c, 5, 4);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 58, 64, 0, 0, 139, 154, 0}, c);
    }

    @Test
    void matmulOfTensors() {
        Tensor c = Gemm.matmul(Tensor.wrap(A, 2, 3), Tensor.wrap(B, 3, 2));
        assertArrayEquals(AB, c.toArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Gemm.matmul(Tensor.wrap(A, 2, 3), Tensor.wrap(B, 2, 3)));
        assertTrue(e.getMessage().contains("[2, 3]·[2, 3]"), e.getMessage());
    }

    @Test
    void badArgumentsNameWhatIsWrong() {
        float[] c = new float[4];
        assertMessage("sizes must not be negative", () -> Gemm.sgemm(false, false, -1, 2, 3, 1f, A, 0, 3, B, 0, 2, 0f, c, 0, 2));
        assertMessage("leading dimension of A is 2", () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, A, 0, 2, B, 0, 2, 0f, c, 0, 2));
        assertMessage("B has length 6", () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, A, 0, 3, B, 1, 2, 0f, c, 0, 2));
        assertMessage("C has length 4", () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, A, 0, 3, B, 0, 2, 0f, c, 0, 3));
        assertMessage("offset of A is negative", () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, A, -1, 3, B, 0, 2, 0f, c, 0, 2));
        assertMessage("A is null", () -> Gemm.sgemm(false, false, 2, 2, 3, 1f, null, 0, 3, B, 0, 2, 0f, c, 0, 2));
    }
}
