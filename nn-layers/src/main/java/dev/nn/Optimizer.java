package dev.nn;

import dev.nn.layers.Parameter;
import dev.nn.optim.UpdateRule;
import java.util.List;

/**
 * Updates parameters from their gradients, once per batch. An optimizer keeps per-parameter state
 * (momentum, moment estimates), allocated at its first step and reused after. nn's optimizers can
 * also clip the gradients before each update: {@code Optimizer.adamW(1e-3f, 0.01f).clipGradientNorm(1f)}.
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
     * A copy of this optimizer's state for the parameters: its step count and each parameter's
     * state arrays, what a checkpoint saves of it. With {@link #setState} it lets training move
     * elsewhere and on, e.g. the state of several copies of a network averaged into one (nn-spark).
     * A parameter the optimizer has not stepped yet has zero arrays.
     *
     * @param parameters the parameters, e.g. {@link Network#parameters()}
     * @return the state, of which the optimizer keeps no reference
     * @throws UnsupportedOperationException for an optimizer that is not one of nn's (the default)
     */
    default State state(List<Parameter> parameters) {
        throw new UnsupportedOperationException(this + " does not give out its state");
    }

    /**
     * Sets this optimizer's state for the parameters to copies of the given one, as from
     * {@link #state} of an optimizer of the same kind: the next step continues from it as the
     * optimizer it came from would have. Checks everything before changing anything.
     *
     * @param parameters the parameters, in the order of the state's arrays
     * @param state the step count and each parameter's arrays
     * @throws IllegalArgumentException if the state has arrays for another number of parameters,
     *     another number of arrays per parameter than this optimizer keeps, an array of another
     *     length than its parameter, or a step count this optimizer cannot take (negative, or above
     *     0 for one that counts no steps); the message says which
     * @throws UnsupportedOperationException for an optimizer that is not one of nn's (the default)
     */
    default void setState(List<Parameter> parameters, State state) {
        throw new UnsupportedOperationException(this + " cannot take a state");
    }

    /**
     * An optimizer's state for a list of parameters, as {@link #state} gives it.
     *
     * @param steps the steps the optimizer has counted, for an update rule whose arithmetic depends
     *     on the count (Adam's and AdamW's bias corrections); 0 for the others
     * @param arrays per parameter, in the list's order, its state arrays, each as long as the
     *     parameter and laid out as its values: the velocity for momentum and Nesterov; the moment
     *     estimates m then v for Adam and AdamW; the running mean square for RMSprop; none for plain
     *     SGD
     */
    record State(long steps, List<float[][]> arrays) {
        /**
         * The state, its list copied (the arrays are not).
         *
         * @param steps the step count
         * @param arrays per parameter, its state arrays
         * @throws IllegalArgumentException if arrays is null
         */
        public State {
            if (arrays == null) {
                throw new IllegalArgumentException("the state's arrays are null");
            }
            arrays = List.copyOf(arrays);
        }
    }

    /**
     * Makes this optimizer clip the gradients by their global norm before each update, as PyTorch's
     * {@code torch.nn.utils.clip_grad_norm_(parameters, maxNorm)} does before {@code step()}: all
     * gradients are scaled by {@code maxNorm / (total + 1e−6)} when that is below 1, where total is
     * the norm of all of them together, {@code √(Σ g²)} over every value of every parameter (Pascanu,
     * Mikolov and Bengio, 2013). Replaces any clipping set before; a checkpoint keeps it.
     *
     * @param maxNorm the largest global norm, above 0 and finite
     * @return this optimizer
     * @throws IllegalArgumentException if maxNorm is out of range
     * @throws UnsupportedOperationException for an optimizer that is not one of nn's (the default)
     */
    default Optimizer clipGradientNorm(float maxNorm) {
        throw new UnsupportedOperationException(this + " cannot clip gradients");
    }

    /**
     * Makes this optimizer clip every gradient value to {@code [−limit, limit]} before each update,
     * as PyTorch's {@code torch.nn.utils.clip_grad_value_(parameters, limit)} does before
     * {@code step()}. Replaces any clipping set before; a checkpoint keeps it.
     *
     * @param limit the largest magnitude of a gradient value, above 0 and finite
     * @return this optimizer
     * @throws IllegalArgumentException if limit is out of range
     * @throws UnsupportedOperationException for an optimizer that is not one of nn's (the default)
     */
    default Optimizer clipGradientValue(float limit) {
        throw new UnsupportedOperationException(this + " cannot clip gradients");
    }

    /**
     * Plain gradient descent, the tutorial's update: {@code w −= learningRate·∂E/∂w}.
     *
     * @param learningRate the step size, above 0
     * @return a new optimizer
     * @throws IllegalArgumentException if the learning rate is not above 0 or is infinite or NaN
     */
    static Optimizer sgd(float learningRate) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, 0f, 0f, false));
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
        return new RuleOptimizer(UpdateRule.sgd(learningRate, momentum, 0f, false));
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
        return new RuleOptimizer(UpdateRule.sgd(learningRate, momentum, 0f, true));
    }

    /**
     * Stochastic gradient descent with momentum and L2 weight decay, as PyTorch's
     * {@code torch.optim.SGD(params, lr, momentum, weight_decay=weightDecay)}: with
     * {@code d = g + weightDecay·w}, {@code v = momentum·v + d; w −= learningRate·v}, or
     * {@code w −= learningRate·d} when momentum is 0.
     *
     * @param learningRate the step size, above 0
     * @param momentum the decay of the velocity v, in [0, 1); 0 for plain descent
     * @param weightDecay the factor of the weights added to their gradient, at least 0
     * @return a new optimizer
     * @throws IllegalArgumentException if a value is out of its range
     */
    static Optimizer sgd(float learningRate, float momentum, float weightDecay) {
        return new RuleOptimizer(UpdateRule.sgd(learningRate, momentum, weightDecay, false));
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

    /**
     * AdamW, Adam with decoupled weight decay (Loshchilov and Hutter, 2019), with β1 = 0.9,
     * β2 = 0.999, ε = 1e−8, as PyTorch's {@code torch.optim.AdamW(params, lr, weight_decay=weightDecay)}:
     * each step first shrinks the weights, {@code w = (1 − learningRate·weightDecay)·w}, then takes
     * {@link #adam(float) Adam's} step.
     *
     * @param learningRate the step size, above 0
     * @param weightDecay the decay, at least 0 (PyTorch's default is 0.01)
     * @return a new optimizer
     * @throws IllegalArgumentException if a value is out of its range
     */
    static Optimizer adamW(float learningRate, float weightDecay) {
        return new RuleOptimizer(UpdateRule.adamW(learningRate, 0.9f, 0.999f, 1e-8f, weightDecay));
    }

    /**
     * AdamW with the given decay rates and ε; see {@link #adamW(float, float)}.
     *
     * @param learningRate the step size, above 0
     * @param beta1 the decay rate β1 of the first-moment estimate m, in [0, 1)
     * @param beta2 the decay rate β2 of the second-moment estimate v, in [0, 1)
     * @param epsilon ε, added to √v̂ in the denominator, above 0
     * @param weightDecay the decay, at least 0
     * @return a new optimizer
     * @throws IllegalArgumentException if a value is out of its range
     */
    static Optimizer adamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
        return new RuleOptimizer(UpdateRule.adamW(learningRate, beta1, beta2, epsilon, weightDecay));
    }

    /**
     * RMSprop (Tieleman and Hinton, 2012) with α = 0.99, ε = 1e−8, as PyTorch's
     * {@code torch.optim.RMSprop(params, lr)}: {@code s = α·s + (1 − α)·g²; w −= learningRate·g / (√s + ε)}.
     *
     * @param learningRate the step size, above 0 (PyTorch's default is 0.01)
     * @return a new optimizer
     * @throws IllegalArgumentException if the learning rate is not above 0 or is infinite or NaN
     */
    static Optimizer rmsprop(float learningRate) {
        return new RuleOptimizer(UpdateRule.rmsprop(learningRate, 0.99f, 1e-8f));
    }

    /**
     * RMSprop with the given decay rate and ε; see {@link #rmsprop(float)}.
     *
     * @param learningRate the step size, above 0
     * @param alpha the decay rate α of the running mean square s, in [0, 1)
     * @param epsilon ε, added to √s in the denominator, above 0
     * @return a new optimizer
     * @throws IllegalArgumentException if a value is out of its range
     */
    static Optimizer rmsprop(float learningRate, float alpha, float epsilon) {
        return new RuleOptimizer(UpdateRule.rmsprop(learningRate, alpha, epsilon));
    }
}
