package dev.nn.optim;

/**
 * An optimizer's update rule over flat arrays: how one parameter's values change given their
 * gradient and the rule's per-parameter state (velocity, moment estimates). The caller owns the
 * state arrays, {@link #stateArrays()} of them per parameter, each as long as the parameter and
 * zero at first, and hands the same ones to every update of that parameter;
 * {@code dev.nn.Optimizer} wraps a rule into the optimizer a network uses.
 */
public interface UpdateRule {
    /**
     * How many state arrays each parameter needs.
     *
     * @return the count, 0 for a rule without state
     */
    int stateArrays();

    /**
     * Called once per optimizer step, before that step's updates: a rule whose arithmetic depends
     * on the step count (Adam's bias corrections) advances it here. Does nothing by default.
     */
    default void beginStep() {
    }

    /**
     * Updates one parameter in place.
     *
     * @param n the number of values
     * @param w the values, {@code w[0, n)} updated
     * @param g the gradient ∂E/∂w, {@code g[0, n)}
     * @param state the parameter's {@link #stateArrays()} state arrays, updated
     */
    void update(int n, float[] w, float[] g, float[][] state);

    /**
     * Stochastic gradient descent, with momentum unless it is 0; see {@link Sgd}.
     *
     * @param learningRate the step size, above 0
     * @param momentum in [0, 1)
     * @param nesterov whether the step looks ahead along the velocity (Nesterov's form)
     * @return the rule
     * @throws IllegalArgumentException if a value is out of range
     */
    static UpdateRule sgd(float learningRate, float momentum, boolean nesterov) {
        return new Sgd(learningRate, momentum, nesterov);
    }

    /**
     * Adam; see {@link Adam}.
     *
     * @param learningRate the step size, above 0
     * @param beta1 the decay rate of the first-moment estimate, in [0, 1)
     * @param beta2 the decay rate of the second-moment estimate, in [0, 1)
     * @param epsilon added to the root of the second moment, above 0
     * @return the rule
     * @throws IllegalArgumentException if a value is out of range
     */
    static UpdateRule adam(float learningRate, float beta1, float beta2, float epsilon) {
        return new Adam(learningRate, beta1, beta2, epsilon);
    }
}
