package dev.nn;

import dev.nn.core.Tensor;
import dev.nn.data.OneHot;

/** Counts the samples of a batch that a network got right; see {@link Evaluation}. */
final class Accuracy {
    private Accuracy() {
    }

    static int correct(Tensor outputs, Tensor targets) {
        int rows = outputs.dim(0), cols = outputs.size() / rows;
        float[] o = outputs.data(), t = targets.data();
        int right = 0;
        for (int r = 0; r < rows; r++) {
            int base = r * cols;
            boolean ok = cols == 1 ? (o[base] >= 0.5f) == (t[base] >= 0.5f) : OneHot.argmax(o, base, cols) == OneHot.argmax(t, base, cols);
            if (ok) {
                right++;
            }
        }
        return right;
    }
}
