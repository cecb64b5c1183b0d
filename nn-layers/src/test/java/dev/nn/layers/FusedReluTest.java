package dev.nn.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nn.Layer;
import dev.nn.core.Rng;
import dev.nn.core.Tensor;
import org.junit.jupiter.api.Test;

/** withRelu() computes exactly what the layer followed by Activation(RELU) computes. */
class FusedReluTest {
    @Test
    void denseWithReluEqualsDenseThenActivation() {
        check(new Dense(20, 33).withRelu(), new Dense(20, 33), Tensor.uniform(new Rng(1), -1f, 1f, 5, 20));
        assertEquals("Dense(20→33, ReLU)", new Dense(20, 33).withRelu().toString());
    }

    @Test
    void conv2dWithReluEqualsConv2dThenActivation() {
        Tensor x = Tensor.uniform(new Rng(2), -1f, 1f, 3, 2, 9, 8);
        check(new Conv2D(2, 4, 3).withRelu(), new Conv2D(2, 4, 3), x);
        check(new Conv2D(2, 4, 3, 3, 2, 1).withRelu(), new Conv2D(2, 4, 3, 3, 2, 1), x);
    }

    private static void check(WeightedLayer fused, WeightedLayer plain, Tensor x) {
        fused.initialize(new Rng(7));
        plain.initialize(new Rng(7));
        Layer relu = new Activation(Activation.Kind.RELU);
        Tensor yFused = fused.forward(x).copy();
        Tensor yPlain = relu.forward(plain.forward(x)).copy();
        assertArrayEquals(yPlain.toArray(), yFused.toArray(), "forward");
        Tensor dy = Tensor.uniform(new Rng(3), -1f, 1f, yFused.shape());
        Tensor dxFused = fused.backward(dy).copy();
        Tensor dxPlain = plain.backward(relu.backward(dy)).copy();
        assertArrayEquals(dxPlain.toArray(), dxFused.toArray(), "input gradient");
        for (int i = 0; i < 2; i++) {
            assertArrayEquals(plain.parameters().get(i).gradient().toArray(), fused.parameters().get(i).gradient().toArray(),
                    plain.parameters().get(i).name() + " gradient");
        }
    }
}
