package dev.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nn.layers.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Optimizer updates against steps worked out by hand. */
class OptimizerTest {
    @Test
    void sgdStepsAgainstTheGradient() {
        Parameter p = param(new float[] {1, -2}, new float[] {0.5f, -1});
        Optimizer.sgd(0.1f).step(List.of(p));
        assertArrayEquals(new float[] {0.95f, -1.9f}, p.value().toArray(), 1e-7f);
    }

    @Test
    void momentumAccumulatesVelocity() {
        Parameter p = param(new float[] {1}, new float[] {2});
        Optimizer opt = Optimizer.momentum(0.1f, 0.9f);
        opt.step(List.of(p)); // v = 2, w = 1 − 0.2 = 0.8
        opt.step(List.of(p)); // v = 0.9·2 + 2 = 3.8, w = 0.8 − 0.38 = 0.42
        assertArrayEquals(new float[] {0.42f}, p.value().toArray(), 1e-6f);
    }

    @Test
    void nesterovLooksAhead() {
        Parameter p = param(new float[] {1}, new float[] {2});
        Optimizer opt = Optimizer.nesterov(0.1f, 0.9f);
        opt.step(List.of(p)); // v = 2, w = 1 − 0.1·(2 + 0.9·2) = 0.62
        opt.step(List.of(p)); // v = 3.8, w = 0.62 − 0.1·(2 + 0.9·3.8) = 0.078
        assertArrayEquals(new float[] {0.078f}, p.value().toArray(), 1e-6f);
    }

    @Test
    void adamFirstStepIsTheLearningRateAgainstTheSign() {
        // After one step the bias-corrected moments are g and g², so the step is lr·g/(|g| + ε).
        Parameter p = param(new float[] {1, 1}, new float[] {4, -0.01f});
        Optimizer.adam(0.01f).step(List.of(p));
        assertArrayEquals(new float[] {0.99f, 1.01f}, p.value().toArray(), 1e-6f);
    }

    @Test
    void aNewLearningRateTakesEffectAtTheNextStepAndKeepsTheState() {
        // Momentum: v = 2, w = 1 − 0.1·2 = 0.8; then at lr 0.05: v = 3.8, w = 0.8 − 0.05·3.8 = 0.61.
        Parameter p = param(new float[] {1}, new float[] {2});
        Optimizer momentum = Optimizer.momentum(0.1f, 0.9f);
        momentum.step(List.of(p));
        momentum.setLearningRate(0.05f);
        momentum.step(List.of(p));
        assertArrayEquals(new float[] {0.61f}, p.value().toArray(), 1e-6f);
        assertEquals(0.05f, momentum.learningRate());

        // Adam keeps its moments and step count: a rate changed and changed back is no change at all.
        Parameter a = param(new float[] {1, -1}, new float[] {0.3f, -2});
        Parameter b = param(new float[] {1, -1}, new float[] {0.3f, -2});
        Optimizer steady = Optimizer.adam(0.01f), changed = Optimizer.adam(0.01f);
        for (int i = 0; i < 5; i++) {
            steady.step(List.of(a));
            changed.step(List.of(b));
            changed.setLearningRate(0.5f);
            changed.setLearningRate(0.01f);
        }
        assertArrayEquals(a.value().toArray(), b.value().toArray());
        Messages.assertMessage("learning rate must be in (0.0, Infinity) but was 0.0", () -> steady.setLearningRate(0f));
        Optimizer own = parameters -> { };
        assertThrows(UnsupportedOperationException.class, () -> own.setLearningRate(0.1f));
    }

