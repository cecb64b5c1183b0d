package dev.nn.data;

import dev.nn.core.Tensor;
import java.util.Arrays;

/**
 * Class labels to one-hot vectors and class scores back to labels.
 *
 * <p>Thread-safe: the methods hold no state.
 */
public final class OneHot {
    private OneHot() {
    }

    /**
     * One row per label, all zeros but a 1 in the label's column: labels [N] or [N, 1] holding
     * integer-valued floats become [N, classes].
     *
     * @param labels the labels, [N] or [N, 1]
     * @param classes the number of classes
     * @return a new tensor [N, classes]
     * @throws IllegalArgumentException if the labels have another shape, {@code classes < 1}, or a
     *     label is not an integer in [0, classes); the message names its index and value
     */
    public static Tensor encode(Tensor labels, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("number of classes must be at least 1, got " + classes);
        }
        if (labels.rank() > 2 || labels.rank() == 2 && labels.dim(1) != 1) {
            throw new IllegalArgumentException("expected labels of shape [N] or [N, 1] but got "
                    + Arrays.toString(labels.shape()));
        }
        int n = labels.dim(0);
        float[] in = labels.data();
        Tensor out = Tensor.zeros(n, classes);
        float[] o = out.data();
        for (int i = 0; i < n; i++) {
            float v = in[i];
            // The cast truncates, so a fractional value or NaN comes back different and is refused.
            int c = (int) v;
            if (c != v || c < 0 || c >= classes) {
                throw new IllegalArgumentException("label " + i + " is " + v + ", expected an integer in [0, "
                        + classes + ")");
            }
            o[i * classes + c] = 1f;
        }
        return out;
    }

    /**
     * The position of the largest of {@code a[offset .. offset+n)}, from 0 to n-1: the class a row
     * of scores predicts. The first of equal maxima wins; NaN values are skipped (0 if all are NaN).
     *
     * @param a the array holding the row
     * @param offset where the row starts
     * @param n the row's length
     * @return the position of the maximum within the row
     * @throws IllegalArgumentException if {@code n < 1} or the range is outside the array
     */
    public static int argmax(float[] a, int offset, int n) {
        if (n < 1 || offset < 0 || offset > a.length - n) {
            throw new IllegalArgumentException("range [" + offset + ", " + offset + " + " + n
                    + ") must be non-empty and inside an array of length " + a.length);
        }
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            float v = a[offset + i];
            // The second test takes the first number even if it is -Infinity; NaN fails both.
            if (v > max || best < 0 && !Float.isNaN(v)) {
                max = v;
                best = i;
            }
        }
        return Math.max(best, 0);
    }
}
