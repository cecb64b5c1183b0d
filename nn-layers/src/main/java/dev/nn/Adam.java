package dev.nn;

import dev.nn.core.kernels.ParameterUpdates;
import java.util.List;

/** See {@link Optimizer#adam}. */
final class Adam implements Optimizer {
    private final float learningRate;
    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final OptimizerState moments = new OptimizerState(2);
    private int steps;

    Adam(float learningRate, float beta1, float beta2, float epsilon) {
        OptimizerState.checkRate("learning rate", learningRate, 0f, false, Float.POSITIVE_INFINITY);
        OptimizerState.checkRate("beta1", beta1, 0f, true, 1f);
        OptimizerState.checkRate("beta2", beta2, 0f, true, 1f);
        OptimizerState.checkRate("epsilon", epsilon, 0f, false, Float.POSITIVE_INFINITY);
        this.learningRate = learningRate;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
    }

    @Override
    public void step(List<Parameter> parameters) {
        steps++;
        // Bias corrections of the zero-initialised moment estimates, folded into the step size.
        float c1 = (float) (1 - Math.pow(beta1, steps));
        float c2 = (float) (1 - Math.pow(beta2, steps));
        float stepSize = (float) (learningRate * Math.sqrt(c2) / c1);
        float eps = (float) (epsilon * Math.sqrt(c2));
        for (int i = 0; i < parameters.size(); i++) { // indexed: an iterator would allocate every step
            Parameter p = parameters.get(i);
            float[][] s = moments.of(p);
            ParameterUpdates.adam(p.size(), stepSize, beta1, beta2, eps, p.value().data(), p.gradient().data(), s[0], s[1]);
        }
    }

    @Override
    public String toString() {
        return "adam(" + learningRate + ")";
    }
}