    @Test
    void badHyperParametersAreRejected() {
        Messages.assertMessage("learning rate must be in (0.0, Infinity) but was -1.0", () -> Optimizer.sgd(-1f));
        Messages.assertMessage("momentum must be in [0.0, 1.0) but was 1.0", () -> Optimizer.momentum(0.1f, 1f));
        Messages.assertMessage("beta2 must be in [0.0, 1.0) but was 1.5", () -> Optimizer.adam(0.1f, 0.9f, 1.5f, 1e-8f));
        assertThrows(IllegalArgumentException.class, () -> Optimizer.adam(Float.NaN));
        Messages.assertMessage("weight decay must be in [0.0, Infinity) but was -0.1", () -> Optimizer.adamW(0.1f, -0.1f));
        Messages.assertMessage("weight decay must be in [0.0, Infinity) but was NaN",
                () -> Optimizer.sgd(0.1f, 0.9f, Float.NaN));
        Messages.assertMessage("beta1 must be in [0.0, 1.0) but was 1.0",
                () -> Optimizer.adamW(0.1f, 1f, 0.999f, 1e-8f, 0.01f));
        Messages.assertMessage("alpha must be in [0.0, 1.0) but was 1.0", () -> Optimizer.rmsprop(0.01f, 1f, 1e-8f));
        Messages.assertMessage("epsilon must be in (0.0, Infinity) but was 0.0", () -> Optimizer.rmsprop(0.01f, 0.9f, 0f));
        Messages.assertMessage("learning rate must be in (0.0, Infinity) but was 0.0", () -> Optimizer.rmsprop(0f));
        Messages.assertMessage("the largest gradient norm must be in (0.0, Infinity) but was 0.0",
                () -> Optimizer.sgd(0.1f).clipGradientNorm(0f));
        Messages.assertMessage("the largest gradient value must be in (0.0, Infinity) but was Infinity",
                () -> Optimizer.sgd(0.1f).clipGradientValue(Float.POSITIVE_INFINITY));
        Optimizer own = parameters -> { };
        assertThrows(UnsupportedOperationException.class, () -> own.clipGradientNorm(1f));
    }

    @Test
    void adamWFirstStepShrinksTheWeightsThenTakesAdamsStep() {
        // w = (1 − 0.1·0.5)·w = 0.95·w, then Adam's first step: lr·g/(|g| + ε) ≈ ±lr.
        Parameter p = param(new float[] {2, -1}, new float[] {4, -0.01f});
        Optimizer.adamW(0.1f, 0.5f).step(List.of(p));
        assertArrayEquals(new float[] {1.9f - 0.1f, -0.95f + 0.1f}, p.value().toArray(), 1e-6f);
    }

    @Test
    void rmspropFirstStepDividesByTheRootOfTheDecayedSquare() {
        // s = (1 − 0.9)·g² = 0.1·g², so the step is lr·g/(√0.1·|g| + ε) = ±lr/√0.1.
        Parameter p = param(new float[] {1, 1}, new float[] {3, -0.5f});
        Optimizer.rmsprop(0.01f, 0.9f, 1e-8f).step(List.of(p));
        float step = (float) (0.01 / Math.sqrt(0.1));
        assertArrayEquals(new float[] {1 - step, 1 + step}, p.value().toArray(), 1e-6f);
    }

    @Test
    void clippingByNormScalesAllGradientsTogetherOnlyWhenAboveTheLimit() {
        // Gradients (3) and (4): global norm 5, limit 1: both scaled by 1/(5 + 1e-6), then w −= 1·g.
        Parameter a = param(new float[] {0}, new float[] {3}), b = param(new float[] {0}, new float[] {4});
        Optimizer.sgd(1f).clipGradientNorm(1f).step(List.of(a, b));
        assertArrayEquals(new float[] {-0.6f}, a.value().toArray(), 1e-6f);
        assertArrayEquals(new float[] {-0.8f}, b.value().toArray(), 1e-6f);
        // Norm 5 under a limit of 10: unchanged.
        Parameter c = param(new float[] {0}, new float[] {3}), d = param(new float[] {0}, new float[] {4});
        Optimizer.sgd(1f).clipGradientNorm(10f).step(List.of(c, d));
        assertArrayEquals(new float[] {-3f}, c.value().toArray());
        assertArrayEquals(new float[] {-4f}, d.value().toArray());
    }

    private static Parameter param(float[] value, float[] gradient) {
        Parameter p = new Parameter("p", value.length);
        System.arraycopy(value, 0, p.value().data(), 0, value.length);
        System.arraycopy(gradient, 0, p.gradient().data(), 0, gradient.length);
        return p;
    }
}
