package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.layers.Layer;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import org.junit.jupiter.api.Test;

/**
 * withRelu() and withMaxPool() compute exactly, to the bit, what the layer followed by
 * Activation(RELU) and MaxPool2D computes: outputs, input gradients and parameter gradients; but
 * for the gradients of a 2×2 pooling after a 3×3 convolution between whole vectors of channels,
 * which Winograd's algorithm computes (then within rounding; see ConvPoolPropertyTest).
 */
class FusedLayerTest {
    @Test
    void denseWithReluEqualsDenseThenActivation() {
        check(new Dense(20, 33).withRelu(), new Dense(20, 33), Tensor.uniform(new Rng(1), -1f, 1f, 5, 20), 0f, relu());
        assertEquals("Dense(20→33, ReLU)", new Dense(20, 33).withRelu().toString());
    }

    @Test
    void conv2dWithReluEqualsConv2dThenActivation() {
        Tensor x = Tensor.uniform(new Rng(2), -1f, 1f, 3, 2, 9, 8);
        check(new Conv2D(2, 4, 3).withRelu(), new Conv2D(2, 4, 3), x, 0f, relu());
        check(new Conv2D(2, 4, 3, 3, 2, 1).withRelu(), new Conv2D(2, 4, 3, 3, 2, 1), x, 0f, relu());
    }

    @Test
    void conv2dWithMaxPoolEqualsConv2dThenMaxPool2D() {
        // The reference network's two layers: 2×2 pooling is fused into the convolution's kernels.
        Tensor images = Tensor.uniform(new Rng(4), 0f, 1f, 3, 1, 28, 28);
        check(new Conv2D(1, 32, 3).withRelu().withMaxPool(2), new Conv2D(1, 32, 3), images, 0f, relu(), new MaxPool2D(2));
        Tensor maps = Tensor.uniform(new Rng(5), -1f, 1f, 5, 32, 13, 13);
        // Winograd's gradients, within rounding: with F(2×2) measured up to 4e-7 of the largest
        // gradient apart; since F(4×4) both forms run the same tiles and agree to the bit here.
        check(new Conv2D(32, 64, 3).withRelu().withMaxPool(2), new Conv2D(32, 64, 3), maps, 4e-6f, relu(),
                new MaxPool2D(2));
        // Without ReLU, with padding; and windows that pool through a buffer (3×3, and after a stride).
        Tensor x = Tensor.uniform(new Rng(6), -1f, 1f, 2, 3, 11, 10);
        check(new Conv2D(3, 5, 3, 3, 1, 1).withMaxPool(2), new Conv2D(3, 5, 3, 3, 1, 1), x, 0f, new MaxPool2D(2));
        check(new Conv2D(3, 5, 3).withRelu().withMaxPool(3), new Conv2D(3, 5, 3), x, 0f, relu(), new MaxPool2D(3));
        check(new Conv2D(3, 5, 3, 3, 2, 1).withRelu().withMaxPool(2), new Conv2D(3, 5, 3, 3, 2, 1), x, 0f, relu(),
                new MaxPool2D(2));
        assertEquals("Conv2D(1→32, 3×3, ReLU, max pool 2×2)", new Conv2D(1, 32, 3).withRelu().withMaxPool(2).toString());
    }

    @Test
    void aPoolThatDoesNotFitIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Conv2D(1, 2, 3).withMaxPool(0));
        Conv2D conv = new Conv2D(1, 2, 3).withMaxPool(4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> conv.outputShape(new int[] {1, 5, 5}));
        assertEquals("Conv2D(1→2, 3×3, max pool 4×4): the 4×4 pooling window does not fit in the convolution's 3×3 output",
                e.getMessage());
    }

    /** expected and actual equal within relative·max|expected| everywhere; to the bit if relative is 0. */
    private static void assertClose(float[] expected, float[] actual, float relative, String what) {
        float largest = 0f;
        for (float e : expected) {
            largest = Math.max(largest, Math.abs(e));
        }
        assertArrayEquals(expected, actual, relative * largest, what);
    }

    private static Layer relu() {
        return new Activation(Activation.Kind.RELU);
    }

    /**
     * The fused layer against the plain one followed by the given layers, from the same initial
     * weights: outputs to the bit, gradients within {@code relative} times their largest
     * magnitude (0: to the bit).
     */
    private static void check(Layer fused, Layer plain, Tensor x, float relative, Layer... after) {
        fused.initialize(new Rng(7));
        plain.initialize(new Rng(7));
        Tensor yFused = fused.forward(x).copy();
        Tensor y = plain.forward(x);
        for (Layer layer : after) {
            y = layer.forward(y);
        }
        assertArrayEquals(y.toArray(), yFused.toArray(), fused + " forward");
        Tensor dy = Tensor.uniform(new Rng(3), -1f, 1f, yFused.shape());
        Tensor dxFused = fused.backward(dy).copy();
        Tensor g = dy;
        for (int i = after.length - 1; i >= 0; i--) {
            g = after[i].backward(g);
        }
        Tensor dxPlain = plain.backward(g);
        assertClose(dxPlain.toArray(), dxFused.toArray(), relative, fused + " input gradient");
        for (int i = 0; i < 2; i++) {
            assertClose(plain.parameters().get(i).gradient().toArray(), fused.parameters().get(i).gradient().toArray(),
                    relative, fused + " " + plain.parameters().get(i).name() + " gradient");
        }
    }
}
