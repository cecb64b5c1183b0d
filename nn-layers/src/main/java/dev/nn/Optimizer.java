package dev.nn;

import dev.nn.optim.UpdateRule;
import java.util.List;

/**
 * Updates parameters from their gradients, once per batch. An optimizer keeps per-parameter state
 * (momentum, moment estimates), allocated at its first step and reused after.
 */
public interface Optimizer {
    /** Updates each parameter's value from its gradient. */
    void step(List<Parameter> parameters);

    /** Plain gradient descent, the tutorial's update: {@code w −= learningRate·∂E/∂w}. */
    static Optimizer sgd(float learningRate) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, 0f, false));
    }

    /**
     * Gradient descent with momentum, as in PyTorch: {@code v = momentum·v + g; w −= learningRate·v}.
     */
    static Optimizer momentum(float learningRate, float momentum) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, momentum, false));
    }

    /**
     * Nesterov momentum, as in PyTorch: {@code v = momentum·v + g; w −= learningRate·(g + momentum·v)}.
     */
    static Optimizer nesterov(float learningRate, float momentum) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, momentum, true));
    }

    /** Adam (Kingma and Ba) with β1 = 0.9, β2 = 0.999, ε = 1e−8. */
    static Optimizer adam(float learningRate) {
        return new RuleOptimizer(UpdateRule.adam(learningRate, 0.9f, 0.999f, 1e-8f));
    }

    /** Adam with the given decay rates and ε. */
    static Optimizer adam(float learningRate, float beta1, float beta2, float epsilon) {
        return new RuleOptimizer(UpdateRule.adam(learningRate, beta1, beta2, epsilon));
    }
}
