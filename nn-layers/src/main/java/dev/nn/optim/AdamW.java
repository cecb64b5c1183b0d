package dev.nn.optim;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW, Adam with decoupled weight decay: I. Loshchilov and F. Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019 (arXiv:1711.05101). Each step first shrinks the weights,
 * {@code w = (1 − learningRate·weightDecay)·w}, then takes {@link Adam}'s step on the gradient
 * alone, in this order and with the decay scaled by the learning rate as in PyTorch's
 * {@code torch.optim.AdamW} (the paper's schedule multiplier η is the learning rate). Unlike an L2
 * penalty added to the gradient, the decay does not pass through Adam's normalization by √v̂, so
 * every weight decays at the same rate.
 */
final class AdamW implements UpdateRule {
    private final Adam adam;
    private final float weightDecay;

    AdamW(float learningRate, float beta1, float beta2, float epsilon, float weightDecay) {
        this.adam = new Adam(learningRate, beta1, beta2, epsilon);
        Ranges.check("weight decay", weightDecay, 0f, true, Float.POSITIVE_INFINITY);
        this.weightDecay = weightDecay;
    }

    @Override
    public String name() {
        return "adamW";
    }

    @Override
    public float learningRate() {
        return adam.learningRate();
    }

    @Override
    public void setLearningRate(float value) {
        adam.setLearningRate(value);
    }

    @Override
    public Map<String, Float> hyperParameters() {
        Map<String, Float> values = new LinkedHashMap<>(adam.hyperParameters());
        values.put("weightDecay", weightDecay);
        return Collections.unmodifiableMap(values);
    }

    @Override
    public List<String> stateNames() {
        return adam.stateNames();
    }

    @Override
    public long steps() {
        return adam.steps();
    }

    @Override
    public void restoreSteps(long count) {
        adam.restoreSteps(count);
    }

    @Override
    public void beginStep() {
        adam.beginStep();
    }

    @Override
    public void update(int n, float[] w, float[] g, float[][] state) {
        // w = (1 − learningRate·weightDecay)·w, then Adam's step, fused into one pass
        adam.update(n, (float) (1 - (double) adam.learningRate() * weightDecay), w, g, state);
    }

    @Override
    public String toString() {
        return "adamW(" + adam.learningRate() + ", weightDecay " + weightDecay + ")";
    }
}
