package dev.nn;

import dev.nn.core.kernels.Elementwise;
import dev.nn.core.kernels.ParameterUpdates;
import java.util.List;

/** See {@link Optimizer#sgd}, {@link Optimizer#momentum} and {@link Optimizer#nesterov}. */
final class Sgd implements Optimizer {
    private final float learningRate;
    private final float momentum;
    private final boolean nesterov;
    private final OptimizerState velocity = new OptimizerState(1);

    Sgd(float learningRate, float momentum, boolean nesterov) {
        OptimizerState.checkRate("learning rate", learningRate, 0f, false, Float.POSITIVE_INFINITY);
        OptimizerState.checkRate("momentum", momentum, 0f, true, 1f);
        this.learningRate = learningRate;
        this.momentum = momentum;
        this.nesterov = nesterov;
    }

    @Override
    public void step(List<Parameter> parameters) {
        for (int i = 0; i < parameters.size(); i++) { // indexed: an iterator would allocate every step
            Parameter p = parameters.get(i);
            int n = p.size();
            float[] w = p.value().data(), g = p.gradient().data();
            if (momentum == 0f) {
                Elementwise.axpy(n, -learningRate, g, 0, w, 0);
                continue;
            }
            ParameterUpdates.momentum(n, learningRate, momentum, nesterov, w, g, velocity.of(p)[0]);
        }
    }

    @Override
    public String toString() {
        return momentum == 0f ? "sgd(" + learningRate + ")"
                : (nesterov ? "nesterov(" : "momentum(") + learningRate + ", " + momentum + ")";
    }
}
