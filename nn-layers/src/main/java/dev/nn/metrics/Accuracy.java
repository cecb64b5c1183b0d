package dev.nn.metrics;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Elementwise;
import dev.nn.data.OneHot;
import java.util.Arrays;

/**
 * Accuracy: how many samples of a batch a network got right. A sample is right when its largest
 * output is at the position of its largest target value ({@link OneHot#argmax}: the first of equal
 * maxima), or, for a single output per sample, when output and target are on the same side of 0.5.
 * A sample whose outputs hold a NaN or an infinity is never right: it names no class.
 *
 * <p>Thread-safe: the methods hold no state.
 */
public final class Accuracy {
    private Accuracy() {
    }

    /**
     * Counts the right samples of a batch.
     *
     * @param outputs the network's outputs, [batch, ...]
     * @param targets the targets, of the same shape
     * @return how many of the batch's samples are right, from 0 to the batch size
     * @throws IllegalArgumentException if the shapes differ
     */
    public static int correct(Tensor outputs, Tensor targets) {
        if (!outputs.sameShape(targets)) {
            throw new IllegalArgumentException("accuracy: outputs " + Arrays.toString(outputs.shape())
                    + " and targets " + Arrays.toString(targets.shape()) + " differ in shape");
        }
        int rows = outputs.dim(0), cols = outputs.size() / rows;
        float[] o = outputs.data(), t = targets.data();
        int right = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            boolean ok = Elementwise.firstNonFinite(cols, o, base) < 0 && (cols == 1 ? (o[base] >= 0.5f) == (t[base] >= 0.5f) : OneHot.argmax(o, base, cols) == OneHot.argmax(t, base, cols));
            if (ok) {
                right++;
            }
        }
        return right;
    }
}
