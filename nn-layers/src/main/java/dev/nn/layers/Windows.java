package dev.nn.layers;

import dev.nn.core.Tensor;
import dev.nn.core.kernels.Pooling;
import java.util.Arrays;

/** The checks and output shapes shared by the pooling layers, with messages that name the layer. */
final class Windows {
    private Windows() {
    }

    /** Throws unless a pooling layer's window and stride are at least 1; {@code type} names the layer. */
    static void requireWindow(String type, int pool, int stride) {
        if (pool < 1 || stride < 1) {
            throw new IllegalArgumentException(type + " needs a pool and a stride of at least 1, got pool "
                    + pool + ", stride " + stride);
        }
    }

    /** Throws unless {@code inputShape} is [channels, height, width]. */
    static void requireImage(Object layer, int[] inputShape) {
        if (inputShape.length != 3) {
            throw new IllegalArgumentException(layer + " takes inputs of shape [channels, height, width] but got "
                    + Arrays.toString(inputShape));
        }
    }

    /** Throws unless {@code x} is a batch of images [batch, channels, height, width]. */
    static void requireImages(Object layer, Tensor x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(layer + ": expected input of shape [batch, channels, height, width] but got "
                    + Arrays.toString(x.shape()));
        }
    }

    /** Whether {@code x}'s sample shape is {@code sample}, compared in place: it runs on every batch. */
    static boolean sameImages(Tensor x, int[] sample) {
        return sample != null && x.dim(1) == sample[0] && x.dim(2) == sample[1] && x.dim(3) == sample[2];
    }

    /** [channels, outHeight, outWidth] for pool×pool windows {@code stride} apart over an image of {@code inputShape}. */
    static int[] pooledShape(Object layer, int[] inputShape, int pool, int stride) {
        requireImage(layer, inputShape);
        if (pool > inputShape[1] || pool > inputShape[2]) {
            throw new IllegalArgumentException(layer + ": a " + pool + "×" + pool + " window does not fit in inputs of shape "
                    + Arrays.toString(inputShape));
        }
        return new int[] {inputShape[0], Pooling.outputSize(inputShape[1], pool, stride),
            Pooling.outputSize(inputShape[2], pool, stride)};
    }
}
