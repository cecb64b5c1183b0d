package dev.nn.optim;

import dev.nn.core.kernels.ParameterUpdates;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RMSprop: T. Tieleman and G. Hinton, "Lecture 6.5 — RMSProp: Divide the gradient by a running
 * average of its recent magnitude", COURSERA: Neural Networks for Machine Learning, 2012. With the
 * running mean square s (the one state array, zero at first):
 * {@code s = alpha·s + (1 − alpha)·g²; w −= learningRate·g / (√s + ε)}, as in PyTorch's
 * {@code torch.optim.RMSprop} without momentum, centering or weight decay (PyTorch adds ε to the
 * root, not under it as some other libraries do).
 */
final class Rmsprop extends RateRule {
    private final float alpha;
    private final float epsilon;

    Rmsprop(float learningRate, float alpha, float epsilon) {
        super(learningRate);
        Ranges.check("alpha", alpha, 0f, true, 1f);
        Ranges.check("epsilon", epsilon, 0f, false, Float.POSITIVE_INFINITY);
        this.alpha = alpha;
        this.epsilon = epsilon;
    }

    @Override
    public String name() {
        return "rmsprop";
    }

    @Override
    public Map<String, Float> hyperParameters() {
        Map<String, Float> values = new LinkedHashMap<>();
        values.put("learningRate", learningRate());
        values.put("alpha", alpha);
        values.put("epsilon", epsilon);
        return Collections.unmodifiableMap(values);
    }

    @Override
    public List<String> stateNames() {
        return List.of("square_avg"); // s
    }

    @Override
    public void update(int n, float[] w, float[] g, float[][] state) {
        // s = alpha·s + (1 − alpha)·g²; w −= learningRate·g / (√s + ε)
        ParameterUpdates.rmsprop(n, learningRate(), alpha, epsilon, w, g, state[0]);
    }

    @Override
    public String toString() {
        return "rmsprop(" + learningRate() + ")";
    }
}
