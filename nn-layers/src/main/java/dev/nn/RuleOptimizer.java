package dev.nn;

import dev.nn.core.Tensor;
import dev.nn.layers.Parameter;
import dev.nn.optim.GradientClipping;
import dev.nn.optim.UpdateRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@link Optimizer} around an update rule: it owns each parameter's state arrays (velocity,
 * moments), created at the parameter's first step and reused after, and applies the rule to every
 * parameter, in order, once per step, after clipping all the gradients if it clips.
 */
final class RuleOptimizer implements Optimizer {
    private static final float[][] NO_STATE = new float[0][];

    private final UpdateRule rule;
    private final Map<Parameter, float[][]> state = new IdentityHashMap<>();
    private GradientClipping clipping; // null for none
    // The clipping's view of the step's gradients, kept between steps so that a step allocates nothing.
    private float[][] gradients = new float[0][];
    private int[] sizes = new int[0];

    RuleOptimizer(UpdateRule rule) {
        this.rule = rule;
    }

    @Override
    public void step(List<Parameter> parameters) {
        if (clipping != null) {
            clipping.clip(gradients(parameters), sizes);
        }
        rule.beginStep();
        for (int i = 0; i < parameters.size(); i++) { // indexed: an iterator would allocate every step
            Parameter p = parameters.get(i);
            rule.update(p.size(), p.value().data(), p.gradient().data(), stateOf(p));
        }
    }

    @Override
    public float learningRate() {
        return rule.learningRate();
    }

    @Override
    public void setLearningRate(float value) {
        rule.setLearningRate(value);
    }

    @Override
    public Optimizer clipGradientNorm(float maxNorm) {
        clipping = GradientClipping.byNorm(maxNorm);
        return this;
    }

    @Override
    public Optimizer clipGradientValue(float limit) {
        clipping = GradientClipping.byValue(limit);
        return this;
    }

    @Override
    public State state(List<Parameter> parameters) {
        List<float[][]> arrays = new ArrayList<>(parameters.size());
        for (Parameter p : parameters) {
            float[][] s = stateOf(p);
            float[][] copy = new float[s.length][];
            for (int i = 0; i < s.length; i++) {
                copy[i] = Arrays.copyOf(s[i], p.size());
            }
            arrays.add(copy);
        }
        return new State(rule.steps(), arrays);
    }

    @Override
    public void setState(List<Parameter> parameters, State state) {
        checkFits(parameters, state);
        rule.restoreSteps(state.steps()); // checks the count before it changes anything
        for (int i = 0; i < parameters.size(); i++) {
            restoreState(parameters.get(i), state.arrays().get(i));
        }
    }

    /** Throws unless the state holds, for each parameter, one array of its length per state name. */
    private void checkFits(List<Parameter> parameters, State state) {
        if (state.arrays().size() != parameters.size()) {
            throw new IllegalArgumentException(rule + ": a state of " + state.arrays().size()
                    + " parameters' arrays does not fit " + parameters.size() + " parameters");
        }
        List<String> names = rule.stateNames();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            float[][] arrays = state.arrays().get(i);
            if (arrays.length != names.size()) {
                throw new IllegalArgumentException(rule + " keeps " + names.size() + " arrays per parameter " + names
                        + ", but the state gives parameter " + i + " (" + p.name() + ") " + arrays.length);
            }
            for (int s = 0; s < arrays.length; s++) {
                if (arrays[s].length != p.size()) {
                    throw new IllegalArgumentException(rule + ": parameter " + i + " (" + p.name() + ") has "
                            + p.size() + " values, but its " + names.get(s) + " array in the state " + arrays[s].length);
                }
            }
        }
    }

    UpdateRule rule() {
        return rule;
    }

    /** The clipping, or null for none. */
    GradientClipping clipping() {
        return clipping;
    }

    /** Sets the clipping, as a checkpoint saved it; null for none. */
    void restoreClipping(GradientClipping value) {
        clipping = value;
    }

    /** The gradients of the parameters, into {@link #gradients} and {@link #sizes}. */
    private float[][] gradients(List<Parameter> parameters) {
        int count = parameters.size();
        if (gradients.length != count) {
            gradients = new float[count][];
            sizes = new int[count];
        }
        for (int i = 0; i < count; i++) {
            Parameter p = parameters.get(i);
            gradients[i] = p.gradient().data();
            sizes[i] = p.size();
        }
        return gradients;
    }

    /** Sets the state arrays of {@code p} to copies of {@code values}. */
    private void restoreState(Parameter p, float[][] values) {
        float[][] s = stateOf(p);
        for (int i = 0; i < s.length; i++) {
            System.arraycopy(values[i], 0, s[i], 0, p.size());
        }
    }

    /** The state arrays of {@code p}, zero at first. */
    float[][] stateOf(Parameter p) {
        int arrays = rule.stateNames().size();
        if (arrays == 0) {
            return NO_STATE;
        }
        float[][] s = state.get(p);
        if (s == null) {
            // Tensors' arrays, which end with the slack that keeps the kernels' last masked vector
            // on the Vector API's fast path (a plain float[p.size()] made each step allocate).
            s = new float[arrays][];
            for (int i = 0; i < arrays; i++) {
                s[i] = Tensor.zeros(p.size()).data();
            }
            state.put(p, s);
        }
        return s;
    }

    @Override
    public String toString() {
        return clipping == null ? rule.toString() : rule + "." + clipping;
    }
}
