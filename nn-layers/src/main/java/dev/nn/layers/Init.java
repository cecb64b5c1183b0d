package dev.nn.layers;

import dev.nn.core.Rng;
import java.util.Arrays;

/**
 * How a layer draws its initial weights and biases. fanIn and fanOut count the inputs and outputs
 * that each weight connects (for a convolution: channels × kernel area).
 *
 * <p>Thread-safe: the schemes hold no state (the generator passed in is not thread-safe).
 */
public enum Init {
    /** The tutorial's choice: weights and biases uniform in [−0.5, 0.5). */
    UNIFORM_HALF {
        @Override
        public void initialize(Rng rng, Parameter weights, Parameter bias, int fanIn, int fanOut) {
            uniform(rng, weights, 0.5f);
            uniform(rng, bias, 0.5f);
        }
    },
    /**
     * Glorot/Xavier uniform: weights uniform in ±√(6 / (fanIn + fanOut)), biases zero. Keeps the
     * variance of activations and gradients level through tanh and sigmoid layers.
     */
    XAVIER_UNIFORM {
        @Override
        public void initialize(Rng rng, Parameter weights, Parameter bias, int fanIn, int fanOut) {
            uniform(rng, weights, (float) Math.sqrt(6.0 / (fanIn + fanOut)));
            zero(bias);
        }
    },
    /**
     * He/Kaiming normal: weights normal with deviation √(2 / fanIn), biases zero. Keeps the
     * variance level through ReLU layers, which zero half their inputs.
     */
    HE_NORMAL {
        @Override
        public void initialize(Rng rng, Parameter weights, Parameter bias, int fanIn, int fanOut) {
            rng.fillGaussian(weights.value().data(), 0, weights.size(), 0f, (float) Math.sqrt(2.0 / fanIn));
            zero(bias);
        }
    };

    /**
     * Draws a layer's weights and biases from {@code rng}.
     *
     * @param rng the generator to draw from
     * @param weights the layer's weights, overwritten
     * @param bias the layer's bias, overwritten
     * @param fanIn the number of inputs each output depends on
     * @param fanOut the number of outputs each input feeds
     */
    public abstract void initialize(Rng rng, Parameter weights, Parameter bias, int fanIn, int fanOut);

    private static void uniform(Rng rng, Parameter p, float limit) {
        rng.fillUniform(p.value().data(), 0, p.size(), -limit, limit);
    }

    private static void zero(Parameter p) {
        Arrays.fill(p.value().data(), 0, p.size(), 0f);
    }
}
