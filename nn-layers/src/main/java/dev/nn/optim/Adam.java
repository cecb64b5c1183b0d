package dev.nn.optim;

import dev.nn.core.kernels.ParameterUpdates;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam: D. P. Kingma and J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015
 * (arXiv:1412.6980). With moment estimates m and v (the two state arrays, zero at first) and step
 * count t: {@code m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²;
 * w −= learningRate·m̂ / (√v̂ + ε)} with the bias-corrected {@code m̂ = m / (1 − β1^t)} and
 * {@code v̂ = v / (1 − β2^t)}, as in PyTorch's {@code torch.optim.Adam}.
 *
 * <p>The corrections are folded into two scalars per step, as the paper's section 2 suggests:
 * {@code learningRate·m̂ / (√v̂ + ε) = stepSize·m / (√v + ε')} with
 * {@code stepSize = learningRate·√(1 − β2^t) / (1 − β1^t)} and {@code ε' = ε·√(1 − β2^t)}, so that
 * the kernel's pass over the values does no division by the corrections.
 */
final class Adam extends RateRule {
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private int steps;      // t, counted by beginStep
    private float stepSize; // of the current step
    private float eps;      // ε' of the current step

    Adam(float learningRate, float beta1, float beta2, float epsilon) {
        super(learningRate);
        Ranges.check("beta1", beta1, 0f, true, 1f);
        Ranges.check("beta2", beta2, 0f, true, 1f);
        Ranges.check("epsilon", epsilon, 0f, false, Float.POSITIVE_INFINITY);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "adam";
    }

    @Override
    public Map<String, Float> hyperParameters() {
        Map<String, Float> values = new LinkedHashMap<>();
        values.put("learningRate", learningRate());
        values.put("beta1", beta1);
        values.put("beta2", beta2);
        values.put("epsilon", epsilon);
        return Collections.unmodifiableMap(values);
    }

    @Override
    public List<String> stateNames() {
        return List.of("exp_avg", "exp_avg_sq"); // m and v
    }

    @Override
    public long steps() {
        return steps;
    }

    @Override
    public void restoreSteps(long count) {
        if (count < 0 || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("adam: a step count must be in [0, " + Integer.MAX_VALUE + "] but was " + count);
        }
        steps = (int) count;
    }

    @Override
    public void beginStep() {
        steps++;
        float c1 = (float) (1 - Math.pow(beta1, steps));
        float c2 = (float) (1 - Math.pow(beta2, steps));
        stepSize = (float) (learningRate() * Math.sqrt(c2) / c1);
        eps = (float) (epsilon * Math.sqrt(c2));
    }

    @Override
    public void update(int n, float[] w, float[] g, float[][] state) {
        update(n, 1f, w, g, state);
    }

    /** Adam's update after scaling the weights by decay: AdamW's (1 for Adam's own). */
    void update(int n, float decay, float[] w, float[] g, float[][] state) {
        // w = decay·w; m = β1·m + (1 − β1)·g; v = β2·v + (1 − β2)·g²; w −= stepSize·m / (√v + ε')
        ParameterUpdates.adam(n, decay, stepSize, beta1, beta2, eps, w, g, state[0], state[1]);
    }

    @Override
    public String toString() {
        return "adam(" + learningRate() + ")";
    }
}
