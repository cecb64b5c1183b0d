package dev.nn.optim;

/**
 * An update rule scaled by a learning rate that a schedule may change between steps: the rate,
 * checked to be above 0 and finite when set, for the rules that have one.
 */
abstract class RateRule implements UpdateRule {
    private float learningRate;

    RateRule(float learningRate) {
        setLearningRate(learningRate);
    }

    @Override
    public final float learningRate() {
        return learningRate;
    }

    @Override
    public final void setLearningRate(float value) {
        Ranges.check("learning rate", value, 0f, false, Float.POSITIVE_INFINITY);
        learningRate = value;
    }
}
