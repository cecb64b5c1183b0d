package dev.nn;

import dev.nn.core.Tensor;

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
            boolean ok = cols == 1 ? (o[base] >= 0.5f) == (t[base] >= 0.5f) : argmax(o, base, cols) == argmax(t, base, cols);
            if (ok) {
                right++;
            }
        }
        return right;
    }

    private static int argmax(float[] a, int offset, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (a[offset + i] > a[offset + best]) {
                best = i;
            }
        }
        return best;
    }
}
