package dev.nn.optim;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer's update rule over flat arrays: how one parameter's values change given their
 * gradient and the rule's per-parameter state (velocity, moment estimates). The caller owns the
 * state arrays, one per {@link #stateNames() name} for each parameter, each as long as the parameter and
 * zero at first, and hands the same ones to every update of that parameter;
 * {@code dev.nn.Optimizer} wraps a rule into the optimizer a network uses.
 */
public interface UpdateRule {
    /**
     * The rule's name, which is also the name of the {@code dev.nn.Optimizer} factory that makes it:
     * {@code "sgd"}, {@code "momentum"}, {@code "nesterov"}, {@code "adam"}, {@code "adamW"} or
     * {@code "rmsprop"}.
     *
     * @return the name
     */
    String name();

    /**
     * The step size the rule scales its updates by.
     *
     * @return the learning rate
     */
    float learningRate();

    /**
     * Changes the step size from the next update on, keeping the rule's state (step count) and the
     * caller's state arrays: a schedule changes it between steps.
     *
     * @param value the learning rate, above 0
     * @throws IllegalArgumentException if value is not above 0 or is infinite or NaN
     */
    void setLearningRate(float value);

    /**
     * The hyper-parameters, which {@link #create} rebuilds the rule from.
     *
     * @return each hyper-parameter by name, in a fixed order, unmodifiable
     */
    Map<String, Float> hyperParameters();

    /**
     * The names of the state arrays each parameter needs, as PyTorch's optimizers name them in
     * their state dict ({@code "momentum_buffer"}; {@code "exp_avg"}, {@code "exp_avg_sq"};
     * {@code "square_avg"}).
     *
     * @return the names, one per state array; empty for a rule without state
     */
    List<String> stateNames();

    /**
     * Called once per optimizer step, before that step's updates: a rule whose arithmetic depends
     * on the step count (Adam's bias corrections) advances it here. Does nothing by default.
     */
    default void beginStep() {
    }

    /**
     * The number of steps the rule has counted, for rules whose arithmetic depends on it.
     *
     * @return the count; 0 for rules that do not count
     */
    default long steps() {
        return 0;
    }

    /**
     * Sets the step count, as a resumed training run continues from a checkpoint's.
     *
     * @param count the number of steps taken
     * @throws IllegalArgumentException if count is negative, or above 0 for a rule that does not count
     */
    default void restoreSteps(long count) {
        if (count != 0) {
            throw new IllegalArgumentException(name() + " counts no steps, but was given " + count);
        }
    }

    /**
     * The rule of the given name with the given hyper-parameters: the inverse of {@link #name()}
     * and {@link #hyperParameters()}.
     *
     * @param name the rule's name
     * @param hyperParameters the rule's hyper-parameters, every one and no other
     * @return a new rule, its step count 0
     * @throws IllegalArgumentException naming an unknown rule, a missing or unexpected
     *     hyper-parameter, or a value out of its range
     */
    static UpdateRule create(String name, Map<String, Float> hyperParameters) {
        // SGD's weight decay is written only when it is not 0, so files from before it still read.
        List<String> required = switch (name) {
            case "sgd" -> List.of("learningRate");
            case "momentum", "nesterov" -> List.of("learningRate", "momentum");
            case "adam" -> List.of("learningRate", "beta1", "beta2", "epsilon");
            case "adamW" -> List.of("learningRate", "beta1", "beta2", "epsilon", "weightDecay");
            case "rmsprop" -> List.of("learningRate", "alpha", "epsilon");
            default -> throw new IllegalArgumentException("unknown optimizer \"" + name
                    + "\": this nn knows sgd, momentum, nesterov, adam, adamW and rmsprop");
        };
        List<String> optional = name.equals("sgd") || name.equals("momentum") || name.equals("nesterov")
                ? List.of("weightDecay") : List.of();
        Set<String> given = new HashSet<>(hyperParameters.keySet());
        given.removeAll(optional);
        if (!given.equals(new HashSet<>(required))) {
            throw new IllegalArgumentException(name + " takes the hyper-parameters " + required
                    + (optional.isEmpty() ? "" : " and optionally " + optional) + " but was given "
                    + hyperParameters.keySet());
        }
        float learningRate = hyperParameters.get("learningRate");
        float weightDecay = hyperParameters.getOrDefault("weightDecay", 0f);
        return switch (name) {
            case "sgd" -> sgd(learningRate, 0f, weightDecay, false);
            case "momentum", "nesterov" -> sgd(learningRate, hyperParameters.get("momentum"), weightDecay,
                    name.equals("nesterov"));
            case "rmsprop" -> rmsprop(learningRate, hyperParameters.get("alpha"), hyperParameters.get("epsilon"));
            case "adamW" -> adamW(learningRate, hyperParameters.get("beta1"), hyperParameters.get("beta2"),
                    hyperParameters.get("epsilon"), weightDecay);
            default -> adam(learningRate, hyperParameters.get("beta1"), hyperParameters.get("beta2"),
                    hyperParameters.get("epsilon"));
        };
    }

    /**
     * Updates one parameter in place.
     *
     * @param n the number of values
     * @param w the values, {@code w[0, n)} updated
     * @param g the gradient ∂E/∂w, {@code g[0, n)}
     * @param state the parameter's state arrays, one per {@link #stateNames() name}, updated
     */
    void update(int n, float[] w, float[] g, float[][] state);

    /**
     * Stochastic gradient descent, with momentum unless it is 0; see {@link Sgd}.
     *
     * @param learningRate the step size, above 0
     * @param momentum in [0, 1)
     * @param weightDecay the L2 weight decay added to the gradient, at least 0
     * @param nesterov whether the step looks ahead along the velocity (Nesterov's form)
     * @return the rule
     * @throws IllegalArgumentException if a value is out of range
     */
    static UpdateRule sgd(float learningRate, float momentum, float weightDecay, boolean nesterov) {
        return new Sgd(learningRate, momentum, weightDecay, nesterov);
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

    /**
     * AdamW, Adam with decoupled weight decay; see {@link AdamW}.
     *
     * @param learningRate the step size, above 0
     * @param beta1 the decay rate of the first-moment estimate, in [0, 1)
     * @param beta2 the decay rate of the second-moment estimate, in [0, 1)
     * @param epsilon added to the root of the second moment, above 0
     * @param weightDecay the fraction of the weights, times the learning rate, taken off each step; at least 0
     * @return the rule
     * @throws IllegalArgumentException if a value is out of range
     */
    static UpdateRule adamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
        return new AdamW(learningRate, beta1, beta2, epsilon, weightDecay);
    }

    /**
     * RMSprop; see {@link Rmsprop}.
     *
     * @param learningRate the step size, above 0
     * @param alpha the decay rate of the running mean square, in [0, 1)
     * @param epsilon added to the root of the mean square, above 0
     * @return the rule
     * @throws IllegalArgumentException if a value is out of range
     */
    static UpdateRule rmsprop(float learningRate, float alpha, float epsilon) {
        return new Rmsprop(learningRate, alpha, epsilon);
    }
}
