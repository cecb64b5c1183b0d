package dev.nn;

import dev.nn.layers.Parameter;
import dev.nn.optim.UpdateRule;
import java.util.List;

/**
 * Updates parameters from their gradients, once per batch. An optimizer keeps per-parameter state
 * (momentum, moment estimates), allocated at its first step and reused after.
 *
 * <p>Not thread-safe: an optimizer keeps per-parameter state; a network calls it from its one
 * training thread.
 */
public interface Optimizer {
    /**
     * Updates each parameter's value from its gradient.
     *
     * @param parameters the parameters, in the same order at every step
     */
    void step(List<Parameter> parameters);

    /**
     * The step size.
     *
     * @return the learning rate; NaN for an optimizer without one (the default)
     */
    default float learningRate() {
        return Float.NaN;
    }

    /**
     * Changes the step size from the next step on, keeping the optimizer's state (moments,
     * velocities, step count): what a learning-rate schedule does between steps.
     *
     * @param value the learning rate, above 0
     * @throws IllegalArgumentException if value is not above 0 or is infinite or NaN
     * @throws UnsupportedOperationException for an optimizer without a settable rate (the default)
     */
    default void setLearningRate(float value) {
        throw new UnsupportedOperationException(this + " has no settable learning rate");
    }

    /**
     * Plain gradient descent, the tutorial's update: {@code w −= learningRate·∂E/∂w}.
     *
     * @param learningRate the step size, above 0
     * @return a new optimizer
     * @throws IllegalArgumentException if the learning rate is not above 0 or is infinite or NaN
     */
    static Optimizer sgd(float learningRate) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, 0f, false));
    }

    /**
     * Gradient descent with momentum, as in PyTorch: {@code v = momentum·v + g; w −= learningRate·v}.
     *
     * @param learningRate the step size, above 0
     * @param momentum the decay of the velocity v, in [0, 1)
     * @return a new optimizer
     * @throws IllegalArgumentException if a value is out of its range
     */
    static Optimizer momentum(float learningRate, float momentum) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, momentum, false));
    }

    /**
     * Nesterov momentum, as in PyTorch: {@code v = momentum·v + g; w −= learningRate·(g + momentum·v)}.
     *
     * @param learningRate the step size, above 0
     * @param momentum the decay of the velocity v, in [0, 1)
     * @return a new optimizer
     * @throws IllegalArgumentException if a value is out of its range
     */
    static Optimizer nesterov(float learningRate, float momentum) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, momentum, true));
    }

    /**
     * Adam (Kingma and Ba, 2015) with β1 = 0.9, β2 = 0.999, ε = 1e−8, as in PyTorch:
     * {@code m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; w −= learningRate·m̂ / (√v̂ + ε)} with
     * the bias-corrected estimates {@code m̂ = m / (1 − β1^t)}, {@code v̂ = v / (1 − β2^t)} at step t.
     *
     * @param learningRate the step size, above 0
     * @return a new optimizer
     * @throws IllegalArgumentException if the learning rate is not above 0 or is infinite or NaN
     */
    static Optimizer adam(float learningRate) {
        return new RuleOptimizer(UpdateRule.adam(learningRate, 0.9f, 0.999f, 1e-8f));
    }

    /**
     * Adam with the given decay rates and ε; see {@link #adam(float)}.
     *
     * @param learningRate the step size, above 0
     * @param beta1 the decay rate β1 of the first-moment estimate m, in [0, 1)
     * @param beta2 the decay rate β2 of the second-moment estimate v, in [0, 1)
     * @param epsilon ε, added to √v̂ in the denominator, above 0
     * @return a new optimizer
     * @throws IllegalArgumentException if a value is out of its range
     */
    static Optimizer adam(float learningRate, float beta1, float beta2, float epsilon) {
        return new RuleOptimizer(UpdateRule.adam(learningRate, beta1, beta2, epsilon));
    }
}
