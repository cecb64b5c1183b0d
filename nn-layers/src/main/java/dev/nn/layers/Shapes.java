package dev.nn.layers;

import dev.nn.core.Tensor;
import java.util.Arrays;

/** Shape checks shared by the layers, with messages that name the layer and both shapes. */
final class Shapes {
    private Shapes() {
    }

    /** The shape of one sample of a batch tensor: every dimension but the first. */
    static int[] sampleShape(Tensor batch) {
        int[] s = batch.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** Throws unless {@code t} is a batch [batch, sample...] of the given sample shape. */
    static void requireBatchOf(Object layer, String what, Tensor t, int[] sample) {
        if (!isBatchOf(t, sample)) {
            throw new IllegalArgumentException(layer + ": expected " + what + " of shape [batch, "
                    + Arrays.toString(sample).substring(1) + " but got " + Arrays.toString(t.shape()));
        }
    }

    /** Throws unless {@code t} has exactly the shape of {@code like}. */
    static void requireSameShape(Object layer, String what, Tensor t, Tensor like) {
        if (!t.sameShape(like)) {
            throw new IllegalArgumentException(layer + ": expected " + what + " of shape "
                    + Arrays.toString(like.shape()) + " but got " + Arrays.toString(t.shape()));
        }
    }

    // The checks run on every batch, so they compare dimensions in place instead of copying shapes.
    private static boolean isBatchOf(Tensor t, int[] sample) {
        if (t.rank() != sample.length + 1) {
            return false;
        }
        for (int i = 0; i < sample.length; i++) {
            if (t.dim(i + 1) != sample[i]) {
                return false;
            }
        }
        return true;
    }

    /** Throws unless a layer's forward pass ran before its backward pass. */
    static void requireForward(Object layer, Tensor lastInput) {
        if (lastInput == null) {
            throw new IllegalStateException(layer + ": backward called before forward");
        }
    }
}
